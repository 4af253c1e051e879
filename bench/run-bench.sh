#!/usr/bin/env bash
# ./isopool bench: the Isopool runtime side by side with the peer a user would pick instead
# (a Node.js server running each request in a fresh isolated-vm context) and with spawning
# `node -e`, on the seed workload, and each server's floor: the same fresh context and workload
# in a bare loop on one thread, with no HTTP (dev.isopool.bench.JavetFloor, `bench.js floor`).
# Starts both servers on free loopback ports, measures, prints a Markdown table with ratios and
# PASS/MISS against the targets, and stops everything it started.
# Results and server logs stay in bench/target/<time>/ (ignored by git).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
RUNTIME_JAR="$ROOT/runtime-image/target/quarkus-app/quarkus-run.jar"
BENCH_JAR="$BENCH_DIR/target/isopool-bench.jar"
PEER_DIR="$BENCH_DIR/peer"
HELPER="$BENCH_DIR/lib/bench.js"
WRK_SCRIPT="$BENCH_DIR/wrk/isolated.lua"
WORKLOAD='(a, b, c) => a.reduce((acc, x) => acc + x, b) + c.length'

DURATION=10
WARMUP=15
CONNECTIONS=8
WORKERS=2
BATCH_REPS=30
SPAWNS=30
CURL_WARMUP_REPS=3
FLOOR_SECONDS=5
FLOOR_WARMUP=3
RUNTIME_URL=""
READY_TIMEOUT=120

CHILDREN=()
RUNTIME_PID=""
PEER_PID=""
RUN_DIR=""
RESULTS=""
OTHER_WORK=""
START_BUSY=0
START_IDLE=0
START_OURS=0

usage() {
  cat <<USAGE
usage: ./isopool bench [options]

  --duration S       seconds per measured wrk run (default $DURATION)
  --warmup S         seconds of wrk warm-up before each server's first run (default $WARMUP)
  --connections N    connections of the loaded wrk runs (default $CONNECTIONS); 1 connection always runs too
  --workers N        runtime workers (ISOPOOL_WORKERS) and peer isolates (default $WORKERS)
  --batch-reps N     measured repetitions of the 1,000-input batch (default $BATCH_REPS)
  --spawns N         'node -e' spawns (default $SPAWNS)
  --floor-seconds S  seconds of each floor loop, Javet's and isolated-vm's, one thread, no HTTP
                     (default $FLOOR_SECONDS; 0 skips them)
  --floor-warmup S   seconds of each floor loop's warm-up (default $FLOOR_WARMUP)
  --runtime-url URL  measure a runtime that is already running (its /v1/execute URL) instead of
                     starting runtime-image/target/quarkus-app/quarkus-run.jar
USAGE
}

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) DURATION="$2"; shift 2 ;;
      --warmup) WARMUP="$2"; shift 2 ;;
      --connections) CONNECTIONS="$2"; shift 2 ;;
      --workers) WORKERS="$2"; shift 2 ;;
      --batch-reps) BATCH_REPS="$2"; shift 2 ;;
      --spawns) SPAWNS="$2"; shift 2 ;;
      --floor-seconds) FLOOR_SECONDS="$2"; shift 2 ;;
      --floor-warmup) FLOOR_WARMUP="$2"; shift 2 ;;
      --runtime-url) RUNTIME_URL="$2"; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown option '$1'" ;;
    esac
  done
  for n in "$DURATION" "$WARMUP" "$CONNECTIONS" "$WORKERS" "$BATCH_REPS" "$SPAWNS" "$FLOOR_SECONDS" "$FLOOR_WARMUP"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "'$n' is not a whole number"
  done
  [ "$CONNECTIONS" -ge 1 ] && [ "$WORKERS" -ge 1 ] && [ "$DURATION" -ge 1 ] \
    || die "--connections, --workers and --duration must be at least 1"
}

# --- processes ------------------------------------------------------------------------------

# Stops every process this script started: TERM first (the runtime drains), KILL after 10 s.
cleanup() {
  local pid deadline
  for pid in "${CHILDREN[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + 10))
  for pid in "${CHILDREN[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  CHILDREN=()
}

# Runs a command in the background, remembered for cleanup, and waits for it, so that an
# interrupt reaches the trap at once instead of after the command.
run_tracked() {
  local pid status=0
  "$@" &
  pid=$!
  CHILDREN+=("$pid")
  wait "$pid" || status=$?
  untrack "$pid"
  return "$status"
}

# Forgets a process that has ended, so that cleanup never signals a reused id.
untrack() {
  local pid kept=()
  for pid in "${CHILDREN[@]}"; do
    [ "$pid" = "$1" ] || kept+=("$pid")
  done
  CHILDREN=("${kept[@]}")
}

# --- tools ----------------------------------------------------------------------------------

ensure_wrk() {
  command -v wrk >/dev/null && return
  [ "$(id -u)" -eq 0 ] || die "wrk is missing: install Debian's 'wrk' package (apt-get install wrk)"
  log "installing wrk (Debian package)..."
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
}

ensure_node() {
  command -v node >/dev/null || die "node is missing: the peer and 'node -e' need Node.js 20 (Debian's 'nodejs')"
  command -v npm >/dev/null || die "npm is missing (Debian's 'npm')"
  [ -f /usr/include/node/node.h ] || die "Node headers missing under /usr/include/node (Debian's 'libnode-dev')"
}

peer_loads() {
  (cd "$PEER_DIR" && node --no-node-snapshot -e "require('isolated-vm')" 2>/dev/null)
}

# isolated-vm's prebuilt binaries cannot be downloaded here: install without scripts, then build
# it against the local Node headers. Once; skipped when it already loads.
ensure_peer() {
  peer_loads && return
  log "installing isolated-vm for the peer (npm, then a ~2 minute native build)..."
  (cd "$PEER_DIR" && npm install --ignore-scripts --no-package-lock --no-audit --no-fund >&2)
  (cd "$PEER_DIR/node_modules/isolated-vm" && npx --yes node-gyp rebuild --release -j 2 --nodedir=/usr >&2)
  peer_loads || die "isolated-vm was built but does not load"
}

# The bench module's jar (JavetFloor; its dependencies, the runtime among them, in bench/target/lib).
# `./isopool bench` builds only the runtime before it runs this script, so build it here, once.
ensure_bench_jar() {
  [ "$FLOOR_SECONDS" -gt 0 ] || return 0
  [ -f "$BENCH_JAR" ] && return
  log "building the bench module (first run only)..."
  (cd "$ROOT" && ./mvnw -B -q -pl bench -am package -DskipTests) >&2
  [ -f "$BENCH_JAR" ] || die "bench jar missing after the build: $BENCH_JAR"
}

# --- servers --------------------------------------------------------------------------------

free_port() {
  node "$HELPER" free-port
}

# wait_ready NAME URL PID LOG: polls POST {"code":"1+1"} until it answers 200.
wait_ready() {
  local name="$1" url="$2" pid="$3" logfile="$4" deadline=$((SECONDS + READY_TIMEOUT))
  while [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
      -d '{"code":"1+1"}' "$url" || true)" != "200" ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "$name exited before it was ready (log: $logfile)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$logfile" >&2 || true
      die "$name not ready after ${READY_TIMEOUT} s (log: $logfile)"
    fi
    sleep 0.5
  done
  log "$name ready at $url"
}

start_runtime() {
  local port
  [ -f "$RUNTIME_JAR" ] || die "runtime jar missing: $RUNTIME_JAR (./isopool bench builds it)"
  port="$(free_port)"
  RUNTIME_URL="http://127.0.0.1:$port/v1/execute"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" ISOPOOL_WORKERS="$WORKERS" \
    java ${JAVA_OPTS:-} -jar "$RUNTIME_JAR" >"$RUN_DIR/runtime.log" 2>&1 &
  RUNTIME_PID=$!
  CHILDREN+=("$RUNTIME_PID")
  wait_ready "runtime" "$RUNTIME_URL" "$RUNTIME_PID" "$RUN_DIR/runtime.log"
}

start_peer() {
  local port
  port="$(free_port)"
  PEER_URL="http://127.0.0.1:$port/v1/execute"
  (cd "$PEER_DIR" && HOST=127.0.0.1 PORT="$port" PEER_ISOLATES="$WORKERS" \
    exec node --no-node-snapshot server.js) >"$RUN_DIR/peer.log" 2>&1 &
  PEER_PID=$!
  CHILDREN+=("$PEER_PID")
  wait_ready "isolated-vm peer" "$PEER_URL" "$PEER_PID" "$RUN_DIR/peer.log"
}

# --- measurements ---------------------------------------------------------------------------

# record NAME: keeps the BENCH_RESULT line read on stdin, named, in the results file.
record() {
  local line
  line="$(grep '^BENCH_RESULT ' | tail -n 1)" || die "no result for $1"
  echo "{\"name\":\"$1\",${line#BENCH_RESULT \{}" >>"$RESULTS"
}

# wrk_run URL CONNECTIONS SECONDS: one wrk run of the isolated-execution script, its output kept.
wrk_run() {
  local url="$1" connections="$2" seconds="$3" threads=2
  [ "$connections" -lt 2 ] && threads=1
  BENCH_RUN="$(date +%s%N)" run_tracked wrk -t "$threads" -c "$connections" -d "${seconds}s" \
    --latency -s "$WRK_SCRIPT" "$url"
}

# measure_isolated NAME URL [PID]: warm-up, then 1 connection and CONNECTIONS connections. With
# the server's PID, also the CPU time the server process spent per execution in the loaded run:
# unlike rates and latencies, that figure hardly moves when other work shares the machine.
measure_isolated() {
  local name="$1" url="$2" pid="${3:-}" out="$RUN_DIR/$1" before after requests
  log "$name: ${WARMUP} s warm-up, then ${DURATION} s with 1 and with $CONNECTIONS connections"
  if [ "$WARMUP" -gt 0 ]; then wrk_run "$url" "$CONNECTIONS" "$WARMUP" >"$out.warmup.txt"; fi
  wrk_run "$url" 1 "$DURATION" >"$out.c1.txt"
  record "$name.c1" <"$out.c1.txt"
  before="$(process_ticks "$pid")"
  wrk_run "$url" "$CONNECTIONS" "$DURATION" >"$out.cN.txt"
  after="$(process_ticks "$pid")"
  record "$name.cN" <"$out.cN.txt"
  requests="$(sed -n 's/^BENCH_RESULT .*"requests":\([0-9]*\).*/\1/p' "$out.cN.txt" | tail -n 1)"
  if [ -n "$pid" ] && [ "${requests:-0}" -gt 0 ]; then
    echo "BENCH_RESULT {\"cpuUsPerRequest\":$(((after - before) * 1000000 / $(getconf CLK_TCK) / requests)),\"requests\":$requests}" |
      record "$name.cpu"
  fi
}

# process_ticks PID: user and system jiffies of one process so far (0 without a PID).
process_ticks() {
  [ -n "$1" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}

measure_batch() {
  local name="$1" url="$2"
  log "$name: batch of 1,000 inputs, $BATCH_REPS repetitions"
  run_tracked node "$HELPER" batch "$url" "$name.batch" "$BATCH_REPS" >"$RUN_DIR/$name.batch.txt"
  record "$name.batch" <"$RUN_DIR/$name.batch.txt"
}

# measure_curl_batch NAME URL: the same 1,000-input batch sent by curl, a client that is not ours:
# a new connection and process per request, so the figure is no artefact of Node's http client.
# Its first warm-up response is checked, every measured request must answer 200.
measure_curl_batch() {
  local name="$1" url="$2" body="$RUN_DIR/batch-body.json" rep answer times=()
  [ -f "$body" ] || node "$HELPER" batch-body "$body"
  log "$name: batch of 1,000 inputs with curl, $BATCH_REPS repetitions"
  for ((rep = 0; rep < CURL_WARMUP_REPS + BATCH_REPS; rep++)); do
    # Expect: off, or curl waits for a 100 Continue that not every server sends.
    answer="$(curl -s -o "$([ "$rep" -eq 0 ] && echo "$RUN_DIR/$name.curl-response.json" || echo /dev/null)" \
      -w '%{http_code} %{time_total}' -H 'content-type: application/json' -H 'Expect:' \
      --data-binary "@$body" "$url")" || die "$name: curl failed on the batch"
    [ "${answer% *}" = 200 ] || die "$name: the curl batch answered HTTP ${answer% *}"
    [ "$rep" -lt "$CURL_WARMUP_REPS" ] || times+=("${answer#* }")
  done
  node "$HELPER" median "$name.curl" "$RUN_DIR/$name.curl-response.json" "${times[@]}" >"$RUN_DIR/$name.curl.txt"
  record "$name.curl" <"$RUN_DIR/$name.curl.txt"
}

measure_spawn() {
  log "spawning 'node -e' $SPAWNS times"
  run_tracked node "$HELPER" spawn "$SPAWNS" >"$RUN_DIR/spawn.txt"
  record spawn <"$RUN_DIR/spawn.txt"
}

# measure_floors: the floor under each server, one after the other while neither server is loaded:
# one thread, one isolate, a fresh context and the seed workload per execution, no HTTP, the same
# 500 scripts on both sides. Their CPU per execution is what the servers' is divided by.
measure_floors() {
  [ "$FLOOR_SECONDS" -gt 0 ] || return 0
  log "floors: Javet resetContext and isolated-vm createContext, each ${FLOOR_WARMUP} s warm-up, then ${FLOOR_SECONDS} s"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  run_tracked java ${JAVA_OPTS:-} -cp "$BENCH_JAR" dev.isopool.bench.JavetFloor "$FLOOR_SECONDS" "$FLOOR_WARMUP" \
    >"$RUN_DIR/runtime.floor.txt" 2>"$RUN_DIR/runtime.floor.log"
  record runtime.floor <"$RUN_DIR/runtime.floor.txt"
  run_tracked node --no-node-snapshot "$HELPER" floor "$FLOOR_SECONDS" "$FLOOR_WARMUP" peer.floor \
    >"$RUN_DIR/peer.floor.txt" 2>"$RUN_DIR/peer.floor.log"
  record peer.floor <"$RUN_DIR/peer.floor.txt"
}

# rss_mib PID: resident memory of a process we started, after the load.
rss_mib() {
  [ -n "$1" ] && awk '/^VmRSS:/ {printf "%d MiB", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "n/a"
}

# --- other work on the machine --------------------------------------------------------------
# A build or a test run elsewhere on these 2 cores lowers every figure, so the report says how
# much CPU time went to other processes (and to hypervisor steal) while we measured.

# cpu_ticks: "busy idle" jiffies of all CPUs since boot (steal counts as busy, iowait as idle).
cpu_ticks() {
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}

# our_ticks: jiffies used by our two servers and by every command this script has waited for.
our_ticks() {
  local pid ticks total
  total="$(awk '{print $16 + $17}' "/proc/$$/stat")"
  for pid in "$RUNTIME_PID" "$PEER_PID"; do
    [ -n "$pid" ] || continue
    ticks="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + ticks))
  done
  echo "$total"
}

start_cpu_accounting() {
  read -r START_BUSY START_IDLE < <(cpu_ticks)
  START_OURS="$(our_ticks)"
}

# other_work_percent: share of all CPU time since start_cpu_accounting not spent by us.
other_work_percent() {
  local busy idle ours others
  read -r busy idle < <(cpu_ticks)
  ours="$(our_ticks)"
  others=$(((busy - START_BUSY) - (ours - START_OURS)))
  [ "$others" -gt 0 ] || others=0
  echo $((100 * others / (busy - START_BUSY + idle - START_IDLE + 1)))
}

machine_note() {
  local cpu others="other processes"
  cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  [ -n "$RUNTIME_PID" ] || others="other processes (the runtime of --runtime-url among them)"
  echo "$(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GiB, loopback, $(date -u '+%Y-%m-%d %H:%M UTC');" \
    "$others used ${OTHER_WORK}% of the CPU time during the measurements; $(runtime_note)"
}

# runtime_note: which runtime was measured (the jar's build time and the checkout's commit).
runtime_note() {
  local commit
  [ -n "$RUNTIME_PID" ] || { echo "runtime at $RUNTIME_URL"; return; }
  commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "runtime jar built $(date -u -r "$ROOT/runtime-image/target/quarkus-app/app" '+%H:%M UTC'), checkout at $commit"
}

report() {
  local threads=2
  [ "$CONNECTIONS" -lt 2 ] && threads=1
  node "$HELPER" report "$RESULTS" "workload=$WORKLOAD" "workers=$WORKERS" "duration=$DURATION" \
    "warmup=$WARMUP" "connections=$CONNECTIONS" "threads=$threads" "floorSeconds=$FLOOR_SECONDS" \
    "floorWarmup=$FLOOR_WARMUP" "machine=$(machine_note)" \
    "rss=runtime $(rss_mib "$RUNTIME_PID"), peer $(rss_mib "$PEER_PID")"
}

main() {
  parse_args "$@"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ensure_wrk
  ensure_node
  ensure_peer
  ensure_bench_jar

  RUN_DIR="$BENCH_DIR/target/$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$RUN_DIR"
  RESULTS="$RUN_DIR/results.jsonl"
  : >"$RESULTS"

  if [ -z "$RUNTIME_URL" ]; then start_runtime; else wait_ready "runtime" "$RUNTIME_URL" "" /dev/null; fi
  start_peer
  node "$HELPER" check "$RUNTIME_URL" >&2
  node "$HELPER" check "$PEER_URL" >&2
  start_cpu_accounting

  measure_floors
  measure_batch runtime "$RUNTIME_URL"
  measure_curl_batch runtime "$RUNTIME_URL"
  measure_batch peer "$PEER_URL"
  measure_curl_batch peer "$PEER_URL"
  measure_isolated runtime "$RUNTIME_URL" "$RUNTIME_PID"
  measure_isolated peer "$PEER_URL" "$PEER_PID"
  measure_spawn
  curl -s "${RUNTIME_URL%/v1/execute}/v1/signals" >"$RUN_DIR/runtime-signals.json" || true
  OTHER_WORK="$(other_work_percent)"
  if [ "$OTHER_WORK" -gt 10 ]; then
    log "warning: other processes used ${OTHER_WORK}% of the CPU time during the measurements; figures are low"
  fi

  report | tee "$RUN_DIR/table.md"
  log "results and logs: $RUN_DIR"
}

main "$@"
