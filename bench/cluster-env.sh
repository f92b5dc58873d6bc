# Sourced by the cluster bench scripts (after `cd` to the project and `OUT_NAME=...`): what bench/prepare.sh gives;
# a results directory, a PostgreSQL database and a NATS cluster name made for the run and removed after it; and
# `start_node NAME PORT HEAP`, which starts a Chorus node of that cluster and waits until it is healthy.
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), NATS on 4222, psql.
. bench/prepare.sh
DB=chorus_bench_$RANDOM$RANDOM
CLUSTER=bench-$RANDOM
export CHORUS_ADMIN_TOKEN=cluster-$RANDOM$RANDOM
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_node() { # name port heap; the node's PID is then ${PIDS[-1]}
  "$JAVA" "-Xmx$3" -jar target/chorus.jar serve --host 127.0.0.1 --port "$2" --data "$WORK/$1" --event-loops 1 \
    --mqtt-port -1 --store postgres --pg-url "jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" --broker nats \
    --nats-url nats://127.0.0.1:4222 --cluster-name "$CLUSTER" --node-name "$1" \
    --rate-limit 0 --max-connections-per-user 1000000 > "$OUT/$1.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 150); do curl -sf "localhost:$2/health" >/dev/null && return 0; sleep 0.2; done
  echo "node $1 did not start" >&2; cat "$OUT/$1.log" >&2; exit 1
}
