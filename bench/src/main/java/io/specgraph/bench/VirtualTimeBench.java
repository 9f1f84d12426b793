package io.specgraph.bench;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own scheduling cost in virtual time (issue 11: at most 1 µs per task at 100k tasks): the
 * pipeline benchmark's spec ({@link PipelineBench#pipelineSpec}: 10 phases each closed by a gate with a metric,
 * 50 agents of concurrency 2, a random DAG of mean in-degree 2) is loaded and planned once per trial, and what is
 * measured is one whole {@code Engine.run(plan)} simulated in virtual time with 8 workers: no handler runs and no
 * clock is read, so the time is all the engine's (the core, its driver, the timers, the record's facts and the
 * result). Divide the time per run by the tasks for µs per task.
 *
 * <p>JMH: {@code java -jar bench/target/benchmarks.jar VirtualTimeBench -p tasks=100000}. For a profiler, the
 * same runs without JMH, the plan made once and each run timed:
 * {@code java -Xmx2g -cp bench/target/benchmarks.jar io.specgraph.bench.VirtualTimeBench 100000 20}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class VirtualTimeBench {
    /** The number of tasks. */
    @Param({"100000"})
    public int tasks;

    private Path folder;
    private Plan plan;
    private Engine engine;

    /** Generates, loads, validates and plans the spec; none of it is measured. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = TempFolders.create("specgraph-vt-");
        plan = plan(folder, tasks);
        engine = engine();
    }

    /** Deletes the spec. */
    @TearDown(Level.Trial)
    public void tearDown() {
        TempFolders.delete(folder);
    }

    /** One run of the plan in virtual time, its result checked. */
    @Benchmark
    public RunResult run() {
        return checked(engine.run(plan), tasks);
    }

    static Plan plan(Path folder, int tasks) throws IOException {
        PipelineBench.pipelineSpec(tasks).writeTo(folder);
        Spec spec = Specgraph.load(folder);
        if (!spec.validate().closed()) {
            throw new IllegalStateException("the generated spec is not closed: " + spec.validate().summary());
        }
        return spec.plan();
    }

    static Engine engine() {
        return Engine.builder().workers(8).simulateInVirtualTime().build();
    }

    /** A run that did not succeed with every task would make a broken engine look fast. */
    static RunResult checked(RunResult result, int tasks) {
        if (result.outcome() != RunResult.Outcome.SUCCEEDED || result.tasks().size() != tasks) {
            throw new IllegalStateException("the run " + result.outcome() + " with " + result.tasks().size() + " tasks of " + tasks);
        }
        return result;
    }

    /**
     * {@code VirtualTimeBench TASKS RUNS}: the plan made once, then RUNS runs one after the other, each timed;
     * prints every run and the fastest and median in µs per task. For a profiler (JFR) or a quick comparison.
     */
    public static void main(String[] args) throws IOException {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path folder = TempFolders.create("specgraph-vt-");
        try {
            Plan plan = plan(folder, tasks);
            Engine engine = engine();
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                checked(engine.run(plan), tasks);
                nanos[i] = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "run %2d: %8.1f ms, %6.2f µs/task%n", i + 1, nanos[i] / 1e6, nanos[i] / 1e3 / tasks);
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "%d tasks, %d runs: fastest %.2f µs/task, median %.2f µs/task%n", tasks, runs,
                    nanos[0] / 1e3 / tasks, nanos[runs / 2] / 1e3 / tasks);
        } finally {
            TempFolders.delete(folder);
        }
    }
}
