package io.specgraph.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A run started with {@link Engine#start}: wait for it, or cancel it. */
public final class RunHandle {
    private final Scheduler scheduler;
    private final CompletableFuture<RunResult> future;

    /** The driver of the run (for tests of the engine). */
    Scheduler scheduler() {
        return scheduler;
    }

    RunHandle(Scheduler scheduler, CompletableFuture<RunResult> future) {
        this.scheduler = scheduler;
        this.future = future;
    }

    /** The run's short id (its store's id, for a durable run). */
    public String runId() {
        return scheduler.runId();
    }

    /**
     * Stops this process's part of the run and leaves it resumable: running handlers are interrupted, nothing is
     * decided about them (a resumed run records their attempts as interrupted and starts them again), and
     * {@link #await()} returns a result with {@link RunResult.Outcome#INTERRUPTED}. For a run without a store
     * it is simply stopped. Returns at once.
     */
    public void interrupt() {
        scheduler.suspend("interrupted by the host");
    }

    /**
     * Approves the approval gate {@code gate} (its IRI or local name) as the agent {@code as} (an IRI, local name
     * or label); the run takes the decision at once. The first decision on a gate stands.
     *
     * @throws IllegalArgumentException when the gate or agent is unknown, the gate has no approval, or the agent
     *                                  may not decide on it (the message says who may)
     */
    public void approve(String gate, String as, String comment) {
        scheduler.decide(gate, as, comment, true);
    }

    /** Rejects an approval gate, as {@link #approve} approves it: the gate fails and compensation runs. */
    public void reject(String gate, String as, String comment) {
        scheduler.decide(gate, as, comment, false);
    }

    /** The run's IRI, as written in the run record. */
    public String runIri() {
        return scheduler.runIri();
    }

    /**
     * Cancels the run: running handlers are told to stop (their threads interrupted, commands killed) and
     * end {@link TaskState#CANCELLED} (one that completes its work anyway ends {@link TaskState#SUCCEEDED},
     * since its effects happened), nothing new starts, and every task not started ends CANCELLED. Returns at once;
     * {@link #await()} returns the result once the handlers have stopped.
     */
    public void cancel() {
        scheduler.cancel("the run was cancelled");
    }

    /** Waits for the run to end and returns its result. */
    public RunResult await() throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Waits at most {@code limit} for the run to end; empty when it is still going. */
    public Optional<RunResult> await(Duration limit) throws InterruptedException {
        try {
            return Optional.of(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** True once the run has ended. */
    public boolean done() {
        return future.isDone();
    }

    /** The result as a future, for composing with other asynchronous work. */
    public CompletableFuture<RunResult> future() {
        return future.copy();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new CompletionException(cause);
    }
}
