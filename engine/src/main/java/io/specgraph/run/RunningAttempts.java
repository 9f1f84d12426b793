package io.specgraph.run;

import io.specgraph.plan.PlanWriter;
import java.time.Duration;

/**
 * The attempts that hold a worker slot: for each, its number, when it started, its time limit, and whether the
 * core has told it to stop and why. Decides how an attempt ends: as its handler returned or threw, unless the
 * core stopped it first (a time limit, fail-fast, a cancel), or its handler did not stop within the grace period.
 */
final class RunningAttempts {
    /** How an attempt ended, and why (empty for a success). */
    record Ending(TaskState state, String reason) {
        /** How nearly every attempt ends; one value for all of them, as a run ends 100k attempts this way. */
        static final Ending SUCCEEDED = new Ending(TaskState.SUCCEEDED, "");
    }

    /** An attempt holding a slot. */
    static final class Running {
        final int number;
        final long startNanos;
        /** Its time limit, or null. */
        final Duration limit;
        private TaskState stoppedAs;
        private String stoppedWhy;

        private Running(int number, long startNanos, Duration limit) {
            this.number = number;
            this.startNanos = startNanos;
            this.limit = limit;
        }

        /** The core has told it to stop. */
        boolean stopping() {
            return stoppedAs != null;
        }

        /**
         * Its handler returned ({@code error} null) or threw. A stopped attempt ends as the core decided, except
         * that a cancelled one whose handler returned normally finished its work: it counts as a success.
         */
        Ending returned(Throwable error) {
            if (stoppedAs != null) {
                TaskState as = error == null && stoppedAs == TaskState.CANCELLED ? TaskState.SUCCEEDED : stoppedAs;
                return as == TaskState.SUCCEEDED ? Ending.SUCCEEDED : new Ending(as, stoppedWhy);
            }
            return error == null ? Ending.SUCCEEDED : new Ending(TaskState.FAILED, RunCore.describe(error));
        }

        /** It was told to stop, and its handler had not returned when the grace period ran out. */
        Ending abandoned(Duration grace) {
            return new Ending(stoppedAs, stoppedWhy + "; its handler did not stop within " + PlanWriter.human(grace)
                    + " and was abandoned");
        }
    }

    private final Running[] running;
    private final Decisions out;
    private final boolean virtual;
    private final Duration cancelGrace;
    private int count;

    /**
     * @param virtual     whether the run is in virtual time: a stopped attempt then ends at once (the driver
     *                    interrupts a simulated handler), so no grace timer is armed
     * @param cancelGrace how long a stopped handler may take to return before its attempt is abandoned
     */
    RunningAttempts(int nodes, Decisions out, boolean virtual, Duration cancelGrace) {
        this.running = new Running[nodes];
        this.out = out;
        this.virtual = virtual;
        this.cancelGrace = cancelGrace;
    }

    /** Attempt {@code number} of the task at v takes a slot at {@code at}, with time limit {@code limit} (or null). */
    Running start(int v, int number, long at, Duration limit) {
        Running r = new Running(number, at, limit);
        running[v] = r;
        count++;
        return r;
    }

    /** The task's running attempt, or null. */
    Running of(int v) {
        return running[v];
    }

    /** The task's running attempt if it is number {@code attempt}; null for an attempt that has ended already. */
    Running current(int v, int attempt) {
        Running r = running[v];
        return r != null && r.number == attempt ? r : null;
    }

    /** How many attempts hold a slot. */
    int count() {
        return count;
    }

    /**
     * Tells the task's running attempt to stop, to end {@code as} for {@code why}; the first reason given wins.
     * In real time it gets the grace period to return.
     */
    void stop(int v, TaskState as, String why, long now) {
        Running r = running[v];
        if (r == null || r.stoppedAs != null) {
            return;
        }
        r.stoppedAs = as;
        r.stoppedWhy = why;
        out.add(new CoreDecision.StopAttempt(v, r.number));
        if (!virtual) {
            out.arm(now + cancelGrace.toNanos(), CoreDecision.ArmTimer.Kind.GRACE, v, r.number);
        }
    }

    /** The task's attempt has ended: its slot frees. */
    Running end(int v) {
        Running r = running[v];
        running[v] = null;
        count--;
        return r;
    }
}
