# shellcheck shell=bash
# Sourced (by local/start, local/invoke, .ci/run): finds a JDK 25 or newer and exports JAVA_HOME and
# PATH. Looks at $JAVA_HOME, then /usr/lib/jvm/*25*, then other JDKs in /usr/lib/jvm, then the
# `java` on the PATH. Returns non-zero (after a message on stderr) when there is none.

_pf_java_major() {
  "$1" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

_pf_jdk_ok() {
  local home="$1" major
  [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  major="$(_pf_java_major "$home/bin/java")"
  [ -n "$major" ] && [ "$major" -ge 25 ]
}

pf_find_jdk25() {
  local candidate java_bin
  if _pf_jdk_ok "${JAVA_HOME:-}"; then
    printf '%s\n' "$JAVA_HOME"
    return 0
  fi
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -d "$candidate" ] && _pf_jdk_ok "$candidate"; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  if java_bin="$(command -v java 2>/dev/null)"; then
    candidate="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
    if _pf_jdk_ok "$candidate"; then
      printf '%s\n' "$candidate"
      return 0
    fi
  fi
  return 1
}

if _pf_home="$(pf_find_jdk25)"; then
  export JAVA_HOME="$_pf_home"
  export PATH="$JAVA_HOME/bin:$PATH"
  unset _pf_home
else
  echo "No JDK 25 found (looked at \$JAVA_HOME, /usr/lib/jvm and the java on the PATH)." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
  unset _pf_home
  # shellcheck disable=SC2317
  return 1 2>/dev/null || exit 1
fi
