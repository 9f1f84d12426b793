package io.specgraph.run;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The compensation of a run: which succeeded work has had its {@code sg:compensatedBy} task queued, the queue of
 * compensation tasks (run one at a time, in the order queued), and what each one compensates. A compensation
 * task runs at most once per run; work that completes after it ran is not compensated, and says so.
 */
final class Compensations {
    /** What {@link #add} did with the compensation task. */
    enum Added {
        /** Queued, to compensate this work. */
        QUEUED,
        /** Queued or running already: it now also compensates this work. */
        JOINED,
        /** It has run already and will not run again: this work stays uncompensated. */
        TOO_LATE
    }

    private final boolean[] covered;
    private final boolean[] queued;
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private final Map<Integer, String> reason = new HashMap<>();
    private boolean active;

    Compensations(int nodes) {
        this.covered = new boolean[nodes];
        this.queued = new boolean[nodes];
    }

    /** Whether the work at {@code work} has been handed to its compensation already. */
    boolean covered(int work) {
        return covered[work];
    }

    /**
     * Hands the work at {@code work} (named {@code label}) to the compensation task at {@code compensation};
     * {@code ended}: that task has ended already.
     */
    Added add(int work, String label, int compensation, boolean ended) {
        covered[work] = true;
        if (!queued[compensation]) {
            queued[compensation] = true;
            queue.add(compensation);
            reason.put(compensation, "compensating " + label);
            return Added.QUEUED;
        }
        if (!ended) {
            reason.merge(compensation, ", " + label, String::concat);
            return Added.JOINED;
        }
        return Added.TOO_LATE;
    }

    /** The compensation task to start now, or -1 when one is running or none waits. */
    int startNext() {
        if (active || queue.isEmpty()) {
            return -1;
        }
        active = true;
        return queue.poll();
    }

    /** The running compensation task has ended. */
    void ended() {
        active = false;
    }

    /** The next queued compensation task, taken off the queue (to cancel it), or -1. */
    int takeQueued() {
        return queue.isEmpty() ? -1 : queue.poll();
    }

    /** Nothing compensates now and nothing waits to. */
    boolean idle() {
        return !active && queue.isEmpty();
    }

    /** What the compensation task compensates ("compensating a, b"), or "" when it was never queued. */
    String reason(int compensation) {
        return reason.getOrDefault(compensation, "");
    }
}
