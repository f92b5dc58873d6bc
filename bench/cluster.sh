#!/usr/bin/env bash
# Fan-out across two Chorus nodes: subscribers on node A, the publisher on node B, so that every message crosses
# NATS (the machine's, on 4222, under a cluster name made for the run) and the shared PostgreSQL (a database made
# for the run and dropped after). For reference it also runs the same load with the publisher on node A.
# Usage: bench/cluster.sh [--quick] [--subscribers N] [--rates R,R,...]
# Needs: target/chorus.jar (built if missing), PostgreSQL on 127.0.0.1:5432 (trust auth), NATS on 4222, psql, jq.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=1000
RATES=25,50,100,200,400
STEP=8
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SUBSCRIBERS=200; RATES=20,50; STEP=2 ;;
    --subscribers) SUBSCRIBERS=$2; shift ;;
    --rates) RATES=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

OUT_NAME=cluster
. bench/cluster-env.sh

start_node a 18091 2g
A_PID=${PIDS[-1]}
start_node b 18092 2g

bench() { "$JAVA" -jar target/chorus.jar bench fanout "$@" --subscribers "$SUBSCRIBERS" --rates "$RATES" \
  --step-seconds $STEP --url http://127.0.0.1:18091 --server-pid "$A_PID" --out "$OUT" 2>>"$OUT/progress.log"; }
best() { jq '[.steps[] | select(.latency_p99_ms < 100 and .delivered_ratio > 0.99) | .deliveries_per_second] | max // 0' "$1"; }
newest() { ls -t "$OUT"/fanout-chorus-$1-*.json | head -1; }

bench --label same-node
bench --label cross-node --publish-url http://127.0.0.1:18092
echo "| fanout $SUBSCRIBERS subscribers on node A, deliveries/s at p99 < 100 ms | publisher on A | publisher on B (via NATS) |" > "$OUT/summary.md"
echo "|---|---|---|" >> "$OUT/summary.md"
echo "| two nodes, PostgreSQL + NATS | $(best "$(newest same-node)") | $(best "$(newest cross-node)") |" >> "$OUT/summary.md"
cat "$OUT/summary.md"
echo "Results in $OUT"
