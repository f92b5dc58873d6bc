#!/usr/bin/env bash
# Runs the Chat21 reference conformance suite (test/test.js of github.com/chat21/chat21-server: mocha + the reference
# MQTT client, chat21client.js) against a fresh Chorus: usage: scripts/chat21-tests.sh <chat21-server checkout>
# The suite's tokens are HS256 with the reference's default secret "tokenKey" (valid until 2031-2032), so Chorus runs
# with that secret. A temporary copy of the suite points its hard-coded endpoints at Chorus (MQTT over WebSocket at
# /ws, REST at /api) and drops the requires of the reference's own servers, which it only starts when
# TEST_LOCAL_STACK is not "false"; the checkout itself is not changed. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=${1:?usage: $0 <path to a chat21-server checkout>}
source bench/jdk.sh
[ -f target/chorus.jar ] || ./mvnw -B -ntp -q package -DskipTests

work=$(mktemp -d)
port=18970
"$JAVA_HOME/bin/java" -jar target/chorus.jar serve --host 127.0.0.1 --port $port --data "$work/data" \
  --chat21-jwt-secret tokenKey --mqtt-port -1 --rate-limit 0 > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:$port/health >/dev/null && break; sleep 0.1; done

mkdir -p "$work/suite"
cp -r "$checkout/test" "$checkout/mqttclient" "$checkout/tiledesk-logger" "$checkout/models" "$work/suite/"
cd "$work/suite"
sed -i -E "s|require\('@chat21/chat21-http-server'\)|null|; s|require\('../index'\).observer|null|; \
  s|MQTT_ENDPOINT: 'ws://localhost:15675/ws'|MQTT_ENDPOINT: 'ws://127.0.0.1:$port/ws'|; \
  s|API_ENDPOINT: 'http://localhost:8010/api'|API_ENDPOINT: 'http://127.0.0.1:$port/api'|" test/test.js
cat > package.json <<'JSON'
{ "private": true, "dependencies": { "mocha": "9.2.2", "mqtt": "4.3.8", "axios": "0.21.4", "uuid": "8.3.2",
  "express": "4.21.2", "body-parser": "1.20.3", "dotenv": "8.6.0" } }
JSON
npm install --no-audit --no-fund --loglevel=error >/dev/null
TEST_LOCAL_STACK=false ./node_modules/.bin/mocha test/test.js --exit
