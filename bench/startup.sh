# The start-up suite of bench/run.sh (sourced; needs root and java_bin): whole processes, as a user or a CI step
# meets them. Each case runs bin/specgraph (the launcher: cached JDK, class-data-sharing archive) and java -jar of
# the same jar (no archive of its own; the JDK's base archive as always) in pairs, alternating which goes first,
# with a plain java -version of the same JDK as the floor; it prints the medians of wall and CPU time as a
# Markdown table. Wall time is what a user waits; CPU time is less disturbed by other work on a shared machine.

# The times builtin gives this shell's children's CPU time without starting a process; wall time comes from
# bash 5's EPOCHREALTIME (date otherwise). Nothing else runs between the two readings.
cpu_line() { local line=""; { IFS= read -r line; IFS= read -r line; } <"$1"; echo "$line"; }  # "0m1.234s 0m0.567s"

measure() {  # runs "$@" with no output; prints its wall time and CPU time (user + system) in ms
  local start end
  times >"$times_file.0"
  if [[ -n "${EPOCHREALTIME:-}" ]]; then start="$EPOCHREALTIME"; else start="$(date +%s.%N)"; fi
  "$@" >/dev/null 2>&1 || true
  if [[ -n "${EPOCHREALTIME:-}" ]]; then end="$EPOCHREALTIME"; else end="$(date +%s.%N)"; fi
  times >"$times_file.1"
  awk -v s="${start/,/.}" -v e="${end/,/.}" -v c0="$(cpu_line "$times_file.0")" -v c1="$(cpu_line "$times_file.1")" '
    function ms(t,  f) { split(t, f, /[ms]+/); return (f[1] * 60 + f[2] + f[3] * 60 + f[4]) * 1000 }
    BEGIN { printf "%.2f %.0f\n", (e - s) * 1000, ms(c1) - ms(c0) }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

startup_suite() {
  local pairs="$1" jar="$root/cli/target/specgraph.jar"
  times_file="$(mktemp)"
  trap 'rm -f "$times_file" "$times_file".[01]' EXIT
  echo "building the CLI (mvn -pl cli -am package)..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl cli -am package) >&2
  cd "$root"
  # what every later call finds: the launcher's JDK cache and one archive per command, from a first run each
  local warm
  for warm in "--help" "validate specs/review-all" "plan specs/review-all"; do
    # shellcheck disable=SC2086
    bin/specgraph $warm >/dev/null 2>&1 || true
  done

  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), $("$java_bin" \
    -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p'), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
  echo "# $pairs pairs per case, medians of whole-process wall time"
  echo
  echo "| command | bin/specgraph | java -jar (no archive) | launcher ÷ java -jar | java -version (floor) |"
  echo "|---|---:|---:|---:|---:|"
  local case i m floor_wall=() floor_cpu=()
  for ((i = 0; i < pairs; i++)); do
    read -r m c <<<"$(measure "$java_bin" -version)"; floor_wall+=("$m"); floor_cpu+=("$c")
  done
  local floor; floor="$(fmt "$(printf '%s\n' "${floor_wall[@]}" | median)" "$(printf '%s\n' "${floor_cpu[@]}" | median)")"
  local -A launcher_wall
  for case in "--help" "--version" "validate specs/review-all" "plan specs/review-all" "validate specs/build-optimization"; do
    local aw=() ac=() bw=() bc=() ratios=() a b
    for ((i = 0; i < pairs; i++)); do
      # shellcheck disable=SC2086
      if ((i % 2 == 0)); then
        a="$(measure bin/specgraph $case)"; b="$(measure "$java_bin" -jar "$jar" $case)"
      else
        b="$(measure "$java_bin" -jar "$jar" $case)"; a="$(measure bin/specgraph $case)"
      fi
      aw+=("${a% *}"); ac+=("${a#* }"); bw+=("${b% *}"); bc+=("${b#* }")
      ratios+=("$(awk -v a="${a% *}" -v b="${b% *}" 'BEGIN { printf "%.3f\n", a / b }')")
    done
    launcher_wall[$case]="$(printf '%s\n' "${aw[@]}" | median)"
    printf '| `%s` | %s | %s | %.2f | %s |\n' "$case" \
      "$(fmt "${launcher_wall[$case]}" "$(printf '%s\n' "${ac[@]}" | median)")" \
      "$(fmt "$(printf '%s\n' "${bw[@]}" | median)" "$(printf '%s\n' "${bc[@]}" | median)")" \
      "$(printf '%s\n' "${ratios[@]}" | median)" "$floor"
  done
  echo
  echo "(wall time, CPU time in parentheses; ratio: median of the pairs' wall-time ratios)"
  echo
  goal() {  # case, limit in ms
    awk -v t="${launcher_wall[$1]}" -v g="$2" -v c="$1" \
      'BEGIN { printf "- goal `bin/specgraph %s` ≤ %d ms: %s (%.0f ms)\n", c, g, (t <= g ? "met" : "missed"), t }'
  }
  goal "--help" 250
  goal "validate specs/review-all" 600
}

fmt() { awk -v w="$1" -v c="$2" 'BEGIN { printf "%.0f ms (%.0f)", w, c }'; }
