#!/usr/bin/env bash
# Runs the same load-tool scenarios against Chorus and against its peers, on loopback, on this machine, and prints
# Chorus/peer ratios. Usage:
#   bench/compare.sh [--quick] [--sync full|normal] [--subscribers N[,N...]] [--rates R,R,...] [--connections K]
#                    [--only diode|socketio|mqtt] [--mqtt-publishers P] [--mqtt-transport tcp|ws]
#   (diode: Chorus's Diode API vs NATS, and persist; socketio: the chat API vs Node; mqtt: Chat21 over MQTT vs
#   Mosquitto, over TCP or, with --mqtt-transport ws, over both servers' WebSocket listeners as browsers connect)
# Needs: a built target/chorus.jar (built if missing), Debian's nats-server and mosquitto, jq, node and npm (the
# Node.js Socket.IO 4.8 peer in bench/socketio-peer is installed there on first use). Each peer is started only if
# its part runs.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=1000,10000
RATES=25,50,100,200,400,600,800,1000   # for 1,000 subscribers; scaled by 1000/N for N subscribers (same deliveries/s)
CONNECTIONS=18000             # each server needs one descriptor per connection: stay under `ulimit -n`
STEP=8
SYNC=full
ONLY=all
# MQTT publishers: Chorus handles a connection's packets one at a time and a send waits for its durable commit, so
# one connection sends only ~1/(commit time) messages per second; four spread the load as several chat users would.
MQTT_PUBLISHERS=4
MQTT_TRANSPORT=tcp
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SUBSCRIBERS=200; RATES=20,50; CONNECTIONS=500; STEP=2 ;;
    --sync) SYNC=$2; shift ;;
    --subscribers) SUBSCRIBERS=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --mqtt-publishers) MQTT_PUBLISHERS=$2; shift ;;
    --mqtt-transport) MQTT_TRANSPORT=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in all|diode|socketio|mqtt) ;; *) echo "--only takes diode, socketio or mqtt" >&2; exit 2 ;; esac
case "$MQTT_TRANSPORT" in tcp|ws) ;; *) echo "--mqtt-transport takes tcp or ws" >&2; exit 2 ;; esac
runs() { [ "$ONLY" = all ] || [ "$ONLY" = "$1" ]; }

OUT_NAME=compare
. bench/prepare.sh
runs diode && { command -v nats-server >/dev/null || { apt-get update -qq && apt-get install -y -qq nats-server; }; }
# Debian's package starts a system broker on 1883; ours runs on its own ports with its own configuration.
runs mqtt && { [ -x /usr/sbin/mosquitto ] || { apt-get update -qq && apt-get install -y -qq mosquitto; }; }
CHORUS_PORT=18090
NATS_WS_PORT=18222
PEER_PORT=18400
CHORUS_MQTT_PORT=18883
MOSQUITTO_PORT=18884
export CHORUS_ADMIN_TOKEN=compare-$RANDOM$RANDOM
export CHORUS_CHAT21_JWT_SECRET=compare-$RANDOM$RANDOM$RANDOM
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$JAVA" -Xmx4g -jar target/chorus.jar serve --host 127.0.0.1 --port $CHORUS_PORT --data "$WORK/chorus" \
  --rate-limit 0 --max-connections-per-user 1000000 --socketio-max-sessions-per-address 0 --sync "$SYNC" \
  --mqtt-port $CHORUS_MQTT_PORT --chat21-jwt-secret "$CHORUS_CHAT21_JWT_SECRET" > "$OUT/chorus-server.log" 2>&1 &
CHORUS_PID=$!; PIDS+=("$CHORUS_PID")
if runs diode; then
cat > "$WORK/nats.conf" <<CONF
listen: 127.0.0.1:14222
max_payload: 1MB
websocket { host: 127.0.0.1, port: $NATS_WS_PORT, no_tls: true }
CONF
nats-server -c "$WORK/nats.conf" > "$OUT/nats-server.log" 2>&1 &
NATS_PID=$!; PIDS+=("$NATS_PID")
fi
if runs socketio; then
[ -d bench/socketio-peer/node_modules/socket.io ] || (cd bench/socketio-peer && npm install --no-audit --no-fund --loglevel=error)
node bench/socketio-peer/server.mjs $PEER_PORT > "$OUT/socketio-peer.log" 2>&1 &
PEER_PID=$!; PIDS+=("$PEER_PID")
fi
if runs mqtt; then
cat > "$WORK/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous true
set_tcp_nodelay true
listener $MOSQUITTO_PORT 127.0.0.1
listener $((MOSQUITTO_PORT + 1)) 127.0.0.1
protocol websockets
CONF
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" > "$OUT/mosquitto.log" 2>&1 &
MOSQUITTO_PID=$!; PIDS+=("$MOSQUITTO_PID")
fi
for _ in $(seq 50); do curl -sf localhost:$CHORUS_PORT/health >/dev/null && break; sleep 0.2; done

bench() { "$JAVA" -jar target/chorus.jar bench "$@" --out "$OUT" 2>>"$OUT/progress.log"; }
common_chorus=(--target chorus --url http://127.0.0.1:$CHORUS_PORT --server-pid "$CHORUS_PID")
common_nats=(--target nats --nats-ws ws://127.0.0.1:$NATS_WS_PORT --server-pid "${NATS_PID:-0}")
common_sio=(--target socketio --url http://127.0.0.1:$CHORUS_PORT --server-pid "$CHORUS_PID")
common_peer=(--target socketio-node --url http://127.0.0.1:$PEER_PORT --server-pid "${PEER_PID:-0}")
if [ "$MQTT_TRANSPORT" = ws ]; then   # Chorus: /mqtt on its HTTP port; Mosquitto: its WebSocket listener (port + 1)
  chorus_mqtt=ws://127.0.0.1:$CHORUS_PORT/mqtt; mosquitto_mqtt=ws://127.0.0.1:$((MOSQUITTO_PORT + 1))/mqtt
else
  chorus_mqtt=tcp://127.0.0.1:$CHORUS_MQTT_PORT; mosquitto_mqtt=tcp://127.0.0.1:$MOSQUITTO_PORT
fi
common_mqtt=(--target mqtt --url http://127.0.0.1:$CHORUS_PORT --mqtt "$chorus_mqtt" --server-pid "$CHORUS_PID")
common_mosq=(--target mosquitto --mqtt "$mosquitto_mqtt" --server-pid "${MOSQUITTO_PID:-0}")
# Arguments, not text: jq folds a literal "x / 0" at compile time and fails even in the untaken branch.
ratio() { jq -n --argjson a "$1" --argjson b "$2" 'if $b > 0 then ($a / $b * 100 | round) / 100 else 0 end'; }

# Best throughput with everything delivered and p99 under 100 ms (the latency bound we compare at).
best() { jq '[.steps[] | select(.latency_p99_ms < 100 and .delivered_ratio > 0.99) | .deliveries_per_second] | max // 0' "$1"; }
# The ceiling: best throughput with everything delivered and p99 under 1 s (one noisy step cannot decide it).
ceiling() { jq '[.steps[] | select(.latency_p99_ms < 1000 and .delivered_ratio > 0.99) | .deliveries_per_second] | max // 0' "$1"; }
# Steps go on until p99 passes 1 s (not the default 250 ms): on a shared two-core box one noisy early step (JIT, a
# neighbour's build) would otherwise end a run before its ceiling.
loose_steps=(--warmup-seconds 4 --max-p99-ms 1000)
newest() { ls -t "$OUT"/$1-*.json | head -1; }

IFS=, read -ra SUBS <<< "$SUBSCRIBERS"
: > "$OUT/summary.md"
if runs diode; then
echo "| scenario | Chorus | NATS | ratio |" >> "$OUT/summary.md"
echo "|---|---|---|---|" >> "$OUT/summary.md"
for n in "${SUBS[@]}"; do
  rates=$(echo "$RATES" | tr ',' '\n' | awk -v n="$n" '{r = $1 * 1000 / n; if (r < 1) r = 1; printf "%s%g", (NR > 1 ? "," : ""), r}')
  bench fanout "${common_chorus[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 "${loose_steps[@]}" --label "chorus-$n"
  c=$(best "$(newest fanout-chorus)"); cc=$(ceiling "$(newest fanout-chorus)")
  bench fanout "${common_nats[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 "${loose_steps[@]}" --label "nats-$n"
  x=$(best "$(newest fanout-nats)"); xc=$(ceiling "$(newest fanout-nats)")
  echo "| fanout $n subscribers, deliveries/s at p99 < 100 ms | $c | $x | $(ratio "$c" "$x") |" >> "$OUT/summary.md"
  echo "| fanout $n subscribers, ceiling (all delivered, p99 < 1 s) | $cc | $xc | $(ratio "$cc" "$xc") |" >> "$OUT/summary.md"
done

bench connections "${common_chorus[@]}" --count "$CONNECTIONS" --sources 4 --gc --label chorus
bench connections "${common_nats[@]}" --count "$CONNECTIONS" --sources 4 --label nats
cr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-chorus)")
nr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-nats)")
echo "| connections $CONNECTIONS, server RSS KiB per connection | $cr | $nr | $(ratio "$cr" "$nr") |" >> "$OUT/summary.md"
bench persist "${common_chorus[@]}" --concurrency 64 --seconds $((STEP + 2)) --label chorus
fi

if runs socketio; then

# The Socket.IO chat API against the Node.js Socket.IO server doing the same broadcast (without storage).
echo "| scenario | Chorus Socket.IO chat | Node.js Socket.IO 4.8 | ratio |" >> "$OUT/summary.md"
echo "|---|---|---|---|" >> "$OUT/summary.md"
for n in "${SUBS[@]}"; do
  rates=$(echo "$RATES" | tr ',' '\n' | awk -v n="$n" '{r = $1 * 1000 / n; if (r < 1) r = 1; printf "%s%g", (NR > 1 ? "," : ""), r}')
  bench fanout "${common_sio[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 "${loose_steps[@]}" --label "chorus-$n"
  c=$(best "$(newest fanout-socketio-chorus)"); cc=$(ceiling "$(newest fanout-socketio-chorus)")
  bench fanout "${common_peer[@]}" --subscribers "$n" --rates "$rates" --step-seconds $STEP --sources 2 "${loose_steps[@]}" --label "node-$n"
  x=$(best "$(newest fanout-socketio-node)"); xc=$(ceiling "$(newest fanout-socketio-node)")
  echo "| Socket.IO fanout $n subscribers, deliveries/s at p99 < 100 ms | $c | $x | $(ratio "$c" "$x") |" >> "$OUT/summary.md"
  echo "| Socket.IO fanout $n subscribers, ceiling (all delivered, p99 < 1 s) | $cc | $xc | $(ratio "$cc" "$xc") |" >> "$OUT/summary.md"
done
bench connections "${common_sio[@]}" --count "$CONNECTIONS" --sources 4 --gc --label chorus
bench connections "${common_peer[@]}" --count "$CONNECTIONS" --sources 4 --label node
cr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-socketio-chorus)")
nr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-socketio-node)")
echo "| Socket.IO connections $CONNECTIONS, server RSS KiB per connection | $cr | $nr | $(ratio "$cr" "$nr") |" >> "$OUT/summary.md"
fi

if runs mqtt; then
# Chat21 over MQTT (each subscriber a member of one group, each message stored, then rendered per member) against
# Mosquitto relaying one topic to the same number of subscribers, with the same payload, over TCP or WebSocket.
echo "| scenario (MQTT over $MQTT_TRANSPORT) | Chorus Chat21 MQTT | Mosquitto | ratio |" >> "$OUT/summary.md"
echo "|---|---|---|---|" >> "$OUT/summary.md"
mqtt_steps=("${loose_steps[@]}")
for n in "${SUBS[@]}"; do
  rates=$(echo "$RATES" | tr ',' '\n' | awk -v n="$n" '{r = $1 * 1000 / n; if (r < 1) r = 1; printf "%s%g", (NR > 1 ? "," : ""), r}')
  bench fanout "${common_mqtt[@]}" --subscribers "$n" --publishers $MQTT_PUBLISHERS --rates "$rates" --step-seconds $STEP --sources 2 "${mqtt_steps[@]}" --label "chorus-$n"
  c=$(best "$(newest fanout-mqtt-chorus)")
  bench fanout "${common_mosq[@]}" --subscribers "$n" --publishers $MQTT_PUBLISHERS --rates "$rates" --step-seconds $STEP --sources 2 "${mqtt_steps[@]}" --label "mosquitto-$n"
  x=$(best "$(newest fanout-mosquitto)")
  echo "| MQTT fanout $n subscribers, deliveries/s at p99 < 100 ms | $c | $x | $(ratio "$c" "$x") |" >> "$OUT/summary.md"
done
bench connections "${common_mqtt[@]}" --count "$CONNECTIONS" --sources 4 --gc --label chorus
bench connections "${common_mosq[@]}" --count "$CONNECTIONS" --sources 4 --label mosquitto
cr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-mqtt-chorus)")
nr=$(jq '.measured.rss_kib_per_connection' "$(newest connections-mosquitto)")
echo "| MQTT connections $CONNECTIONS, server RSS KiB per connection | $cr | $nr | $(ratio "$cr" "$nr") |" >> "$OUT/summary.md"
fi

"$JAVA" -jar target/chorus.jar bench chart "$OUT"/*.json --out "$OUT/charts" >/dev/null
cat "$OUT/summary.md"
echo "results and charts in $OUT"
