# Sourced by the bench scripts (after `cd` to the project and `OUT_NAME=...`): a JDK 21+ (bench/jdk.sh), jq, a built
# target/chorus.jar (built if missing), an empty results directory $OUT under bench-results/ and a scratch
# directory $WORK (the caller removes it on exit).
. bench/jdk.sh
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
[ -f target/chorus.jar ] || ./mvnw -q -DskipTests package
OUT=bench-results/$OUT_NAME-$(date +%Y%m%d-%H%M%S)
WORK=$(mktemp -d)
mkdir -p "$OUT"
