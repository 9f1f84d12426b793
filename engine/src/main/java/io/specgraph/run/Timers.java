package io.specgraph.run;

import java.util.Arrays;
import java.util.List;

/**
 * The timers the core armed, in the order they fall due: by time, and those due at the same time in the order
 * they were armed (so that an attempt's simulated end, armed before its timeout, wins a tie with it).
 *
 * <p>A binary heap on parallel arrays (when, the order armed, the timer): in virtual time every attempt of a
 * run is a timer, and an entry object per timer was a good part of what a simulated task cost. (when, order
 * armed) is a total order, so what falls due comes out the same however the heap arranges itself.
 */
final class Timers {
    private long[] at = new long[64];
    private long[] seq = new long[64];
    private CoreDecision.ArmTimer[] timer = new CoreDecision.ArmTimer[64];
    private int size;
    private long armed;

    void arm(CoreDecision.ArmTimer t) {
        if (size == at.length) {
            at = Arrays.copyOf(at, size * 2);
            seq = Arrays.copyOf(seq, size * 2);
            timer = Arrays.copyOf(timer, size * 2);
        }
        long when = t.at();
        long order = armed++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(when, order, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, when, order, t);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** When the next timer falls due; only when there is one. */
    long nextAt() {
        return at[0];
    }

    /** Whether a timer is due at {@code now} or before. */
    boolean anyDue(long now) {
        return size > 0 && at[0] <= now;
    }

    /**
     * Takes every timer due at {@code now} or before, in order, as an unmodifiable list (an input carries it as it
     * is). In virtual time this is once per instant of the run: the list is made in one go, of its exact size.
     */
    List<CoreDecision.ArmTimer> takeDue(long now) {
        int count = countDue(0, now);
        return switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(poll());
            case 2 -> {
                CoreDecision.ArmTimer first = poll();
                yield List.of(first, poll());
            }
            default -> {
                CoreDecision.ArmTimer[] due = new CoreDecision.ArmTimer[count];
                for (int i = 0; i < count; i++) {
                    due[i] = poll();
                }
                yield List.of(due);
            }
        };
    }

    /** How many timers of the heap under slot i are due at {@code now}: a slot not due has no due slot under it. */
    private int countDue(int i, long now) {
        if (i >= size || at[i] > now) {
            return 0;
        }
        return 1 + countDue(2 * i + 1, now) + countDue(2 * i + 2, now);
    }

    private CoreDecision.ArmTimer poll() {
        CoreDecision.ArmTimer first = timer[0];
        int last = --size;
        long when = at[last];
        long order = seq[last];
        CoreDecision.ArmTimer t = timer[last];
        timer[last] = null;
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && before(at[child + 1], seq[child + 1], child)) {
                child++;
            }
            if (!earlier(at[child], seq[child], when, order)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (size > 0) {
            put(i, when, order, t);
        }
        return first;
    }

    /** Whether (when, order) falls due before the entry at slot i. */
    private boolean before(long when, long order, int i) {
        return earlier(when, order, at[i], seq[i]);
    }

    private static boolean earlier(long when, long order, long otherWhen, long otherOrder) {
        return when != otherWhen ? when < otherWhen : order < otherOrder;
    }

    private void move(int from, int to) {
        at[to] = at[from];
        seq[to] = seq[from];
        timer[to] = timer[from];
    }

    private void put(int i, long when, long order, CoreDecision.ArmTimer t) {
        at[i] = when;
        seq[i] = order;
        timer[i] = t;
    }
}
