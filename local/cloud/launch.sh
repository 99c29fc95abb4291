# shellcheck shell=bash
# Sourced by local/start and local/invoke with MAIN_CLASS set: finds a JDK 25, builds the modules
# the local cloud runs (first run, or when a source or pom changed since the last build), then
# execs the main class with plain java and the runtime classpath Maven wrote at package time, so
# no Maven runs at startup once built. LOCAL_SKIP_BUILD=1 skips the staleness check.
#
# "The last build" is whichever Maven run last packaged local/cloud: its runtime-classpath.txt is
# rewritten at package time and names the reactor's own module jars, so the build local/test runs
# (verify) counts as well as our own. That is why local/start right after local/test starts at once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../jdk.sh
source "$ROOT/local/jdk.sh"

TARGET="$ROOT/local/cloud/target"
CLASSPATH_FILE="$TARGET/runtime-classpath.txt"

_pf_needs_build() {
  [ -f "$CLASSPATH_FILE" ] && [ -d "$TARGET/classes" ] || return 0
  # Every entry must still exist (a "mvn clean" in one module removes its jar).
  local entry
  while IFS= read -r entry; do
    [ -z "$entry" ] || [ -e "$entry" ] || return 0
  done < <(tr ':' '\n' <"$CLASSPATH_FILE")
  local changed
  changed="$(find "$ROOT/pom.xml" "$ROOT/functions" "$ROOT/local/cloud" "$ROOT/local/emulators" \
    \( -name target -o -name node_modules \) -prune -o \
    -path '*/src/test' -prune -o \
    -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.json' -o -name '*.js' -o -name '*.properties' \) \
    -newer "$CLASSPATH_FILE" -print -quit 2>/dev/null)"
  [ -n "$changed" ]
}

if [ "${LOCAL_SKIP_BUILD:-0}" != "1" ] && _pf_needs_build; then
  echo "local cloud: building (first run, or sources changed) ..." >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dspotbugs.skip=true -Dspotless.check.skip=true \
    -pl local/cloud -am install) >&2
fi

exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  --enable-native-access=ALL-UNNAMED \
  -Dlog4j2.configurationFile=log4j2-local.xml \
  -Dlogback.configurationFile=logback-local.xml \
  -Demulators.sesDir="$ROOT/local/emulators/ses-emulator" \
  -cp "$TARGET/classes:$(cat "$CLASSPATH_FILE")" \
  "$MAIN_CLASS" "$@"
