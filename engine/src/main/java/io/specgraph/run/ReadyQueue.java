package io.specgraph.run;

import io.specgraph.plan.Admission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntToLongFunction;

/**
 * The tasks that may start, highest priority first (equal priorities by node index, so that the order never
 * depends on when a task was added), and the ready tasks parked on a limit, which try again when it frees.
 * With {@link TaskOrder#CRITICAL_PATH} a task's priority is its remaining path; with {@link TaskOrder#FIFO}
 * the order in which tasks became ready. Compensation tasks go before all: they undo work.
 */
final class ReadyQueue {
    private final long[] priority;
    private final boolean fifo;
    private final int planNodes;
    private final PriorityQueue<Integer> ready;
    private final Map<Admission.Limit, List<Integer>> parked = new HashMap<>();
    /** For {@link TaskOrder#FIFO}: how many tasks have become ready so far. */
    private long readySeq;

    /**
     * @param remaining the remaining path of a plan node (used with {@link TaskOrder#CRITICAL_PATH})
     * @param planNodes how many nodes the plan has; those from here up to {@code total} are compensation tasks
     */
    ReadyQueue(TaskOrder order, IntToLongFunction remaining, int planNodes, int total) {
        this.fifo = order == TaskOrder.FIFO;
        this.planNodes = planNodes;
        this.priority = new long[total];
        for (int v = 0; v < total; v++) {
            priority[v] = v >= planNodes ? Long.MAX_VALUE : fifo ? 0 : remaining.applyAsLong(v);
        }
        this.ready = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(priority[b], priority[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    /**
     * The task has become ready (resolved, or due to retry). With {@link TaskOrder#FIFO} it takes the next place
     * in line here, and keeps it while it is parked.
     */
    void becameReady(int v) {
        if (fifo && v < planNodes) {
            priority[v] = -++readySeq; // the first to become ready has the highest priority; compensation stays above all
        }
        ready.add(v);
    }

    /** Puts the task back in line with the priority it has (a compensation task, or one taken off to be drained). */
    void add(int v) {
        ready.add(v);
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    /** Takes the task that goes next. */
    int next() {
        return ready.poll();
    }

    /** The task may not start until {@code limit} frees. */
    void park(int v, Admission.Limit limit) {
        parked.computeIfAbsent(limit, k -> new ArrayList<>()).add(v);
    }

    /** These limits have freed: the tasks parked on them are back in line. */
    void freed(List<Admission.Limit> limits) {
        for (Admission.Limit limit : limits) {
            List<Integer> waiting = parked.remove(limit);
            if (waiting != null) {
                ready.addAll(waiting);
            }
        }
    }

    /** Takes every task, in line or parked, off the queue; returns them by node index. */
    List<Integer> drain() {
        List<Integer> waiting = new ArrayList<>(ready);
        parked.values().forEach(waiting::addAll);
        ready.clear();
        parked.clear();
        waiting.sort(Integer::compare);
        return waiting;
    }
}
