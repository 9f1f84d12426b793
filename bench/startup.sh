# The start-up suite of bench/run.sh (sourced; needs root and java_bin): whole processes, as a user or a CI step
# meets them. Each case runs bin/specgraph (the launcher: cached JDK, class-data-sharing archive) and java -jar of
# the same jar (no archive of its own; the JDK's base archive as always) in pairs, alternating which goes first,
# with a plain java -version of the same JDK as the floor; it prints the medians as a Markdown table.

now_us() {  # microseconds, without starting a process where bash 5 can tell the time itself
  if [[ -n "${EPOCHREALTIME:-}" ]]; then local t="${EPOCHREALTIME/[.,]/}"; echo "${t#0}"; else echo $(( $(date +%s%N) / 1000 )); fi
}

elapsed_ms() {  # runs "$@" with no output, prints its wall time in ms (2 decimals)
  local start end
  start="$(now_us)"
  "$@" >/dev/null 2>&1 || true
  end="$(now_us)"
  awk -v d="$((end - start))" 'BEGIN { printf "%.2f\n", d / 1000 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

startup_suite() {
  local pairs="$1" jar="$root/cli/target/specgraph.jar"
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
  local case floor_runs=() i
  for ((i = 0; i < pairs; i++)); do floor_runs+=("$(elapsed_ms "$java_bin" -version)"); done
  local floor; floor="$(printf '%s\n' "${floor_runs[@]}" | median)"
  local -A launcher_med jar_med
  for case in "--help" "--version" "validate specs/review-all" "plan specs/review-all" "validate specs/build-optimization"; do
    local a=() b=() ratios=() ta tb
    for ((i = 0; i < pairs; i++)); do
      # shellcheck disable=SC2086
      if ((i % 2 == 0)); then
        ta="$(elapsed_ms bin/specgraph $case)"; tb="$(elapsed_ms "$java_bin" -jar "$jar" $case)"
      else
        tb="$(elapsed_ms "$java_bin" -jar "$jar" $case)"; ta="$(elapsed_ms bin/specgraph $case)"
      fi
      a+=("$ta"); b+=("$tb"); ratios+=("$(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.3f\n", a / b }')")
    done
    launcher_med[$case]="$(printf '%s\n' "${a[@]}" | median)"
    jar_med[$case]="$(printf '%s\n' "${b[@]}" | median)"
    printf '| `%s` | %.0f ms | %.0f ms | %.2f | %.0f ms |\n' "$case" "${launcher_med[$case]}" "${jar_med[$case]}" \
      "$(printf '%s\n' "${ratios[@]}" | median)" "$floor"
  done
  echo
  goal() {  # case, limit in ms
    local t="${launcher_med[$1]}"
    awk -v t="$t" -v g="$2" -v c="$1" 'BEGIN { printf "- goal `bin/specgraph %s` ≤ %d ms: %s (%.0f ms)\n", c, g, (t <= g ? "met" : "missed"), t }'
  }
  goal "--help" 250
  goal "validate specs/review-all" 600
}
