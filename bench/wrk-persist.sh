#!/usr/bin/env bash
# Drives the persist scenario with wrk instead of the JVM load tool (lighter on the shared cores):
#   CHORUS_ADMIN_TOKEN=... bench/wrk-persist.sh [url] [connections] [seconds]
# Creates a zone and a user with a remote-API token, then POSTs send_message over keep-alive connections, and
# checks with /metrics that every request was a durable message.
set -euo pipefail
# Debian packages wrk and jq; install them where they are missing (as compare.sh does for its peers).
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
URL=${1:-http://127.0.0.1:8080}
CONNS=${2:-128}
SECONDS_=${3:-10}
A="Authorization: Bearer ${CHORUS_ADMIN_TOKEN:?set CHORUS_ADMIN_TOKEN}"
RUN=$RANDOM$RANDOM
ZONE=$(curl -sf -H "$A" -d "{\"name\":\"wrk $RUN\",\"id\":\"wrk-$RUN\"}" "$URL/admin/zones")
ZONE_ID=$(echo "$ZONE" | jq -r .id)
CHANNEL=$(echo "$ZONE" | jq -r '.channels[0].id')
USER=$(curl -sf -H "$A" -d "{\"username\":\"wrk-$RUN\"}" "$URL/admin/users" | jq -r .id)
curl -sf -H "$A" -X PUT -d '{"role":"Member"}' "$URL/admin/zones/$ZONE_ID/members/$USER" >/dev/null
curl -sf -H "$A" -d '{"action":"enable"}' "$URL/admin/users/$USER/remote-api" >/dev/null
TOKEN=$(curl -sf -H "$A" -d '{"action":"generate-token"}' "$URL/admin/users/$USER/remote-api" | jq -r .token)
LUA=$(mktemp --suffix .lua)
trap 'rm -f "$LUA"' EXIT
cat > "$LUA" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"jsonrpc":"2.0","method":"send_message","params":["$ZONE_ID","$CHANNEL","$(printf 'x%.0s' $(seq 200))"],"id":1}'
LUA
before=$(curl -s "$URL/metrics" | awk '/^chorus_messages_accepted_total/ {print $2}')
wrk -t1 -c"$CONNS" -d"${SECONDS_}s" --latency -s "$LUA" "$URL/api/json_rpc"
after=$(curl -s "$URL/metrics" | awk '/^chorus_messages_accepted_total/ {print $2}')
# Every request must have been a durable message, not an error answered quickly.
echo "messages made durable during the run: $(jq -n "$after - $before")"
