#!/usr/bin/env bash
# Idle WebSocket connections held by a cluster: N Chorus nodes on one machine (PostgreSQL + NATS, as in
# bench/cluster.sh), one load-tool process per node holding K subscribed Diode connections to it. One process can
# hold only as many sockets as its open-file limit allows (`ulimit -n`); a cluster holds the sum. Each tool process
# measures its node's heap and RSS per connection (full GC before each sample) and then publishes one message on
# the NEXT node, which must reach every connection it holds (through NATS). The script samples the nodes'
# `chorus_connections` gauges every second and reports the most held at once.
# Usage: bench/cluster-connections.sh [--quick] [--nodes N] [--per-node K]
# Needs: target/chorus.jar (built if missing), PostgreSQL on 127.0.0.1:5432 (trust auth), NATS on 4222, psql, jq.
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=6
PER_NODE=16700
HOLD=60
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) NODES=2; PER_NODE=500; HOLD=5 ;;
    --nodes) NODES=$2; shift ;;
    --per-node) PER_NODE=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$PER_NODE" -gt $(( $(ulimit -n) - 500 )) ]; then
  echo "--per-node $PER_NODE does not fit under ulimit -n $(ulimit -n) (a node also needs files for itself)" >&2; exit 2
fi

OUT_NAME=cluster-connections
. bench/cluster-env.sh

port() { echo $((18100 + $1)); }
NODE_PIDS=()
for i in $(seq 0 $((NODES - 1))); do
  start_node "n$i" "$(port "$i")" 1g
  NODE_PIDS+=("${PIDS[-1]}")
done

held() { # the sum of the nodes' Diode connection gauges
  local total=0 n
  for i in $(seq 0 $((NODES - 1))); do
    n=$(curl -sf "localhost:$(port "$i")/metrics" | awk '/^chorus_connections\{api="diode"/ {print int($2)}')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

TOOLS=()
for i in $(seq 0 $((NODES - 1))); do
  next=$(( (i + 1) % NODES ))
  "$JAVA" -Xmx1g -jar target/chorus.jar bench connections --url "http://127.0.0.1:$(port "$i")" \
    --publish-url "http://127.0.0.1:$(port "$next")" --count "$PER_NODE" --sources 2 --source-offset $((2 * i)) \
    --parallel 200 --hold-seconds "$HOLD" --gc --verify --server-pid "${NODE_PIDS[$i]}" --label "n$i" --out "$OUT" \
    > "$OUT/tool-n$i.log" 2>&1 &
  PIDS+=("$!"); TOOLS+=("$!")
done

MOST=0
while :; do
  running=0
  for t in "${TOOLS[@]}"; do kill -0 "$t" 2>/dev/null && running=1; done
  [ $running = 1 ] || break
  now=$(held); [ "$now" -gt "$MOST" ] && MOST=$now
  printf '\r[cluster-connections] held now %d, most at once %d ' "$now" "$MOST" >&2
  sleep 1
done
echo >&2
FAILED=0
for t in "${TOOLS[@]}"; do wait "$t" || FAILED=1; done
[ $FAILED = 0 ] || { echo "a load-tool process failed:" >&2; tail -n 5 "$OUT"/tool-n*.log >&2; exit 1; }

{
  echo "| node | connections | heap KiB/conn | RSS KiB/conn | connect/s | one message, published on the next node: delivered | p50 / max ms |"
  echo "|---|---|---|---|---|---|---|"
  for f in "$OUT"/connections-chorus-n*.json; do
    jq -r '"| \(.label) | \(.measured.connections) | \(.measured.heap_kib_per_connection) | \(.measured.rss_kib_per_connection) | \(.measured.connect_per_second) | \(.measured.verify_delivered) | \(.measured.verify_latency_p50_ms) / \(.measured.verify_latency_max_ms) |"' "$f"
  done
  echo
  echo "Most connections held at once (sum of the nodes' chorus_connections gauges, sampled each second): $MOST"
} > "$OUT/summary.md"
cat "$OUT/summary.md"
echo "Results in $OUT"
# Every connection must have had the message: otherwise some were open but not live.
missed=$(jq -s '[.[] | .measured | select(.verify_delivered < .connections)] | length' "$OUT"/connections-chorus-n*.json)
[ "$missed" = 0 ] || { echo "on $missed node(s) the message did not reach every connection" >&2; exit 1; }
