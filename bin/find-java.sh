# Finds a JDK 21+: JAVA_HOME when it is 21+, otherwise the newest JDK 21+ in the usual install folders (the
# same places maven-toolchains-plugin's select-jdk-toolchain searches). Sourced by bin/specgraph and
# bench/run.sh; find_java prints the java binary, locate_java sets java_bin to it; both explain and exit 2 when
# there is none.
#
# The launcher runs many times a day, so the choice is remembered: the cache file (SPECGRAPH_JAVA_CACHE, by
# default $XDG_CACHE_HOME/specgraph/java, i.e. ~/.cache/specgraph/java) holds the JAVA_HOME the choice was
# made under and the java binary. It is trusted while that binary is still there and JAVA_HOME has not
# changed; otherwise the search runs again. Delete the file to pick up a JDK installed since. A cache that
# cannot be written (read-only home) only means searching on every call.

java_major() {  # prints the major version of the java binary $1, or nothing
  # A JDK's release file says its version: reading it costs nothing, starting the JVM to ask costs ~0.1 s a JDK.
  local real home line v=""
  real="$(readlink -f "$1" 2>/dev/null || true)"
  home="${real%/bin/java}"
  if [[ -n "$real" && "$home" != "$real" && -r "$home/release" ]]; then
    while IFS= read -r line; do
      if [[ "$line" == JAVA_VERSION=* ]]; then v="${line#JAVA_VERSION=}"; v="${v//\"/}"; break; fi
    done <"$home/release"
  fi
  if [[ -z "$v" ]]; then
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
    return
  fi
  v="${v%%[.+_-]*}"  # 21.0.2 → 21, 25 → 25, 1.8.0_392 → 1
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
  return 0
}

search_java() {  # prints the java binary of JAVA_HOME when it is 21+, else of the newest JDK 21+; nothing if none
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
  echo "$best"
}

# Sets java_bin to the java binary (without starting a sub-shell: the launcher's every fork is paid on each call),
# or explains and exits 2.
locate_java() {
  local cache="${SPECGRAPH_JAVA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/specgraph/java}"
  local key="JAVA_HOME=${JAVA_HOME:-}" cached_key="" cached_java=""
  if [[ -r "$cache" ]]; then
    { IFS= read -r cached_key && IFS= read -r cached_java; } <"$cache" || true
    if [[ "$cached_key" == "$key" && -n "$cached_java" && -x "$cached_java" ]]; then
      java_bin="$cached_java"
      return
    fi
  fi
  java_bin="$(search_java)"
  # the binary itself, not a link to it (/usr/bin/java): the launcher looks for files of its JDK beside it
  java_bin="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
  if [[ -z "$java_bin" ]]; then
    echo "${0##*/}: no JDK 21 or newer found; install one (e.g. Temurin 21+) or set JAVA_HOME to it" >&2
    exit 2
  fi
  # written whole under another name, then renamed: a launcher started meanwhile never reads half a file
  if mkdir -p "${cache%/*}" 2>/dev/null && printf '%s\n%s\n' "$key" "$java_bin" >"$cache.$$" 2>/dev/null; then
    mv -f "$cache.$$" "$cache" 2>/dev/null || rm -f "$cache.$$" 2>/dev/null || true
  fi
}

find_java() {  # prints the java binary, or explains and exits 2
  local java_bin
  locate_java
  echo "$java_bin"
}
