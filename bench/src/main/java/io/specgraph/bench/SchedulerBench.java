package io.specgraph.bench;

import com.github.dexecutor.core.task.ExecutionResults;
import io.specgraph.Specgraph;
import io.specgraph.bench.SpecGenerator.Shape;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanNode;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The scheduler's overhead (issue 6, item 2): the engine runs a plan of no-op tasks, and the same DAG runs
 * on the in-process floor ({@link CompletableFutureDag}) and on a peer DAG executor ({@link DexecutorDag})
 * with the same number of workers. With nothing to do in the tasks, the time is all scheduling. The goal:
 * the engine within 1.5 times the floor on every shape at 100,000 tasks, and faster than Dexecutor.
 *
 * <p>Each trial generates its spec once ({@link SpecGenerator}, one phase so that the planner adds no gate
 * or barrier, agents whose concurrency is at least the worker count so that only the worker limit binds)
 * and loads its plan once; what is measured is one whole run of the DAG. Every task does the same work in
 * all three: it counts itself in a {@link LongAdder}. Each benchmark checks afterwards that all {@code n}
 * tasks ran (and that the engine's run succeeded), and throws if not, so a broken executor cannot look fast.
 *
 * <p>Per run, the engine builds its scheduler state from the plan and writes its record, Dexecutor builds
 * its graph (it cannot be reused, see {@link DexecutorDag}), and the floor allocates its counters; each is
 * measured with that cost, since each must pay it for every run. {@link #dexecutorBuild} measures
 * Dexecutor's build alone, to show how much of its time that is.
 *
 * <p>"Workers" means the same limit in all three, not the same threads: the floor and Dexecutor get a pool
 * of that many platform threads, the engine runs at most that many handlers at once, each on its own
 * virtual thread (carried by the JVM's default scheduler, one carrier per core).
 *
 * <p>The heap is fixed (2 GB) so that the engine's garbage, mostly its run record, costs the same in every
 * fork; note that {@code -jvmArgsAppend} on the command line replaces it rather than adding to it.
 *
 * <p>Run with {@code java -jar bench/target/benchmarks.jar SchedulerBench}; e.g.
 * {@code -p tasks=100000 -p workers=8}. Average time per run, in milliseconds: runs last from a few
 * milliseconds to seconds, and an average over one-second iterations is steadier than single shots.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SchedulerBench {
    /** The DAG's shape. */
    @Param({"CHAIN", "FAN", "RANDOM"})
    public Shape shape;

    /** The number of tasks. */
    @Param({"10000", "100000"})
    public int tasks;

    /** The worker limit of the engine and the pool size of the other two. */
    @Param({"4"})
    public int workers;

    /** The widest fan-in Dexecutor is asked to run; see {@link #dexecutor}. */
    static final int DEXECUTOR_MAX_FAN_IN = 2_000;

    private Path folder;
    private Plan plan;
    private Dag dag;
    private Engine engine;
    private CompletableFutureDag floor;
    private DexecutorDag dexecutor;
    private ForkJoinPool floorPool;
    private ExecutorService dexecutorPool;
    private int maxFanIn;
    // the same work in every task of every executor: count itself
    private final LongAdder ran = new LongAdder();
    private final IntConsumer count = v -> ran.increment();

    /** Generates and loads the spec, and starts the pools; none of it is measured. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = TempFolders.create("specgraph-sched-");
        SpecGenerator.builder().tasks(tasks).phases(1).agents(Math.min(8, tasks)).agentConcurrency(workers)
                .shape(shape).meanInDegree(2).seed(1).build().writeTo(folder);
        plan = Specgraph.load(folder).plan();
        if (plan.nodes().size() != tasks || plan.nodes().stream().anyMatch(n -> n.kind() != PlanNode.Kind.TASK)) {
            throw new IllegalStateException("expected a plan of " + tasks + " tasks and nothing else, got "
                    + plan.nodes().size() + " nodes");
        }
        dag = Dag.of(plan);
        maxFanIn = Arrays.stream(dag.predecessorCounts()).max().orElse(0);
        engine = Engine.builder().workers(workers).handler("noop", ctx -> {
            ran.increment();
            return null;
        }).build();
        floor = new CompletableFutureDag(dag);
        floorPool = CompletableFutureDag.newPool(workers);
        dexecutor = new DexecutorDag(dag);
        dexecutorPool = Executors.newFixedThreadPool(workers);
    }

    /** Stops the pools and deletes the spec. */
    @TearDown(Level.Trial)
    public void tearDown() {
        floorPool.shutdownNow();
        dexecutorPool.shutdownNow();
        TempFolders.delete(folder);
    }

    /** The engine runs the plan: {@code Engine.run}, result and record included. */
    @Benchmark
    public void engine(Blackhole bh) {
        ran.reset();
        RunResult result = engine.run(plan);
        if (result.outcome() != RunResult.Outcome.SUCCEEDED || result.tasks().size() != tasks) {
            throw new IllegalStateException("the engine's run " + result.outcome() + " with " + result.tasks().size()
                    + " tasks of " + tasks);
        }
        check("the engine");
        bh.consume(result);
    }

    /** The floor runs the DAG. */
    @Benchmark
    public void completableFuture(Blackhole bh) {
        ran.reset();
        bh.consume(floor.run(floorPool, count).join());
        check("the CompletableFuture floor");
    }

    /**
     * Dexecutor builds its graph and runs it. Refused for a fan-in wider than {@value #DEXECUTOR_MAX_FAN_IN}:
     * Dexecutor's readiness check grows with about the cube of the fan-in (a 4,000-way fan-in takes 7 to 10 s,
     * a 10,000-way one over 3 minutes), so the fans of 10k and 100k tasks would take minutes to days.
     */
    @Benchmark
    public void dexecutor(Blackhole bh) {
        if (maxFanIn > DEXECUTOR_MAX_FAN_IN) {
            throw new UnsupportedOperationException("Dexecutor 2.1.2 is not measured on a fan-in of " + maxFanIn
                    + " (more than " + DEXECUTOR_MAX_FAN_IN + "): it would take minutes to days; see DexecutorDag");
        }
        ran.reset();
        ExecutionResults<Integer, Boolean> results = dexecutor.run(dexecutorPool, count);
        if (results.getSuccess().size() != tasks) {
            throw new IllegalStateException("Dexecutor reported " + results.getSuccess().size() + " successes of " + tasks);
        }
        check("Dexecutor");
        bh.consume(results);
    }

    /** Only Dexecutor's build: a new instance with every edge added, not executed. */
    @Benchmark
    public void dexecutorBuild(Blackhole bh) {
        // never executed, so its retry pools are never shut down; they start no thread until used, and are
        // simply garbage
        bh.consume(dexecutor.build(dexecutorPool, count));
    }

    private void check(String who) {
        long n = ran.sum();
        if (n != tasks) {
            throw new IllegalStateException(who + " ran " + n + " tasks of " + tasks);
        }
    }
}
