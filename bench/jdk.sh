# Sourced by the bench scripts: sets JAVA_HOME to a JDK 21+ (the machine's default java may be 17) and JAVA.
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
  if [ -n "$d" ] && [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then JAVA_HOME=$d; break; fi
done
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
