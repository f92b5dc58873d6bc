#!/usr/bin/env bash
# Runs the official Engine.IO v3/v4 and Socket.IO v5 test suites (published in the socketio/socket.io repository's
# docs/ folder) against `chorus serve --socketio-conformance --port 3000`.
#   usage: scripts/socketio-conformance.sh <path to a socket.io checkout>   (git clone https://github.com/socketio/socket.io)
# The suites target http://localhost:3000, so that port must be free. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=${1:?usage: $0 <path to a socketio/socket.io checkout>}
source bench/jdk.sh
[ -f target/chorus.jar ] || ./mvnw -B -ntp -q package -DskipTests

data=$(mktemp -d)
"$JAVA_HOME/bin/java" -jar target/chorus.jar serve --socketio-conformance --port 3000 --host 127.0.0.1 --data "$data" \
  > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:3000/health >/dev/null && break; sleep 0.1; done

status=0
for suite in engine.io-protocol/v3-test-suite engine.io-protocol/v4-test-suite socket.io-protocol/v5-test-suite; do
  dir="$checkout/docs/$suite"
  echo "== $suite"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null && npx mocha test-suite.js) || status=1
done
exit $status
