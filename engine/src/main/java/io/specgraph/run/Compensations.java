package io.specgraph.run;

import io.specgraph.plan.PlanDag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

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

    /**
     * The node {@code from} (a gate) did not pass: hands the succeeded work before it (its ancestors in the
     * DAG) that has a compensation task and is not covered yet to that task, most recently completed first.
     * Work whose compensation task has run already stays uncompensated, and that task's reason says so.
     *
     * @param compensationOf the node index of the compensation task of the work at a node, or -1 for none
     */
    void didNotPass(int from, PlanDag dag, NodeStates states, IntUnaryOperator compensationOf, IntFunction<String> label) {
        boolean[] seen = new boolean[dag.size()];
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(from);
        List<Integer> work = new ArrayList<>();
        while (!stack.isEmpty()) {
            int v = stack.pop();
            for (int i = 0; i < dag.predecessorCount(v); i++) {
                int p = dag.predecessor(v, i);
                if (!seen[p]) {
                    seen[p] = true;
                    stack.push(p);
                    if (states.ok(p) && !covered[p] && compensationOf.applyAsInt(p) >= 0) {
                        work.add(p);
                    }
                }
            }
        }
        work.sort((a, b) -> Long.compare(states.completedSeq(b), states.completedSeq(a)));
        for (int v : work) {
            int c = compensationOf.applyAsInt(v);
            if (add(v, label.apply(v), c, states.terminal(c)) == Added.TOO_LATE) {
                // a compensation task runs once per run; say what it could not cover, rather than run it twice
                states.addToReason(c, label.apply(v) + " completed after it ran and was not compensated");
            }
        }
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
