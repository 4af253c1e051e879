#!/usr/bin/env bash
# Builds the runtime's container image with podman and proves that it serves executions the way
# the operator runs it: UID 10001, read-only root file system, a tmpfs at /tmp, all capabilities
# dropped, a memory limit, HTTP on a loopback address.
#
#   runtime-image/src/main/docker/build-and-smoke.sh [--base IMAGE] [--rebuild-base] [--keep]
#
# Steps:
#   1. the runtime (runtime-image/target/quarkus-app and target/javet-native), built with ./mvnw
#      if missing;
#   2. a JRE base image built from Debian packages (debootstrap bookworm minbase +
#      openjdk-17-jre-headless + ca-certificates, imported with `podman import`), reused when it
#      exists; --base IMAGE uses an existing image instead (for example
#      docker.io/library/eclipse-temurin:17-jre where registries are reachable);
#   3. `podman build` of src/main/docker/Containerfile with that base;
#   4. the image run with the operator's pod settings, then: ready probe, a script, a
#      WebAssembly module, non-root, nothing extracted to /tmp, the memory limit in force, and a
#      SIGTERM stop. The container is removed on exit (--keep leaves it running).
#
# Needs root (debootstrap, chroot, rootful podman), podman with runc, and debootstrap. Exits
# non-zero, with the reason, on the first failed step.
#
# Environment (defaults in brackets):
#   ISOPOOL_IMAGE         image to build [localhost/ + the operator's default runtime image,
#                         localhost/isopool/runtime:0.1.0 today]
#   ISOPOOL_BASE_IMAGE    name of the Debian-built base [localhost/isopool-jre:17-bookworm]
#   DEBIAN_MIRROR         [http://deb.debian.org/debian]
#   DEBIAN_SECURITY_MIRROR [http://deb.debian.org/debian-security]
#   ISOPOOL_SMOKE_ADDR    loopback address the container listens on [127.0.0.77]
#   ISOPOOL_SMOKE_PORT    [18477]
#   ISOPOOL_SMOKE_MEMORY  container memory limit [512m]
#   CONTAINERS_CONF       podman configuration; when unset, the script writes one with
#                         default_ulimits = [] and runtime = "runc" (what works without systemd
#                         and with a limited RLIMIT_NOFILE, as on CI machines)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
ROOT="$(cd "$MODULE_DIR/.." && pwd)"
CONTAINERFILE="$SCRIPT_DIR/Containerfile"

# The operator's default runtime image (isopool.operator.runtime-image), under localhost/.
OPERATOR_DEFAULT="$(sed -n 's/^isopool\.operator\.runtime-image=//p' \
  "$ROOT/operator/src/main/resources/application.properties" 2>/dev/null || true)"
IMAGE="${ISOPOOL_IMAGE:-localhost/${OPERATOR_DEFAULT:-isopool/runtime:latest}}"
BASE_NAME="${ISOPOOL_BASE_IMAGE:-localhost/isopool-jre:17-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
ADDR="${ISOPOOL_SMOKE_ADDR:-127.0.0.77}"
PORT="${ISOPOOL_SMOKE_PORT:-18477}"
MEMORY="${ISOPOOL_SMOKE_MEMORY:-512m}"
SUITE=bookworm

BASE_IMAGE=""
REBUILD_BASE=0
KEEP=0

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --base)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "build-and-smoke: --base needs an image name" >&2; exit 2; }
      BASE_IMAGE="$2"; shift 2 ;;
    --base=*) BASE_IMAGE="${1#--base=}"; shift ;;
    --rebuild-base) REBUILD_BASE=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-and-smoke: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$BASE_IMAGE" ] && [ "$REBUILD_BASE" = 1 ]; then
  echo "build-and-smoke: --base and --rebuild-base exclude each other" >&2
  exit 2
fi

T0=$SECONDS
STEP_T0=$SECONDS
log() { printf '[image %4ss] %s\n' "$((SECONDS - T0))" "$*"; }
step() { STEP_T0=$SECONDS; log "$*"; }
done_step() { log "  done in $((SECONDS - STEP_T0)) s${1:+: $1}"; }
fail() { log "FAILED: $*" >&2; exit 1; }

WORK=""
CONTAINER=""
PROC_MOUNT=""
cleanup() {
  local rc=$?
  if [ -n "$PROC_MOUNT" ] && mountpoint -q "$PROC_MOUNT" 2>/dev/null; then
    umount "$PROC_MOUNT" || umount -l "$PROC_MOUNT" || true
  fi
  if [ -n "$CONTAINER" ]; then
    if [ "$KEEP" = 1 ] && [ "$rc" = 0 ]; then
      log "container $CONTAINER left running (--keep): podman rm -f $CONTAINER"
    else
      podman rm -f -t 0 "$CONTAINER" >/dev/null 2>&1 || true
    fi
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need() {
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is not installed ($2)"
}

need podman "apt-get install podman runc"
need curl "apt-get install curl"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/isopool-image.XXXXXX")"

if [ -z "${CONTAINERS_CONF:-}" ]; then
  {
    echo '[containers]'
    echo 'default_ulimits = []'
    if command -v runc >/dev/null 2>&1; then
      echo '[engine]'
      echo 'runtime = "runc"'
    fi
  } >"$WORK/containers.conf"
  export CONTAINERS_CONF="$WORK/containers.conf"
fi

# 1. The packaged runtime.
APP="$MODULE_DIR/target/quarkus-app"
step "runtime: $APP"
if [ ! -f "$APP/quarkus-run.jar" ] || ! compgen -G "$MODULE_DIR/target/javet-native/libjavet-*.so" >/dev/null; then
  log "  not packaged yet (or without target/javet-native): ./mvnw -B -q -pl runtime-image -am package -DskipTests"
  (cd "$ROOT" && ./mvnw -B -q -pl runtime-image -am package -DskipTests) || fail "the runtime did not build"
fi
[ -f "$APP/quarkus-run.jar" ] || fail "$APP/quarkus-run.jar is missing after the build"
done_step "$(ls "$MODULE_DIR"/target/javet-native/)"

# 2. The base image.
build_debian_base() {
  [ "$(id -u)" = 0 ] || fail "building the base image needs root (debootstrap, chroot); or pass --base IMAGE"
  need debootstrap "apt-get install debootstrap"
  local rootfs="$WORK/rootfs"
  mkdir -p "$rootfs"
  log "  debootstrap --variant=minbase $SUITE from $MIRROR (log: $WORK/debootstrap.log)"
  if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 20 "$WORK/debootstrap.log" >&2
    fail "debootstrap failed"
  fi
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
  # Documentation, manual pages and translations are not needed in a server image.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-isopool-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF
  log "  apt-get install openjdk-17-jre-headless ca-certificates (log: $WORK/apt.log)"
  # The JRE's post-installation script runs java, which needs /proc.
  PROC_MOUNT="$rootfs/proc"
  mount -t proc proc "$PROC_MOUNT"
  if ! chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      /bin/sh -c 'apt-get update && apt-get -y upgrade \
        && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
        && apt-get clean && java -version' >"$WORK/apt.log" 2>&1; then
    tail -n 20 "$WORK/apt.log" >&2
    fail "installing the JRE into the base failed"
  fi
  umount "$PROC_MOUNT"
  PROC_MOUNT=""
  # What the packages' scripts left and what debootstrap installed before the exclusions applied.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/*.log \
    "$rootfs"/tmp/* "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  log "  root file system: $(du -xsh "$rootfs" | cut -f1); podman import as $BASE_NAME"
  tar --numeric-owner -C "$rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'LABEL org.opencontainers.image.description=Debian bookworm minbase with openjdk-17-jre-headless, built by isopool' \
    --change 'CMD ["/bin/bash"]' \
    - "$BASE_NAME" >/dev/null || fail "podman import failed"
  rm -rf --one-file-system "$rootfs"
}

if [ -n "$BASE_IMAGE" ]; then
  step "base image: $BASE_IMAGE (given)"
  podman image exists "$BASE_IMAGE" || podman pull "$BASE_IMAGE" || fail "base image $BASE_IMAGE is not available"
  done_step
else
  BASE_IMAGE="$BASE_NAME"
  if [ "$REBUILD_BASE" = 0 ] && podman image exists "$BASE_IMAGE"; then
    step "base image: $BASE_IMAGE exists, reused (--rebuild-base to build it anew)"
  else
    step "base image: building $BASE_IMAGE from Debian packages"
    build_debian_base
    done_step "$(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
  fi
fi

# 3. The runtime image.
step "podman build $IMAGE (BASE_IMAGE=$BASE_IMAGE)"
if ! podman build --network host --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$IMAGE" \
    -f "$CONTAINERFILE" "$MODULE_DIR" >"$WORK/build.log" 2>&1; then
  tail -n 30 "$WORK/build.log" >&2
  fail "podman build failed"
fi
done_step "$(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"

# 4. Run it as the operator runs pods, and use it.
BASE_URL="http://$ADDR:$PORT"
if curl -s -o /dev/null --max-time 2 "$BASE_URL/"; then
  fail "something already listens on $ADDR:$PORT (set ISOPOOL_SMOKE_ADDR / ISOPOOL_SMOKE_PORT)"
fi
CONTAINER="isopool-smoke-$$"
step "podman run $CONTAINER: --read-only, --tmpfs /tmp, --memory $MEMORY, --cap-drop ALL, on $ADDR:$PORT"
podman run -d --name "$CONTAINER" --network host \
  --read-only --tmpfs /tmp:rw,size=256m,mode=1777 \
  --memory "$MEMORY" --memory-swap "$MEMORY" \
  --cap-drop ALL --security-opt no-new-privileges \
  -e QUARKUS_HTTP_HOST="$ADDR" -e QUARKUS_HTTP_PORT="$PORT" \
  -e JAVA_TOOL_OPTIONS="-Xmx128m -XX:+ExitOnOutOfMemoryError" \
  -e ISOPOOL_WORKERS=2 -e NODE_OPTIONS="--max-old-space-size=64" \
  "$IMAGE" >/dev/null || fail "podman run failed"

show_logs() {
  echo "---- container log (last 40 lines) ----" >&2
  podman logs --tail 40 "$CONTAINER" >&2 || true
  echo "----" >&2
}

ready=0
for _ in $(seq 1 240); do
  running="$(podman inspect --format '{{.State.Running}}' "$CONTAINER" 2>/dev/null || echo false)"
  if [ "$running" != true ]; then
    show_logs
    fail "the container exited before it was ready (exit code $(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER" 2>/dev/null))"
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/q/health/ready")" = 200 ]; then
    ready=1
    break
  fi
  sleep 0.5
done
[ "$ready" = 1 ] || { show_logs; fail "not ready within 120 s ($BASE_URL/q/health/ready)"; }
done_step "ready"

check() {
  local name="$1" body="$2" expect="$3" out
  out="$(curl -s --max-time 10 -H 'Content-Type: application/json' -d "$body" "$BASE_URL/v1/execute")" \
    || { show_logs; fail "$name: no answer from $BASE_URL/v1/execute"; }
  case "$out" in
    *"$expect"*) log "  $name: $out" ;;
    *) show_logs; fail "$name: expected $expect in the answer, got: $out" ;;
  esac
}

step "executions through the container"
check "script" '{"code":"let s = 0; for (let i = 1; i <= 100; i++) s += i; s"}' '"ok":true,"value":5050'
# (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
WASM_ADD="$(printf '\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x07\x01\x60\x02\x7f\x7f\x01\x7f\x03\x02\x01\x00\x07\x07\x01\x03\x61\x64\x64\x00\x00\x0a\x09\x01\x07\x00\x20\x00\x20\x01\x6a\x0b' | base64 -w0)"
check "webassembly" "{\"code\":\"new WebAssembly.Instance(modules.add).exports.add(40, 2)\",\"modules\":{\"add\":\"$WASM_ADD\"}}" \
  '"ok":true,"value":42'
check "runaway loop" '{"code":"for (;;) {}","timeoutMs":200}' '"type":"TimeoutError"'
done_step

step "container settings"
uid="$(podman exec "$CONTAINER" awk '/^Uid:/ {print $2}' /proc/1/status)" || fail "cannot read the process' user"
[ "$uid" = 10001 ] || fail "the runtime runs as UID $uid, not 10001"
log "  java runs as UID $uid"
if podman exec "$CONTAINER" sh -c 'touch /opt/isopool/probe' 2>/dev/null; then
  fail "the root file system is writable"
fi
log "  root file system is read-only"
if podman exec "$CONTAINER" test -e /tmp/javet; then
  fail "Javet extracted its native library to /tmp/javet (javet.lib.loading.* not in effect)"
fi
log "  Javet's native library loaded from /opt/isopool/native; /tmp holds: $(podman exec "$CONTAINER" ls -A /tmp | tr '\n' ' ')"
limit="$(podman inspect --format '{{.HostConfig.Memory}}' "$CONTAINER")"
[ "${limit:-0}" -gt 0 ] || fail "no memory limit on the container"
log "  memory limit $((limit >> 20)) MiB; in use: $(podman stats --no-stream --format '{{.MemUsage}}' "$CONTAINER" 2>/dev/null || echo unknown)"
done_step

if [ "$KEEP" = 1 ]; then
  log "image $IMAGE serves executions at $BASE_URL (container $CONTAINER kept)"
  exit 0
fi

step "SIGTERM stop"
podman stop -t 30 "$CONTAINER" >/dev/null || fail "podman stop failed"
code="$(podman inspect --format '{{.State.ExitCode}}' "$CONTAINER")"
case "$code" in
  0|143) done_step "exit code $code" ;;
  *) show_logs; fail "the runtime did not stop cleanly on SIGTERM (exit code $code)" ;;
esac

log "OK: image $IMAGE (base $BASE_IMAGE) serves executions from a read-only, non-root container"
