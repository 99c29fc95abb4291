#!/usr/bin/env bash
# The command cdk.json gives the CDK CLI: compiles this module with the repository's Maven wrapper on
# JDK 25 and runs dev.privacyfirst.infra.PrivacyFirstApp. The CLI passes context and the output
# directory through CDK_CONTEXT_JSON and CDK_OUTDIR, which the CDK App reads by itself.
# Needs the function jars (functions/*/target/*-lambda.jar): run `./mvnw -B package -DskipTests`
# from the repository root once. The shared modules are compiled in the same reactor (-am), so a
# stale copy in the local Maven repository is never what the app runs with.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [[ -x "$candidate/bin/java" ]]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  echo "cdk-app.sh: JDK 25 not found; set JAVA_HOME to a JDK 25" >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

classpath_file="$here/target/cdk-classpath.txt"
# Maven's output goes to stderr: the CLI reads the cloud assembly, not this process's stdout.
"$root/mvnw" -B -q -f "$root/pom.xml" -pl infra-cdk -am \
  -Dspotless.check.skip=true -Denforcer.skip=true \
  compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime 1>&2

exec java -cp "$here/target/classes:$(cat "$classpath_file")" \
  -Dprivacyfirst.repo.root="$root" \
  dev.privacyfirst.infra.PrivacyFirstApp
