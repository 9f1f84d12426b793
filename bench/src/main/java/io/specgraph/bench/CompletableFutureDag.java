package io.specgraph.bench;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/**
 * The floor the engine's scheduler is measured against: the least an in-process executor must do to run a
 * DAG on a pool of threads, and nothing more. Each run keeps one atomic counter of unfinished predecessors
 * per node; a node is submitted to the pool when its counter reaches zero, runs its action there, then
 * counts down its successors; the run's {@link CompletableFuture} completes when the last of the {@code n}
 * nodes has run.
 *
 * <p>It is honest, not a shortcut: every node's action runs on the pool (never on the caller, never inline
 * in a predecessor's task), no node starts before all its predecessors have finished their action, and the
 * future completes only after every node has run. What it leaves out is everything the engine does besides
 * ordering: no priorities, no limits other than the pool's size, no retries, timeouts, events, timestamps or
 * record. The difference between the engine and this floor is therefore the price of those features plus
 * any waste.
 *
 * <p>A {@link ForkJoinPool} of {@code workers} threads ({@link #newPool}) is the fastest pool for it:
 * a task submitted from a worker goes to that worker's own queue without a shared lock, and idle workers
 * steal. A fixed thread pool (one shared queue) is slower, which would flatter the engine.
 *
 * <p>An instance holds only the graph; each {@link #run} has its own counters, so runs may overlap.
 */
public final class CompletableFutureDag {
    private final Dag dag;

    /** An executor for this DAG; the graph must be acyclic (a {@link Dag} from a plan always is). */
    public CompletableFutureDag(Dag dag) {
        this.dag = Objects.requireNonNull(dag, "dag");
    }

    /** The pool the floor is measured with: {@code workers} platform threads that steal work from each other. */
    public static ForkJoinPool newPool(int workers) {
        return new ForkJoinPool(workers);
    }

    /**
     * Starts a run: {@code action} is called once per node, on {@code pool}, after the actions of all the
     * node's predecessors have returned.
     *
     * @return a future that completes when every node has run, or completes exceptionally with the first
     *         exception an action threw (after which no further node is submitted)
     */
    public CompletableFuture<Void> run(Executor pool, IntConsumer action) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(action, "action");
        Run run = new Run(pool, action);
        if (dag.n() == 0) {
            run.finished.complete(null);
            return run.finished;
        }
        int[] counts = dag.predecessorCounts();
        for (int v = 0; v < counts.length; v++) {
            if (counts[v] == 0) {
                run.submit(v);
            }
        }
        return run.finished;
    }

    /** The state of one run. */
    private final class Run {
        final Executor pool;
        final IntConsumer action;
        final AtomicIntegerArray waitingFor = new AtomicIntegerArray(dag.predecessorCounts());
        final AtomicInteger unfinished = new AtomicInteger(dag.n());
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Run(Executor pool, IntConsumer action) {
            this.pool = pool;
            this.action = action;
        }

        void submit(int v) {
            pool.execute(() -> runNode(v));
        }

        void runNode(int v) {
            if (finished.isDone()) {
                return; // an earlier action failed: the run is over, do not start more work
            }
            try {
                action.accept(v);
            } catch (Throwable t) {
                finished.completeExceptionally(t);
                return;
            }
            for (int s : dag.successors()[v]) {
                // the decrement that reaches zero is the last predecessor: exactly one thread submits s
                if (waitingFor.decrementAndGet(s) == 0) {
                    submit(s);
                }
            }
            if (unfinished.decrementAndGet() == 0) {
                finished.complete(null);
            }
        }
    }
}
