package io.specgraph.run;

import io.specgraph.internal.Admission;
import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.BitSet;

/**
 * The attempts of a run's tasks, from the start of each to its end: which ready tasks may start (the worker
 * limit and the {@link Admission} policy), starting one (its time limit and, in virtual time, its simulated end),
 * how it ends (returned, threw, timed out, abandoned after its grace period, or its process gone), and whether a
 * failed attempt is retried after its backoff. What a task's end means for the run (what follows it, whether the
 * run has failed) is the {@link RunCore}'s, told through {@link Flow}. Part of the core: no threads, no clock,
 * every time comes with the call.
 */
final class Attempts {
    /** What the core decides when an attempt's task ends. */
    interface Flow {
        /** The task at v has ended {@code as}, for {@code why}. */
        void finishTask(int v, TaskState as, String why);

        /** The task at v did not succeed (it failed or timed out): the run has failed. */
        void failed(int v);

        /** Whether a failed attempt of the task at v may be retried now (the run is not being stopped). */
        boolean mayRetry(int v);

        /** The reason a success of the task at v is recorded with (empty, or what a compensation covered). */
        String successReason(int v);
    }

    private final Engine engine;
    private final boolean virtual;
    private final PlanTask[] task;
    private final Decisions out;
    private final ReadyQueue ready;
    private final Admission admission;
    private final Contentions contentions;
    private final NodeStates states;
    private final AttemptPolicy policy;
    private final RunningAttempts running;
    private final Flow flow;
    /** Per node, how many of its attempts were interrupted (they do not count as retries). */
    private final int[] interruptions;
    /** The tasks waiting for their backoff to pass before they try again. */
    private final BitSet retrying = new BitSet();
    /**
     * When each running attempt started, as an offset and an instant, made when it starts: the same objects as
     * the end of an attempt that ended at that instant, so that a finished run keeps one of each per instant.
     */
    private final Duration[] startedAfter;
    private final java.time.Instant[] startedAt;

    Attempts(Engine engine, RunNodes nodes, Decisions out, ReadyQueue ready, Admission admission, Contentions contentions,
             NodeStates states, Flow flow) {
        this.engine = engine;
        this.virtual = engine.virtualTime;
        this.task = nodes.task;
        this.out = out;
        this.ready = ready;
        this.admission = admission;
        this.contentions = contentions;
        this.states = states;
        this.policy = new AttemptPolicy(engine);
        this.running = new RunningAttempts(nodes.total, out, virtual, engine.cancelGrace);
        this.flow = flow;
        this.interruptions = new int[nodes.total];
        this.startedAfter = new Duration[nodes.total];
        this.startedAt = new java.time.Instant[nodes.total];
    }

    /** How many attempts hold a worker slot. */
    int runningCount() {
        return running.count();
    }

    /** The number of the attempt of v that is running, or 0. */
    int runningAttempt(int v) {
        RunningAttempts.Running r = running.of(v);
        return r == null ? 0 : r.number;
    }

    /** Some task waits to retry. */
    boolean anyRetrying() {
        return !retrying.isEmpty();
    }

    /**
     * Starts ready tasks, highest priority first, while a worker is free; a task a limit keeps from starting waits
     * for that limit to free. {@code started}: the plan's task at v is starting (before its attempt does).
     */
    void startReady(long now, java.util.function.IntConsumer started) {
        while (running.count() < engine.workers && !ready.isEmpty()) {
            int v = ready.next();
            Admission.Limit blocker = admission.blocker(v);
            if (blocker != null) {
                contentions.blocked(v, blocker);
                ready.park(v, blocker);
                continue;
            }
            started.accept(v);
            launch(v, now);
        }
    }

    private void launch(int v, long now) {
        PlanTask t = task[v];
        int number = states.startAttempt(v);
        Duration limit = policy.timeLimit(t);
        running.start(v, number, now, limit);
        admission.start(v);
        startedAfter[v] = out.offset(now);
        startedAt[v] = out.instantAt(startedAfter[v]);
        if (out.publishing()) {
            out.publish(new RunEvent.TaskStarted(startedAfter[v], t, number));
        }
        out.add(new CoreDecision.StartAttempt(v, number));
        if (virtual) {
            // nothing runs: the attempt succeeds when its estimated duration has passed on the virtual clock,
            // unless its timeout (armed after it, so an estimate equal to the timeout succeeds) comes first
            out.arm(now + t.estimatedDuration().toNanos(), CoreDecision.ArmTimer.Kind.SIMULATED_DONE, v, number);
        }
        if (limit != null) {
            out.arm(now + policy.timeLimitNanos(limit), CoreDecision.ArmTimer.Kind.TIMEOUT, v, number);
        }
    }

    /** An attempt's handler returned or threw; an attempt abandoned after its grace period is over already. */
    void ended(int v, int attempt, Object output, Throwable error, long now) {
        RunningAttempts.Running r = running.current(v, attempt);
        if (r != null) {
            end(v, r.returned(error), output, now);
        }
    }

    /** One of the timers of attempts fired: a time limit, a grace period, a backoff, a simulated end. */
    void timerFired(CoreDecision.ArmTimer t, long now) {
        int v = t.node();
        RunningAttempts.Running r = running.current(v, t.attempt());
        switch (t.kind()) {
            case TIMEOUT -> {
                if (r != null && !r.stopping()) {
                    running.stop(v, TaskState.TIMED_OUT, policy.timedOut(r.limit, task[v], virtual), now);
                }
            }
            case GRACE -> {
                if (r != null) {
                    end(v, r.abandoned(engine.cancelGrace), null, now);
                }
            }
            case RETRY -> {
                if (retrying.get(v)) {
                    retrying.clear(v);
                    ready.becameReady(v);
                }
            }
            // as when a handler returns: an attempt stopped meanwhile ends as it was told
            case SIMULATED_DONE -> ended(v, t.attempt(), null, null, now);
            case GATE, APPROVAL -> throw new IllegalArgumentException("not a timer of an attempt: " + t);
        }
    }

    private void end(int v, RunningAttempts.Ending ending, Object output, long now) {
        RunningAttempts.Running r = running.end(v);
        freeSlot(v);
        TaskState outcome = ending.state();
        String why = ending.reason();
        Duration stop = out.offset(now);
        ended(v, r, outcome, stop, why);
        if (outcome == TaskState.SUCCEEDED) {
            if (output != null) {
                out.add(new CoreDecision.KeepOutput(task[v].iri(), output));
            }
            flow.finishTask(v, TaskState.SUCCEEDED, flow.successReason(v));
            return;
        }
        boolean failedAttempt = outcome == TaskState.FAILED || outcome == TaskState.TIMED_OUT;
        if (failedAttempt && policy.retriesAfter(task[v], r.number - interruptions[v]) && flow.mayRetry(v)) {
            out.publish(new RunEvent.TaskFinished(stop, task[v], r.number, outcome, why, true));
            retrying.set(v);
            out.arm(now + policy.backoffNanos(r.number), CoreDecision.ArmTimer.Kind.RETRY, v, r.number);
            return;
        }
        flow.finishTask(v, outcome, why);
        if (failedAttempt) {
            flow.failed(v);
        }
    }

    /** The attempt r of v ended {@code as} at {@code stop}: a line of the task's timeline and of the record. */
    private void ended(int v, RunningAttempts.Running r, TaskState as, Duration stop, String why) {
        Attempt attempt = new Attempt(r.number, as, startedAfter[v], stop, startedAt[v], out.instantAt(stop), why);
        states.attemptEnded(v, attempt);
        out.recordAttempt(v, task[v], attempt);
    }

    /** The task at v no longer runs: its places are free, and the tasks that waited for them are back in line. */
    private void freeSlot(int v) {
        if (ready.anyParked()) {
            ready.freed(admission.limitsOf(v));
        }
        admission.release(v);
    }

    /**
     * The process running an attempt is gone (a resumed run tells): the attempt ends as interrupted and the task
     * is ready again at once, unless it was being stopped anyway, in which case it ends as it was told.
     */
    void interrupted(int v, int attempt, long now) {
        RunningAttempts.Running r = running.current(v, attempt);
        if (r == null) {
            return;
        }
        // it was being stopped (cancel, fail-fast, timeout): it ends as it was told, as a stopped handler does
        RunningAttempts.Ending told = r.stopping() ? r.returned(new InterruptedException("its process stopped")) : null;
        running.end(v);
        freeSlot(v);
        interruptions[v]++;
        Duration stop = out.offset(now);
        String why = "the process running it stopped before it ended; started again";
        ended(v, r, TaskState.INTERRUPTED, stop, why);
        out.publish(new RunEvent.TaskFinished(stop, task[v], r.number, TaskState.INTERRUPTED, why, told == null));
        if (told != null) {
            flow.finishTask(v, told.state(), told.reason());
            if (told.state() == TaskState.TIMED_OUT) {
                flow.failed(v);
            }
            return;
        }
        ready.becameReady(v);
    }

    /** Tells every running attempt of the nodes below {@code below} to stop, ending {@code as} for {@code why}. */
    void stopAll(int below, TaskState as, String why, long now) {
        for (int v = 0; v < below; v++) {
            running.stop(v, as, why, now);
        }
    }

    /**
     * Ends the waits to retry of the tasks below {@code below}, in node order: each ends as its last attempt did,
     * or {@code as} when that is not null, for {@code why}.
     */
    void stopRetrying(int below, TaskState as, String why) {
        for (int v = retrying.nextSetBit(0); v >= 0 && v < below; v = retrying.nextSetBit(v + 1)) {
            retrying.clear(v);
            java.util.List<Attempt> tried = states.attempts(v);
            flow.finishTask(v, as != null ? as : tried.get(tried.size() - 1).state(), why);
        }
    }
}
