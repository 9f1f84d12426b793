package io.specgraph.run;

/**
 * Which ready task takes a free worker first. Whatever the order, a task starts only within the worker,
 * phase, agent and resource limits, and compensation always goes first: it undoes work.
 */
public enum TaskOrder {
    /**
     * The default: the ready task with the longest remaining path (its own estimated duration plus the
     * longest chain of work after it) starts first, ties in plan order. This is the order
     * {@link io.specgraph.plan.Plan#estimatedMakespan(int)} assumes.
     */
    CRITICAL_PATH,
    /**
     * In the order tasks became ready, as a plain work queue would: the task waiting longest starts first,
     * tasks that became ready together in plan order. A task that waited for a phase, agent or resource
     * limit keeps its place; a retry queues again when its backoff ends.
     */
    FIFO
}
