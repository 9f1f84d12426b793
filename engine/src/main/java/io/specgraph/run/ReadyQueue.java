package io.specgraph.run;

import io.specgraph.internal.Admission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * The tasks that may start, highest priority first (equal priorities by node index, so that the order never
 * depends on when a task was added), and the ready tasks parked on a limit, which try again when it frees.
 * With {@link TaskOrder#CRITICAL_PATH} a task's priority is its remaining path; with {@link TaskOrder#FIFO}
 * the order in which tasks became ready. Compensation tasks go before all: they undo work.
 *
 * <p>The line is a binary heap of node indexes on an {@code int[]}, each slot's priority in a {@code long[]} beside
 * it: every task of a run passes through it (a queue of {@code Integer} boxed most of them), and a wide DAG makes it
 * deep. (priority, index) is a total order, so the order taken out does not depend on how the heap arranges its
 * ties.
 */
final class ReadyQueue {
    private final long[] priority;
    private final boolean fifo;
    private final int planNodes;
    /** The tasks in line, a binary heap: {@code heap[0]} goes next. */
    private int[] heap = new int[64];
    /** {@code keys[i]} is the priority of {@code heap[i]}. */
    private long[] keys = new long[64];
    private int size;
    /** The tasks parked on each limit, in the order parked; a queue stays with its limit once made. */
    private final Map<Admission.Limit, IntQueue> parked = new HashMap<>();
    private int parkedCount;
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
    }

    /**
     * Whether the task at a, of priority pa, goes before the one at b, of priority pb. The heap keeps each entry's
     * priority beside it, so that a comparison reads neighbouring slots rather than the per-node array at two
     * unrelated places.
     */
    private static boolean before(long pa, int a, long pb, int b) {
        return pa != pb ? pa > pb : a < b;
    }

    private void push(int v) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        placeUpFrom(size++, v, priority[v]);
    }

    /** Puts node v, of priority p, in the heap at the free slot i or, moving its parents down, above it. */
    private void placeUpFrom(int i, int v, long p) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(p, v, keys[parent], heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            keys[i] = keys[parent];
            i = parent;
        }
        heap[i] = v;
        keys[i] = p;
    }

    /**
     * Takes the top. The hole it leaves goes down to a leaf along the better children (one comparison a level),
     * and the last entry is put there and moved up: it belongs near the bottom, so that costs about half the
     * comparisons of sifting it down from the top.
     */
    private int pop() {
        int top = heap[0];
        int n = --size;
        if (n == 0) {
            return top;
        }
        int i = 0;
        int child;
        while ((child = 2 * i + 1) < n) {
            if (child + 1 < n && before(keys[child + 1], heap[child + 1], keys[child], heap[child])) {
                child++;
            }
            heap[i] = heap[child];
            keys[i] = keys[child];
            i = child;
        }
        placeUpFrom(i, heap[n], keys[n]);
        return top;
    }

    /**
     * The task has become ready (resolved, or due to retry). With {@link TaskOrder#FIFO} it takes the next place
     * in line here, and keeps it while it is parked.
     */
    void becameReady(int v) {
        if (fifo && v < planNodes) {
            priority[v] = -++readySeq; // the first to become ready has the highest priority; compensation stays above all
        }
        push(v);
    }

    /** Puts the task back in line with the priority it has (a compensation task, or one taken off to be drained). */
    void add(int v) {
        push(v);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Takes the task that goes next. */
    int next() {
        if (size == 0) {
            throw new java.util.NoSuchElementException("no task is ready");
        }
        return pop();
    }

    /** Whether some task waits for a limit to free (if not, a freed limit has nobody to let in). */
    boolean anyParked() {
        return parkedCount > 0;
    }

    /** The task may not start until {@code limit} frees. */
    void park(int v, Admission.Limit limit) {
        IntQueue waiting = parked.get(limit);
        if (waiting == null) {
            waiting = new IntQueue();
            parked.put(limit, waiting);
        }
        waiting.add(v); // no boxed Integer per parked task
        parkedCount++;
    }

    /** These limits have freed: the tasks parked on them are back in line. */
    void freed(List<Admission.Limit> limits) {
        for (int i = 0, count = limits.size(); i < count; i++) {
            IntQueue waiting = parked.get(limits.get(i));
            if (waiting != null) {
                parkedCount -= waiting.size();
                while (!waiting.isEmpty()) {
                    push(waiting.poll());
                }
            }
        }
    }

    /** Takes every task, in line or parked, off the queue; returns them by node index. */
    List<Integer> drain() {
        List<Integer> waiting = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            waiting.add(heap[i]);
        }
        for (IntQueue q : parked.values()) {
            while (!q.isEmpty()) {
                waiting.add(q.poll());
            }
        }
        size = 0;
        parkedCount = 0;
        waiting.sort(Integer::compare);
        return waiting;
    }
}
