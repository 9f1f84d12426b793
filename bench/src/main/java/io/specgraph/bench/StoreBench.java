package io.specgraph.bench;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.bench.SpecGenerator.Shape;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunOrigin;
import io.specgraph.run.RunResult;
import io.specgraph.store.GateDecision;
import io.specgraph.store.NewRun;
import io.specgraph.store.QueryAnswer;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.RunWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;

/**
 * What keeping a run in a store costs (issue 12): the same plan of no-op tasks run with no store, with the
 * in-memory store and with the disk store (its run folder files; TDB2 only indexes them for queries), side by side in one JVM, rounds interleaved
 * so that the machine's noise falls on all three alike; reported as microseconds per task added by each store
 * over no store. The goal: at most 10 µs per task added by the disk store.
 *
 * <p>The plan is {@link SchedulerBench}'s: one phase of no-op tasks, a random DAG of mean in-degree 2, 8
 * agents that never limit, 4 workers. A run with a store is {@code Engine.start(plan, origin).await()}: the run
 * registered (its spec and plan written), every core input journaled ahead of what acts on it, the record saved
 * at the end; each disk run gets a new store folder, deleted after. Every store call is timed through a
 * delegating store, so that the added time is split into creating the run, journal appends, progress, sync and
 * saving the record, and closing; what is left is the engine's side (the task fingerprints of the registration,
 * encoding journal entries). The plan's JSON is written when the store asks for it ({@code NewRun.plan()}): on
 * disk on a thread of its own, started by "create", which "close" waits for; not at all in memory; the record is
 * handed over as what was recorded
 * ({@code RunWriter.saveRecord(RunRecord, …)}), its triples made by the store that wants them, inside "save record".
 *
 * <p>The run's origin is by default what the command line registers (its source texts, declared to be the spec
 * with {@code NewRun.SPEC_FROM_SOURCES}, so that the disk store keeps the texts and not the graph); {@code graph}
 * as third argument registers a label only, as an embedding host that built its plan from a graph does, so that
 * the disk store writes the spec's graph.
 *
 * <p>{@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.specgraph.bench.StoreBench [TASKS] [ROUNDS] [sources|graph]}
 * ({@code bench/run.sh store}): TASKS default 100000, ROUNDS measured rounds after one warm-up round, default 3;
 * the table gives the median of the measured rounds.
 */
public final class StoreBench {
    private StoreBench() {}

    /** Where the run is kept. */
    enum Mode {
        NONE("no store"), MEMORY("in memory"), DISK("on disk");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** What the store calls of one run took, in nanoseconds, and how many appends there were. */
    static final class Calls {
        long create;
        long append;
        long appends;
        long entries;
        long progress;
        long sync;
        long saveRecord;
        long close;
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean fromSources = args.length <= 2 || args[2].equals("sources");
        if (args.length > 2 && !args[2].equals("sources") && !args[2].equals("graph")) {
            throw new IllegalArgumentException("the third argument is the run's origin, sources or graph, not " + args[2]);
        }
        Path folder = TempFolders.create("specgraph-store-bench-");
        try {
            SpecGenerator.builder().tasks(tasks).phases(1).agents(Math.min(8, tasks)).agentConcurrency(4)
                    .shape(Shape.RANDOM).meanInDegree(2).seed(1).build().writeTo(folder.resolve("spec"));
            Spec spec = Specgraph.load(folder.resolve("spec"));
            Plan plan = spec.plan();
            RunOrigin origin = fromSources ? RunOrigin.ofLoaded("store bench", Map.of(), spec.loaded()) : RunOrigin.of("store bench");
            System.out.printf(Locale.ROOT, "%d no-op tasks, 4 workers, %d measured rounds after one warm-up, max heap %d MiB, origin: %s%n",
                    tasks, rounds, Runtime.getRuntime().maxMemory() >> 20, fromSources ? "the source texts, as the command line's" : "a label, the graph kept");
            Map<Mode, List<Long>> wall = new EnumMap<>(Mode.class);
            Map<Mode, List<Calls>> calls = new EnumMap<>(Mode.class);
            for (int r = 0; r <= rounds; r++) {
                for (Mode mode : Mode.values()) {
                    Calls c = new Calls();
                    Path storeFolder = folder.resolve("store-" + r);
                    long nanos = run(plan, origin, tasks, mode, storeFolder, c);
                    System.out.printf(Locale.ROOT, "%s round %d: %-15s %8.0f ms%n", r == 0 ? "warm-up" : "       ", r, mode.label,
                            nanos / 1e6);
                    if (r > 0) {
                        wall.computeIfAbsent(mode, m -> new ArrayList<>()).add(nanos);
                        calls.computeIfAbsent(mode, m -> new ArrayList<>()).add(c);
                    }
                    if (mode == Mode.DISK) {
                        TempFolders.delete(storeFolder);
                    }
                }
            }
            report(tasks, wall, calls);
        } finally {
            TempFolders.delete(folder);
        }
    }

    static long run(Plan plan, RunOrigin origin, int tasks, Mode mode, Path storeFolder, Calls calls) throws InterruptedException {
        LongAdder ran = new LongAdder();
        Engine.Builder builder = Engine.builder().workers(4).handler("noop", ctx -> {
            ran.increment();
            return null;
        });
        RunStore store = switch (mode) {
            case NONE -> null;
            case MEMORY -> new Timed(RunStore.inMemory(), calls);
            case DISK -> new Timed(RunStore.onDisk(storeFolder), calls);
        };
        System.gc(); // the previous run's garbage is not this run's cost
        long start = System.nanoTime();
        RunResult result;
        if (store == null) {
            result = builder.build().run(plan);
        } else {
            try (store) {
                result = builder.store(store).build().start(plan, origin).await();
            }
        }
        long nanos = System.nanoTime() - start;
        if (result.outcome() != RunResult.Outcome.SUCCEEDED || ran.sum() != tasks) {
            throw new IllegalStateException(mode.label + ": the run " + result.outcome() + " with " + ran.sum() + " tasks run of " + tasks);
        }
        return nanos;
    }

    private static void report(int tasks, Map<Mode, List<Long>> wall, Map<Mode, List<Calls>> calls) {
        long none = median(wall.get(Mode.NONE));
        System.out.println();
        System.out.println("| store | run (median) | µs/task | added µs/task | create | journal appends | progress + sync | save record | close |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Mode mode : Mode.values()) {
            long t = median(wall.get(mode));
            String added = mode == Mode.NONE ? "–" : String.format(Locale.ROOT, "**%.2f**", (t - none) / 1e3 / tasks);
            String breakdown = "| – | – | – | – | – |";
            if (mode != Mode.NONE) {
                List<Calls> cs = calls.get(mode);
                breakdown = String.format(Locale.ROOT, "| %s | %s (%d × %d entries) | %s | %s | %s |",
                        ms(median(cs, c -> c.create)), ms(median(cs, c -> c.append)), cs.get(0).appends,
                        cs.get(0).appends == 0 ? 0 : cs.get(0).entries / cs.get(0).appends,
                        ms(median(cs, c -> c.progress + c.sync)), ms(median(cs, c -> c.saveRecord)), ms(median(cs, c -> c.close)));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %s %s%n", mode.label, ms(t), t / 1e3 / tasks, added, breakdown);
        }
        System.out.printf(Locale.ROOT, "%ndisk − memory: %.2f µs/task (the goal: ≤ 10)%n",
                (median(wall.get(Mode.DISK)) - median(wall.get(Mode.MEMORY))) / 1e3 / tasks);
        System.out.printf(Locale.ROOT, "rounds (ms): %s%n", Arrays.stream(Mode.values()).map(m -> m.label + " "
                + wall.get(m).stream().map(n -> String.format(Locale.ROOT, "%.0f", n / 1e6)).toList()).toList());
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%,.0f ms", nanos / 1e6);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long median(List<Calls> calls, java.util.function.ToLongFunction<Calls> part) {
        return median(calls.stream().map(part::applyAsLong).toList());
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static <T> T timed(Supplier<T> call, long[] into) {
        long start = System.nanoTime();
        T t = call.get();
        into[0] += System.nanoTime() - start;
        return t;
    }

    /** A store that times what the run asks of it, and passes everything on. */
    private record Timed(RunStore store, Calls calls) implements RunStore {
        @Override
        public String location() {
            return store.location();
        }

        @Override
        public RunWriter create(NewRun run) {
            long[] t = new long[1];
            RunWriter w = timed(() -> store.create(run), t);
            calls.create += t[0];
            return new TimedWriter(w, calls);
        }

        @Override
        public RunWriter reopen(String runId) {
            return new TimedWriter(store.reopen(runId), calls);
        }

        @Override
        public Optional<RunInfo> find(String idOrPrefix) {
            return store.find(idOrPrefix);
        }

        @Override
        public List<RunInfo> runs() {
            return store.runs();
        }

        @Override
        public NewRun registration(String runId) {
            return store.registration(runId);
        }

        @Override
        public List<String> journal(String runId) {
            return store.journal(runId);
        }

        @Override
        public Optional<Graph> record(String runId) {
            return store.record(runId);
        }

        @Override
        public void decide(String runId, GateDecision decision) {
            store.decide(runId, decision);
        }

        @Override
        public List<GateDecision> decisions(String runId) {
            return store.decisions(runId);
        }

        @Override
        public QueryAnswer query(String sparql, Duration limit) {
            return store.query(sparql, limit);
        }

        @Override
        public void keepSuccesses(List<io.specgraph.store.TaskSuccess> successes) {
            store.keepSuccesses(successes);
        }

        @Override
        public java.util.Map<String, io.specgraph.store.TaskSuccess> lastSuccesses(java.util.Collection<String> taskIris) {
            return store.lastSuccesses(taskIris);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** A run's writer that times each call. */
    private record TimedWriter(RunWriter writer, Calls calls) implements RunWriter {
        @Override
        public String runId() {
            return writer.runId();
        }

        @Override
        public void append(List<String> entries) {
            calls.append += timed(() -> writer.append(entries));
            calls.appends++;
            calls.entries += entries.size();
        }

        @Override
        public void sync() {
            calls.sync += timed(writer::sync);
        }

        @Override
        public void progress(RunInfo.Progress progress) {
            calls.progress += timed(() -> writer.progress(progress));
        }

        @Override
        public List<GateDecision> decisionsAfter(int seen) {
            return writer.decisionsAfter(seen);
        }

        @Override
        public void saveRecord(Graph record, RunInfo.Progress progress) {
            calls.saveRecord += timed(() -> writer.saveRecord(record, progress));
        }

        @Override
        public void saveRecord(io.specgraph.record.RunRecord record, RunInfo.Progress progress) {
            calls.saveRecord += timed(() -> writer.saveRecord(record, progress));
        }

        @Override
        public void close() {
            calls.close += timed(writer::close);
        }
    }
}
