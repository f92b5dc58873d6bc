#!/usr/bin/env bash
# Runs the DeviceHive integration suite (github.com/devicehive/devicehive-tests) against a fresh Chorus.
#   usage: scripts/devicehive-tests.sh <path to a devicehive-tests checkout> [mocha file globs, default: ws-* and rest-*]
# The suite hard-codes admin JWTs that expired in 2019 and are signed with the reference's secret, so a temporary
# copy of it gets tokens that this Chorus minted for dhadmin (password dhadmin_#911, as the suite expects); the
# checkout itself is not changed. Its other tokens (expired, mistyped or forged on purpose) are signed with the reference's
# secret, "devicehive", so this Chorus keys its tokens as the reference does with that secret
# (--devicehive-reference-tokens). Needs node, npm, curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=${1:?usage: $0 <path to a devicehive-tests checkout> [globs]}
shift
globs=("$@")
[ ${#globs[@]} -gt 0 ] || globs=("integration-tests/ws-*.js" "integration-tests/rest-*.js")
source bench/jdk.sh
[ -f target/chorus.jar ] || ./mvnw -B -ntp -q package -DskipTests

work=$(mktemp -d)
port=18950
"$JAVA_HOME/bin/java" -jar target/chorus.jar serve --host 127.0.0.1 --port $port --data "$work/data" \
  --devicehive-admin-password 'dhadmin_#911' --devicehive-jwt-secret devicehive --devicehive-reference-tokens --rate-limit 0 > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:$port/health >/dev/null && break; sleep 0.1; done

rest=http://127.0.0.1:$port/api/rest
tokens=$(curl -fs -X POST $rest/token -H 'Content-Type: application/json' -d '{"login":"dhadmin","password":"dhadmin_#911"}')
cp -r "$checkout" "$work/suite"
cd "$work/suite"
sed -i -E "s|admin: 'eyJ[^']*'|admin: '$(jq -r .accessToken <<<"$tokens")'|; s|admin_refresh: 'eyJ[^']*'|admin_refresh: '$(jq -r .refreshToken <<<"$tokens")'|" \
  integration-tests/common/utils.js
npm install --no-audit --no-fund --loglevel=error >/dev/null
./node_modules/.bin/mocha "${globs[@]}" --restUrl=$rest --authRestUrl=$rest
