package io.specgraph.run;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The timers the core armed, in the order they fall due: by time, and those due at the same time in the order
 * they were armed (so that an attempt's simulated end, armed before its timeout, wins a tie with it).
 */
final class Timers {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long armed;

    private record Entry(long at, long seq, CoreDecision.ArmTimer timer) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    void arm(CoreDecision.ArmTimer timer) {
        queue.add(new Entry(timer.at(), armed++, timer));
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** When the next timer falls due; only when there is one. */
    long nextAt() {
        return queue.peek().at;
    }

    /** Whether a timer is due at {@code now} or before. */
    boolean anyDue(long now) {
        return !queue.isEmpty() && queue.peek().at <= now;
    }

    /** Takes every timer due at {@code now} or before, in order. */
    List<CoreDecision.ArmTimer> takeDue(long now) {
        List<CoreDecision.ArmTimer> due = new ArrayList<>();
        while (anyDue(now)) {
            due.add(queue.poll().timer);
        }
        return due;
    }
}
