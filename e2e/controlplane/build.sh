#!/usr/bin/env bash
# Builds the local cluster's control plane (kube-apiserver, kube-controller-manager, kube-scheduler and
# a kubectl of the same version from k8s.io/kubernetes, etcd from go.etcd.io/etcd) into the cache DESIGN.md names, once:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/isopool/controlplane/<version>/
# Prints that directory on stdout when done; progress and errors go to stderr.
# Exit status: 0 built or reused, 3 no Go toolchain new enough (callers may fall back), 1 build failed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The pinned versions: go.mod and etcd/go.mod are the source of truth, these names only label the cache.
required() {  # $1: module path, $2: go.mod; the version it requires (one-line or block form)
  awk -v m="$1" '$1 == "replace" { next } { for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit } }' "$2"
}
KUBE_VERSION="$(required k8s.io/kubernetes "$HERE/go.mod")"
ETCD_VERSION="$(required go.etcd.io/etcd/server/v3 "$HERE/etcd/go.mod")"
GO_MIN="$(awk '$1 == "go" {print $2}' "$HERE/go.mod")"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd)

usage() {
  cat <<USAGE
usage: e2e/controlplane/build.sh [--print-dir] [--check]
  builds kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBE_VERSION and etcd $ETCD_VERSION
  with Go >= $GO_MIN into the cache (first run: about 8 min on 2 cores), reuses it afterwards.
  --print-dir  print the cache directory and exit (nothing built)
  --check      exit 0 when the cache holds this build, 2 when it does not (nothing built)
USAGE
}

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/isopool/controlplane/$KUBE_VERSION"
# What the binaries are built from: a change to any of it is a new build.
stamp() {
  (cd "$HERE" && cat go.mod go.sum etcd/go.mod etcd/go.sum build.sh cmd/*/main.go etcd/main.go) | sha256sum | cut -c1-16
}
have_build() {
  [ -f "$CACHE/.stamp" ] && [ "$(cat "$CACHE/.stamp")" = "$(stamp)" ] || return 1
  for b in "${BINARIES[@]}"; do [ -x "$CACHE/$b" ] || return 1; done
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --print-dir) echo "$CACHE"; exit 0 ;;
  --check) have_build && exit 0 || exit 2 ;;
  "") ;;
  *) echo "build.sh: unknown argument '$1'" >&2; usage >&2; exit 1 ;;
esac

if have_build; then
  echo "controlplane: reusing $KUBE_VERSION + etcd $ETCD_VERSION from $CACHE" >&2
  echo "$CACHE"
  exit 0
fi

# Go new enough for k8s.io/kubernetes' own go.mod ("go $GO_MIN"). GOTOOLCHAIN=local: an older Go
# must say so here instead of fetching a newer toolchain behind the user's back.
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
if ! command -v go >/dev/null 2>&1; then
  echo "controlplane: no Go toolchain on the PATH; building Kubernetes $KUBE_VERSION needs Go >= $GO_MIN (https://go.dev/dl/)" >&2
  exit 3
fi
GO_HAVE="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n%s\n' "$GO_MIN" "$GO_HAVE" | sort -V | head -1)" != "$GO_MIN" ]; then
  echo "controlplane: $(command -v go) is Go $GO_HAVE; building Kubernetes $KUBE_VERSION needs Go >= $GO_MIN (https://go.dev/dl/)" >&2
  exit 3
fi

KUBE_MINOR="$(echo "$KUBE_VERSION" | cut -d. -f2)"
V=k8s.io/component-base/version
C=k8s.io/client-go/pkg/version
# Without these /version reports v0.0.0-master and kubectl warns about version skew; kubectl's own
# version (kubectl version --client) comes from client-go's copy.
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
LDFLAGS="-s -w"
for P in $V $C; do
  LDFLAGS="$LDFLAGS -X $P.gitVersion=$KUBE_VERSION -X $P.gitMajor=1 -X $P.gitMinor=$KUBE_MINOR"
  LDFLAGS="$LDFLAGS -X $P.gitTreeState=clean -X $P.buildDate=$BUILD_DATE"
done

# Progress: `go build -v` names each package as it compiles it; show it as k/N of the packages the
# build depends on (fewer when the Go build cache already holds some).
progress() {  # $1: label, $2: total packages
  awk -v label="$1" -v total="$2" -v tty="$([ -t 2 ] && echo 1 || echo 0)" '
    /^#|\.go:[0-9]|^go: / { if (tty) printf "\n" > "/dev/stderr"; print > "/dev/stderr"; next }
    { n++
      if (tty) { printf "\r\033[Kcontrolplane: %s %d/%d %s", label, n, total, $0 > "/dev/stderr" }
      else if (n % 200 == 1) { printf "controlplane: %s %d/%d %s\n", label, n, total, $0 > "/dev/stderr" } }
    END { if (tty) printf "\n" > "/dev/stderr" }'
}

START=$(date +%s)
mkdir -p "$CACHE"
TMP="$(mktemp -d "$CACHE/.build.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
echo "controlplane: building Kubernetes $KUBE_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl) and etcd $ETCD_VERSION with Go $GO_HAVE into $CACHE" >&2
echo "controlplane: a first build takes about 8 min on 2 cores, 3 GB of memory and 5 GB of Go caches (GOMODCACHE $(go env GOMODCACHE), GOCACHE $(go env GOCACHE)); later builds reuse them" >&2

cd "$HERE"
go mod download
TOTAL=$(go list -deps ./cmd/... | wc -l)
set +e
go build -v -ldflags "$LDFLAGS" -o "$TMP/" ./cmd/... 2>&1 | progress kubernetes "$TOTAL"
RC=${PIPESTATUS[0]}
set -e
[ "$RC" -eq 0 ] || { echo "controlplane: the Kubernetes build failed (above)" >&2; exit 1; }

cd "$HERE/etcd"
go mod download
TOTAL=$(go list -deps . | wc -l)
set +e
go build -v -ldflags "-s -w" -o "$TMP/etcd" . 2>&1 | progress etcd "$TOTAL"
RC=${PIPESTATUS[0]}
set -e
[ "$RC" -eq 0 ] || { echo "controlplane: the etcd build failed (above)" >&2; exit 1; }

for b in "${BINARIES[@]}"; do mv -f "$TMP/$b" "$CACHE/$b"; done
stamp > "$CACHE/.stamp"
echo "controlplane: built in $(( $(date +%s) - START )) s: $(cd "$CACHE" && du -sh "${BINARIES[@]}" | tr '\t\n' '  ')" >&2
echo "$CACHE"
