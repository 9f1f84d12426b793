#!/usr/bin/env bash
# Builds the benchmarks and runs one suite with settings fit for a shared 2-core machine, printing its
# ratios as Markdown tables (see bench/README.md).
#
#   bench/run.sh pipeline [quick]   load, closure, plan at 1k/10k/100k tasks against the bare Jena parse
#   bench/run.sh scheduler [quick]  no-op DAGs of 10k/100k tasks: engine vs CompletableFuture floor vs Dexecutor
#   bench/run.sh quality [N]        makespan ÷ lower bound, critical-path order vs FIFO (virtual time; N random specs)
#   bench/run.sh memory [TASKS]     one spec end to end under -Xmx1g, peak heap (default 100000 tasks)
#   bench/run.sh virtual [TASKS [RUNS]]  the engine's scheduling µs/task in virtual time, the plan made once (100000, 10 runs)
#   bench/run.sh startup [PAIRS]    whole-process start-up: bin/specgraph vs java -jar vs java -version (default 10 pairs)
#   bench/run.sh store [TASKS [N]]  no-op tasks with no store, the in-memory store and the disk store: µs/task added (100000, 3 rounds)
#   bench/run.sh incremental [TASKS]  the all-cached second run of a generated spec vs its first run and vs load + plan (10000)
#   bench/run.sh all                the JMH suites, quality and memory, one after the other
#
# "quick" runs fewer, shorter iterations and leaves out 100k tasks: for trying things, not for the README.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/find-java.sh
source "$root/bin/find-java.sh"
java_bin="$(find_java)"
jar="$root/bench/target/benchmarks.jar"

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
suite="$1"
shift
case "$suite" in pipeline|scheduler|quality|memory|virtual|startup|store|incremental|all) ;; *) usage ;; esac

if [[ "$suite" == startup ]]; then
  # shellcheck source=startup.sh
  source "$root/bench/startup.sh"
  startup_suite "${1:-10}"
  exit
fi

echo "building the benchmarks (mvn -pl bench -am package)..." >&2
(cd "$root" && mvn -B -q -DskipTests -pl bench -am package) >&2

cd "$root"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$java_bin" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.runtime\.version = //p'), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"

run() {
  case "$1" in
    pipeline|scheduler) "$java_bin" -cp "$jar" io.specgraph.bench.Suite "$1" "${@:2}" ;;
    quality) "$java_bin" -cp "$jar" io.specgraph.bench.MakespanQuality "$root" "${2:-60}" ;;
    # the whole point is the limit: -Xmx1g
    memory) "$java_bin" -Xmx1g -cp "$jar" io.specgraph.bench.EndToEnd "${2:-100000}" ;;
    virtual) "$java_bin" -Xms2g -Xmx2g -cp "$jar" io.specgraph.bench.VirtualTimeBench "${2:-100000}" "${3:-10}" ;;
    # the heap fixed as for the scheduler suite, so that the three stores' garbage costs alike
    store) "$java_bin" -Xms2g -Xmx2g -cp "$jar" io.specgraph.bench.StoreBench "${2:-100000}" "${3:-3}" ;;
    incremental) "$java_bin" -Xms2g -Xmx2g -cp "$jar" io.specgraph.bench.IncrementalBench "${2:-10000}" ;;
  esac
}

if [[ "$suite" == all ]]; then
  for s in pipeline scheduler quality memory; do run "$s"; done
else
  run "$suite" "$@"
fi
