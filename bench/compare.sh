#!/usr/bin/env bash
# Runs the same load-tool scenarios against Chorus and against NATS (its WebSocket listener), on loopback, on
# this machine, and prints Chorus/NATS ratios. Usage:
#   bench/compare.sh [--quick] [--sync full|normal] [--subscribers N[,N...]] [--rates R,R,...] [--connections K]
#                    [--only diode|socketio]   (diode: Chorus's Diode API vs NATS, and persist; socketio: the chat API vs Node)
# Needs: a built target/chorus.jar (built if missing), Debian's nats-server, jq, node and npm (the Node.js Socket.IO
# 4.8 peer in bench/socketio-peer is installed there on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=1000,10000
RATES=25,50,100,200,400,800   # for 1,000 subscribers; scaled by 1000/N for N subscribers (same deliveries/s)
CONNECTIONS=18000             # each server needs one descriptor per connection: stay under `ulimit -n`
STEP=8
SYNC=full
ONLY=all
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SUBSCRIBERS=200; RATES=20,50; CONNECTIONS=500; STEP=2 ;;
    --sync) SYNC=$2; shift ;;
    --subscribers) SUBSCRIBERS=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

. bench/jdk.sh
command -v nats-server >/dev/null || { apt-get update -qq && apt-get install -y -qq nats-server; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
[ -f target/chorus.jar ] || ./mvnw -q -DskipTests package

OUT=bench-results/compare-$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d)
mkdir -p "$OUT"
CHORUS_PORT=18090
NATS_WS_PORT=18222
PEER_PORT=18400
export CHORUS_ADMIN_TOKEN=compare-$RANDOM$RANDOM
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$JAVA" -Xmx4g -jar target/chorus.jar serve --host 127.0.0.1 --port $CHORUS_PORT --data "$WORK/chorus" \
  --rate-limit 0 --max-connections-per-user 1000000 --socketio-max-sessions-per-address 0 --sync "$SYNC" > "$OUT/chorus-server.log" 2>&1 &
CHORUS_PID=$!; PIDS+=("$CHORUS_PID")
cat > "$WORK/nats.conf" <<CONF
listen: 127.0.0.1:14222
max_payload: 1MB
websocket { host: 127.0.0.1, port: $NATS_WS_PORT, no_tls: true }
CONF
nats-server -c "$WORK/nats.conf" > "$OUT/nats-server.log" 2>&1 &
NATS_PID=$!; PIDS+=("$NATS_PID")
[ -d bench/socketio-peer/node_modules/socket.io ] || (cd bench/socketio-peer && npm install --no-audit --no-fund --loglevel=error)
node bench/socketio-peer/server.mjs $PEER_PORT > "$OUT/socketio-peer.log" 2>&1 &
PEER_PID=$!; PIDS+=("$PEER_PID")
for _ in $(seq 50); do curl -sf localhost:$CHORUS_PORT/health >/dev/null && break; sleep 0.2; done

bench() { "$JAVA" -jar target/chorus.jar bench "$@" --out "$OUT" 2>>"$OUT/progress.log"; }
common_chorus=(--target chorus --url http://127.0.0.1:$CHORUS_PORT --server-pid "$CHORUS_PID")
common_nats=(--target nats --nats-ws ws://127.0.0.1:$NATS_WS_PORT --server-pid "$NATS_PID")
common_sio=(--target socketio --url http://127.0.0.1:$CHORUS_PORT --server-pid "$CHORUS_PID")
common_peer=(--target socketio-node --url http://127.0.0.1:$PEER_PORT --server-pid "$PEER_PID")
ratio() { jq -n "if $2 > 0 then ($1 / $2 * 100 | round) / 100 else 0 end"; }

# Best throughput with everything delivered and p99 under 100 ms (the latency bound we compare at).
best() { jq '[.steps[] | select(.latency_p99_ms < 100 and .delivered_ratio > 0.99) | .deliveries_per_second] | max // 0' "$1"; }
newest() { ls -t "$OUT"/$1-*.json | head -1; }

IFS=, read -ra SUBS <<< "$SUBSCRIBERS"
: > "$OUT/summary.md"
if [ "$ONLY" != socketio ]; then
echo "| scenario | Chorus | NATS | ratio |" >> "$OUT/summary.md"
echo "|---|---|---|---|" >> "$OUT/summary.md"
for n in "${SUBS[@]}"; do
  rates=$(echo "$RATES" | tr ',' '\n' | awk -v n="$n" '{r = $1 * 1000 / n; if (r < 1) r = 1; printf "%s%g", (NR > 1 ? "," : ""), r}')
  bench fanout "${common_chorus[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 --label "chorus-$n"
  c=$(best "$(newest fanout-chorus)")
  bench fanout "${common_nats[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 --label "nats-$n"
  x=$(best "$(newest fanout-nats)")
  echo "| fanout $n subscribers, deliveries/s at p99 < 100 ms | $c | $x | $(jq -n "if $x > 0 then ($c / $x * 100 | round) / 100 else 0 end") |" >> "$OUT/summary.md"
done

bench connections "${common_chorus[@]}" --count "$CONNECTIONS" --sources 4 --gc --label chorus
bench connections "${common_nats[@]}" --count "$CONNECTIONS" --sources 4 --label nats
cr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-chorus)")
nr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-nats)")
echo "| connections $CONNECTIONS, server RSS KiB per connection | $cr | $nr | $(jq -n "if $nr > 0 then ($cr / $nr * 100 | round) / 100 else 0 end") |" >> "$OUT/summary.md"
bench persist "${common_chorus[@]}" --concurrency 64 --seconds $((STEP + 2)) --label chorus
fi

if [ "$ONLY" != diode ]; then

# The Socket.IO chat API against the Node.js Socket.IO server doing the same broadcast (without storage).
echo "| scenario | Chorus Socket.IO chat | Node.js Socket.IO 4.8 | ratio |" >> "$OUT/summary.md"
echo "|---|---|---|---|" >> "$OUT/summary.md"
for n in "${SUBS[@]}"; do
  rates=$(echo "$RATES" | tr ',' '\n' | awk -v n="$n" '{r = $1 * 1000 / n; if (r < 1) r = 1; printf "%s%g", (NR > 1 ? "," : ""), r}')
  bench fanout "${common_sio[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 --label "chorus-$n"
  c=$(best "$(newest fanout-socketio-chorus)")
  bench fanout "${common_peer[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 --label "node-$n"
  x=$(best "$(newest fanout-socketio-node)")
  echo "| Socket.IO fanout $n subscribers, deliveries/s at p99 < 100 ms | $c | $x | $(ratio "$c" "$x") |" >> "$OUT/summary.md"
done
bench connections "${common_sio[@]}" --count "$CONNECTIONS" --sources 4 --gc --label chorus
bench connections "${common_peer[@]}" --count "$CONNECTIONS" --sources 4 --label node
cr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-socketio-chorus)")
nr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-socketio-node)")
echo "| Socket.IO connections $CONNECTIONS, server RSS KiB per connection | $cr | $nr | $(ratio "$cr" "$nr") |" >> "$OUT/summary.md"
fi

"$JAVA" -jar target/chorus.jar bench chart "$OUT"/*.json --out "$OUT/charts" >/dev/null
cat "$OUT/summary.md"
echo "results and charts in $OUT"
