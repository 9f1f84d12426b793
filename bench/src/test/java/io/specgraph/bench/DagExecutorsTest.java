package io.specgraph.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dexecutor.core.task.ExecutionResults;
import io.specgraph.Specgraph;
import io.specgraph.bench.SpecGenerator.Shape;
import io.specgraph.plan.Plan;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The executors the engine is compared with are correct, or the comparison would mean nothing: on every
 * shape, each runs every node exactly once and never before all its predecessors have finished.
 */
class DagExecutorsTest {
    private static final int WORKERS = 4;
    private static ForkJoinPool floorPool;
    private static ExecutorService dexecutorPool;

    @BeforeAll
    static void startPools() {
        floorPool = CompletableFutureDag.newPool(WORKERS);
        dexecutorPool = Executors.newFixedThreadPool(WORKERS);
    }

    @AfterAll
    static void stopPools() {
        floorPool.shutdownNow();
        dexecutorPool.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theFloorRunsEveryNodeOnceAfterItsPredecessors(Shape shape) throws Exception {
        Dag dag = dagOf(shape, 2_000);
        Order order = new Order(dag);
        new CompletableFutureDag(dag).run(floorPool, order).get(10, TimeUnit.SECONDS);
        order.assertRespects(dag);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void dexecutorRunsEveryNodeOnceAfterItsPredecessors(Shape shape) {
        // a fan-in of 2,000 costs Dexecutor seconds (its readiness check is quadratic in the predecessors)
        Dag dag = dagOf(shape, shape == Shape.FAN ? 500 : 2_000);
        Order order = new Order(dag);
        ExecutionResults<Integer, Boolean> results = new DexecutorDag(dag).run(dexecutorPool, order);
        assertThat(results.getSuccess()).hasSize(dag.n());
        order.assertRespects(dag);
    }

    @Test
    void theDagOfAPlanIsTheGraphTheGeneratorDrew(@TempDir Path dir) {
        SpecGenerator generator = SpecGenerator.builder().tasks(300).phases(1).agents(3).shape(Shape.RANDOM).seed(5).build();
        generator.writeTo(dir);
        Plan plan = Specgraph.load(dir).plan();
        Dag fromPlan = Dag.of(plan);
        Dag drawn = Dag.fromPredecessors(generator.dependencies());
        // plan.nodes() keeps the tasks in the order the generator wrote them, so the indices agree
        assertThat(plan.nodes().get(42).id()).isEqualTo(SpecGenerator.NS + "t42");
        assertThat(fromPlan.n()).isEqualTo(300);
        assertThat(fromPlan.predecessorCounts()).containsExactly(drawn.predecessorCounts());
        for (int v = 0; v < 300; v++) {
            assertThat(fromPlan.successors()[v]).as("successors of %d", v).containsExactlyInAnyOrder(drawn.successors()[v]);
        }
    }

    @Test
    void aFailingActionEndsTheFloorsRunWithItsException() {
        Dag dag = dagOf(Shape.CHAIN, 100);
        AtomicLong ran = new AtomicLong();
        IntConsumer failAt50 = v -> {
            ran.incrementAndGet();
            if (v == 50) {
                throw new IllegalStateException("node 50 failed");
            }
        };
        assertThatThrownBy(() -> new CompletableFutureDag(dag).run(floorPool, failAt50).join())
                .isInstanceOf(CompletionException.class).hasRootCauseMessage("node 50 failed");
        assertThat(ran.get()).isEqualTo(51); // nothing after the failure in a chain
    }

    @Test
    void anEmptyDagIsDoneAtOnce() {
        Dag empty = new Dag(0, new int[0][], new int[0]);
        assertThat(new CompletableFutureDag(empty).run(floorPool, v -> {}).join()).isNull();
    }

    @Test
    void inconsistentArraysAreRefused() {
        assertThatThrownBy(() -> new Dag(2, new int[][] {{1}, {}}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match");
        assertThatThrownBy(() -> new Dag(2, new int[][] {{2}, {}}, new int[] {0, 1}))
                .hasMessageContaining("outside 0..1");
    }

    private static Dag dagOf(Shape shape, int tasks) {
        return Dag.fromPredecessors(SpecGenerator.builder().tasks(tasks).phases(1).agents(1).shape(shape)
                .meanInDegree(2).seed(7).build().dependencies());
    }

    /**
     * Records, for each node, how often it ran and when it started and finished, by a global sequence, so
     * that every edge can be checked afterwards: the successor started after the predecessor finished.
     */
    private static final class Order implements IntConsumer {
        private final AtomicLong clock = new AtomicLong();
        private final AtomicIntegerArray runs;
        private final long[] started;
        private final long[] finished;

        Order(Dag dag) {
            runs = new AtomicIntegerArray(dag.n());
            started = new long[dag.n()];
            finished = new long[dag.n()];
        }

        @Override
        public void accept(int v) {
            // each slot is written by the one thread running v; the executor's hand-off to the successor
            // (and the final join) publishes it
            started[v] = clock.incrementAndGet();
            runs.incrementAndGet(v);
            Thread.onSpinWait(); // a moment of "work", so that a missing dependency has a chance to show
            finished[v] = clock.incrementAndGet();
        }

        void assertRespects(Dag dag) {
            for (int v = 0; v < dag.n(); v++) {
                assertThat(runs.get(v)).as("runs of node %d", v).isEqualTo(1);
            }
            long edges = 0;
            for (int v = 0; v < dag.n(); v++) {
                for (int s : dag.successors()[v]) {
                    edges++;
                    if (started[s] <= finished[v]) {
                        throw new AssertionError("node " + s + " started (" + started[s] + ") before its predecessor " + v
                                + " finished (" + finished[v] + ")");
                    }
                }
            }
            assertThat(edges).isEqualTo(dag.edgeCount()).isPositive();
        }
    }
}
