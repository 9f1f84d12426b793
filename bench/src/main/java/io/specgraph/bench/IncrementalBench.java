package io.specgraph.bench;

import io.specgraph.Specgraph;
import io.specgraph.bench.SpecGenerator.Shape;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunOrigin;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskState;
import io.specgraph.store.RunStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an all-cached incremental run costs (issue 13): a generated spec whose every task declares an output file
 * (its handler writes it), run twice against one disk store. The first run runs every task and keeps their
 * successes; the second finds every task up to date and runs none. Reported against the first run and against a
 * plain load + plan of the same spec, which every run, cached or not, does first.
 *
 * <p>The spec is {@link StoreBench}'s: one phase, a random DAG of mean in-degree 2, 8 agents that never limit, 4
 * workers, plus {@code sg:outputs "out/t<i>.txt"} per task. Each figure is one process: load + plan is the median
 * of 3 after one warm-up; the first run is run once (it is the only first run there is), the all-cached run 3 times
 * (each finds everything cached again), the median taken. A run is {@code Engine.start(plan, origin).await()} with
 * the store; load + plan is not part of it.
 *
 * <p>{@code java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.specgraph.bench.IncrementalBench [TASKS]}
 * ({@code bench/run.sh incremental}): TASKS default 10000.
 */
public final class IncrementalBench {
    private IncrementalBench() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path folder = TempFolders.create("specgraph-incremental-bench-");
        try {
            Path spec = folder.resolve("spec");
            SpecGenerator.builder().tasks(tasks).phases(1).agents(Math.min(8, tasks)).agentConcurrency(4)
                    .shape(Shape.RANDOM).meanInDegree(2).seed(1).build().writeTo(spec);
            writeOutputs(spec.resolve("outputs.ttl"), tasks);
            System.out.printf(Locale.ROOT, "%d tasks, each declaring one output file, 4 workers, disk store, max heap %d MiB%n",
                    tasks, Runtime.getRuntime().maxMemory() >> 20);

            Plan plan = Specgraph.load(spec).plan(); // warm-up
            List<Long> loadPlan = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                System.gc();
                long start = System.nanoTime();
                plan = Specgraph.load(spec).plan();
                loadPlan.add(System.nanoTime() - start);
            }
            System.out.printf(Locale.ROOT, "load + plan:        %s ms%n", millis(loadPlan));

            Path store = folder.resolve("store");
            LongAdder ran = new LongAdder();
            long first = run(plan, spec, store, ran, tasks, TaskState.SUCCEEDED);
            System.out.printf(Locale.ROOT, "first run:          %.0f ms (%d tasks ran)%n", first / 1e6, ran.sum());
            List<Long> cached = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ran.reset();
                cached.add(run(plan, spec, store, ran, tasks, TaskState.CACHED));
                if (ran.sum() != 0) {
                    throw new IllegalStateException("the all-cached run ran " + ran.sum() + " tasks");
                }
            }
            System.out.printf(Locale.ROOT, "all-cached run:     %s ms (0 tasks ran)%n", millis(cached));

            long lp = median(loadPlan);
            long c = median(cached);
            System.out.println();
            System.out.println("| tasks | load + plan | first run | all-cached run | all-cached ÷ first | all-cached ÷ load + plan |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| %d | %,.0f ms | %,.0f ms | %,.0f ms | %.2f | %.2f |%n", tasks, lp / 1e6, first / 1e6,
                    c / 1e6, (double) c / first, (double) c / lp);
        } finally {
            TempFolders.delete(folder);
        }
    }

    /** Each task writes {@code out/t<i>.txt}, a file of its own, so that a run has outputs to hash and compare. */
    private static void writeOutputs(Path file, int tasks) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("@prefix : <" + SpecGenerator.NS + "> .\n@prefix sg: <https://w3id.org/specgraph#> .\n\n");
            for (int i = 0; i < tasks; i++) {
                w.write(":t" + i + " sg:outputs \"out/t" + i + ".txt\" .\n");
            }
        }
    }

    /** One incremental run against the store; every task must end {@code expected}. Returns its wall time in ns. */
    private static long run(Plan plan, Path spec, Path storeFolder, LongAdder ran, int tasks, TaskState expected)
            throws InterruptedException {
        Engine.Builder builder = Engine.builder().workers(4).incremental(true).baseDirectory(spec).handler("noop", ctx -> {
            ran.increment();
            Path out = spec.resolve("out").resolve(io.specgraph.plan.PlanWriter.local(ctx.task().iri()) + ".txt");
            try {
                Files.createDirectories(out.getParent());
                Files.writeString(out, ctx.task().iri() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        System.gc(); // the previous run's garbage is not this run's cost
        long start = System.nanoTime();
        RunResult result;
        try (RunStore store = RunStore.onDisk(storeFolder)) {
            result = builder.store(store).build().start(plan, RunOrigin.of("incremental bench")).await();
        }
        long nanos = System.nanoTime() - start;
        long inState = result.tasks().stream().filter(t -> t.state() == expected).count();
        if (result.outcome() != RunResult.Outcome.SUCCEEDED || inState != tasks) {
            throw new IllegalStateException("the run " + result.outcome() + " with " + inState + " of " + tasks + " tasks " + expected);
        }
        return nanos;
    }

    private static String millis(List<Long> nanos) {
        return nanos.stream().map(n -> String.format(Locale.ROOT, "%.0f", n / 1e6)).toList() + ", median "
                + String.format(Locale.ROOT, "%.0f", median(nanos) / 1e6);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
