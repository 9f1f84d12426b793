# Finds a JDK 21+: JAVA_HOME when it is 21+, otherwise the newest JDK 21+ in the usual install folders (the
# same places maven-toolchains-plugin's select-jdk-toolchain searches). Sourced by bin/specgraph and
# bench/run.sh; find_java prints the java binary, or explains and exits 2.

java_major() {  # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    local v; v="$(java_major "$JAVA_HOME/bin/java")"
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  fi
  local best="" best_v=0 candidate v
  for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*/bin/java \
                   "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$(command -v java 2>/dev/null || true)"; do
    [[ -x "$candidate" ]] || continue
    v="$(java_major "$candidate")"
    if [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best_v" ]]; then best="$candidate"; best_v="$v"; fi
  done
  if [[ -z "$best" ]]; then
    echo "${0##*/}: no JDK 21 or newer found; install one (e.g. Temurin 21+) or set JAVA_HOME to it" >&2
    exit 2
  fi
  echo "$best"
}

