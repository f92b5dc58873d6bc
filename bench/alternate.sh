#!/usr/bin/env bash
# Runs the same fan-out against two Chorus variants in alternation (A, B, A, B, ...), each on a fresh server and
# data directory, and prints each run's p99 per step and, per variant and step, the median over the runs. On a
# shared two-vCPU box one run's p99 moves by 2x from minute to minute; only alternating runs of the same minutes
# tell a change from the noise (BENCHMARKS.md uses this for its A/B rows). Variant B can instead be a peer: a fresh
# NATS server (--b-peer nats) or one storing every message in a JetStream file stream before delivering it
# (--b-peer jetstream: Chorus's durable-before-delivery order). Usage:
#   bench/alternate.sh [--pairs N] [--subscribers N] [--rates R,R,...] [--step-seconds S] [--warmup-seconds W]
#                      [--sync normal|full] [--a-jar J] [--b-jar J] [--a-jvm "OPTS"] [--b-jvm "OPTS"]
#                      [--a-args "SERVE ARGS"] [--b-args "SERVE ARGS"] [--b-peer nats|jetstream]
# Example: bench/alternate.sh --b-args "--event-loops 1"    (target/chorus.jar both times, B with one event loop)
# Needs: jq, a built target/chorus.jar (built if missing) or the jars named; Debian's nats-server for --b-peer.
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=3; SUBSCRIBERS=10; RATES=2000,10000; STEP=15; WARMUP=4; SYNC=normal
A_JAR=target/chorus.jar; B_JAR=target/chorus.jar; A_JVM=""; B_JVM=""; A_ARGS=""; B_ARGS=""; B_PEER=""
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
  case "$1" in
    --pairs) PAIRS=$2 ;;
    --subscribers) SUBSCRIBERS=$2 ;;
    --rates) RATES=$2 ;;
    --step-seconds) STEP=$2 ;;
    --warmup-seconds) WARMUP=$2 ;;
    --sync) SYNC=$2 ;;
    --a-jar) A_JAR=$2 ;;
    --b-jar) B_JAR=$2 ;;
    --a-jvm) A_JVM=$2 ;;
    --b-jvm) B_JVM=$2 ;;
    --a-args) A_ARGS=$2 ;;
    --b-args) B_ARGS=$2 ;;
    --b-peer) case "$2" in nats|jetstream) B_PEER=$2 ;; *) echo "--b-peer is nats or jetstream" >&2; exit 2 ;; esac ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

OUT_NAME=alternate
. bench/prepare.sh
[ -z "$B_PEER" ] || command -v nats-server >/dev/null || { apt-get update -qq && apt-get install -y -qq nats-server; }
PORT=18095
export CHORUS_ADMIN_TOKEN=alternate-$RANDOM$RANDOM
SERVER=""
cleanup() { [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# run VARIANT RUN: one server of that variant, one fan-out, the result file in $OUT/VARIANT/RUN.
run() {
  local v=$1 i=$2 jar jvm args
  if [ "$v" = A ]; then jar=$A_JAR; jvm=$A_JVM; args=$A_ARGS; else jar=$B_JAR; jvm=$B_JVM; args=$B_ARGS; fi
  rm -rf "$WORK/data"
  local target=(--url "http://127.0.0.1:$PORT")
  if [ "$v" = B ] && [ -n "$B_PEER" ]; then
    mkdir -p "$WORK/data"
    printf 'listen: 127.0.0.1:%s\nwebsocket { host: 127.0.0.1, port: %s, no_tls: true }\n%s\n' $((PORT + 1)) "$PORT" \
      "$([ "$B_PEER" = jetstream ] && echo "jetstream { store_dir: $WORK/data }")" > "$WORK/nats.conf"
    nats-server -c "$WORK/nats.conf" > "$OUT/server-$v$i.log" 2>&1 &
    SERVER=$!
    target=(--target "$B_PEER" --nats-ws "ws://127.0.0.1:$PORT")
    for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT" && break; sleep 0.2; done
  else
    # shellcheck disable=SC2086 # the options are word lists on purpose
    "$JAVA" -Xmx4g $jvm -jar "$jar" serve --host 127.0.0.1 --port $PORT --data "$WORK/data" --sync "$SYNC" \
      --rate-limit 0 --max-connections-per-user 1000000 --mqtt-port -1 $args > "$OUT/server-$v$i.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/metrics" >/dev/null && break; sleep 0.5; done
  fi
  "$JAVA" -jar target/chorus.jar bench fanout "${target[@]}" --subscribers "$SUBSCRIBERS" \
    --rates "$RATES" --step-seconds "$STEP" --warmup-seconds "$WARMUP" --server-pid "$SERVER" \
    --label "$v$i" --out "$OUT/$v/$i" > "$OUT/tool-$v$i.log" 2>&1
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  printf '%s%s ' "$v" "$i"
  jq -r '[.steps[] | "\(.rate)/s p99 \(.latency_p99_ms) max \(.latency_max_ms) server \(.server_cpu_cores) cores"] | join(" | ")' \
    "$OUT/$v/$i"/*.json
}

for i in $(seq 1 "$PAIRS"); do run A "$i"; run B "$i"; done

echo "median over the runs (p99 of the step; p99 of its median second):"
for v in A B; do
  jq -s -r --arg v "$v" '
    def median: sort | if length == 0 then 0 else .[(length / 2 | floor)] end;
    [.[].steps[]] | group_by(.rate)[] |
    "\($v) \(.[0].rate)/s p99 \([.[].latency_p99_ms] | median) ms; median second \([.[] | [.per_second[].p99_ms] | median] | median) ms"' \
    "$OUT/$v"/*/*.json
done
echo "results: $OUT"
