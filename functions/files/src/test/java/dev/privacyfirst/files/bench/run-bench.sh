#!/usr/bin/env bash
# Runs the files benchmark (ours vs restic on the same seeded corpus, same run).
# Usage: functions/files/src/test/java/dev/privacyfirst/files/bench/run-bench.sh [workdir] [runs]
set -euo pipefail
cd "$(dirname "$0")/../../../../../../../../.."
command -v restic >/dev/null || { apt-get install -y restic || { apt-get update && apt-get install -y restic; }; }
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
# -am with test-compile in the same reactor: the classpath names this tree's common/emulators
# classes, not whatever jar another build left in ~/.m2.
./mvnw -B -q -o -pl functions/files -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test -Dspotbugs.skip=true
CP="$(cat functions/files/target/bench.cp):functions/files/target/classes:functions/files/target/test-classes"
WORK=${1:-$(mktemp -d)}
# BENCH_OPTS e.g. "-Dfiles.bench.zstdLevels=3,1 -Dfiles.bench.workers=2
# -Dfiles.bench.corpora=files,home,home-small -Dfiles.bench.homeFiles=5400"; the garbage collector is
# the serial one, as in Lambda's Java runtimes (JAVA_GC="-XX:+UseG1GC" for the desktop default).
java --enable-native-access=ALL-UNNAMED -Xmx1g ${JAVA_GC:--XX:+UseSerialGC} ${BENCH_OPTS:-} \
  -cp "$CP" dev.privacyfirst.files.bench.FilesBench "$WORK" "${2:-3}"
