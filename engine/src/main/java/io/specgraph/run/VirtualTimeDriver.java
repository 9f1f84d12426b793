package io.specgraph.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The run in {@linkplain Engine.Builder#simulateInVirtualTime() virtual time}: no handler thread runs, each attempt
 * is a timer of the core's, and when nothing is left to do at the current instant the clock jumps to the next
 * timer. Everything that happens at one instant is settled before the core is asked to dispatch, so that the
 * order among ready tasks, not the order of arrival, decides what starts: that makes a virtual run deterministic.
 * Only gate conditions take real time: the clock waits for their answers, up to the gate timeout.
 */
final class VirtualTimeDriver implements Driver {
    private final Scheduler run;
    /** When each gate being checked runs out of its gate timeout, in real nanos, and the check's evaluation. */
    private final Map<Integer, long[]> gateDeadlines = new TreeMap<>();

    VirtualTimeDriver(Scheduler run) {
        this.run = run;
    }

    /** The run in virtual time, up to its end, all on the runner. Returns whether the runner was interrupted. */
    @Override
    public boolean drive() {
        run.begin();
        boolean interrupted = false;
        while (true) {
            dispatchWhenSettled();
            // skipping what fail-fast or cancel drained may make more nodes resolvable, and those more ready
            while (run.core.hasResolvable()) {
                run.apply(new CoreInput.Resolve(run.now()));
                dispatchWhenSettled();
            }
            if (run.core.finished() || run.suspended != null) {
                break;
            }
            if (run.stopsToWait()) {
                run.waitingForDecisions = true;
                break;
            }
            run.keepProgress();
            LongFunction<CoreInput> signal;
            try {
                signal = nextVirtualSignal();
            } catch (InterruptedException e) {
                // the host wants the run to stop: cancel it properly, so that handlers stop and a result exists
                interrupted = true;
                signal = at -> new CoreInput.CancelRequested(at, "the thread running the plan was interrupted");
            }
            while (signal != null) {
                CoreInput input = signal.apply(run.now());
                if (input != null && run.suspended == null) {
                    run.apply(input);
                }
                signal = run.signals.poll();
            }
            if (run.suspended == null) {
                run.fireTimers();
            }
        }
        return interrupted;
    }

    @Override
    public void start(int v, int number) {
        // nothing runs: the core's timer ends the attempt when its estimated duration has passed
    }

    @Override
    public void stop(int v, int number) {
        // the simulated handler stops at once, as a sleeping one does when interrupted
        run.signals.add(at -> new CoreInput.AttemptEnded(at, v, number, null, new InterruptedException("stopped")));
    }

    @Override
    public void gateCheckStarted(int v, int evaluation) {
        gateDeadlines.put(v, new long[] {System.nanoTime() + run.engine.gateTimeout.toNanos(), evaluation});
    }

    @Override
    public void gateCheckEnded(int v) {
        gateDeadlines.remove(v);
    }

    /**
     * The next signal in virtual time, or null when the clock moved to the next timer: it waits only for what
     * takes real time (gate conditions), and otherwise moves the clock to the next timer.
     */
    private LongFunction<CoreInput> nextVirtualSignal() throws InterruptedException {
        // the loop below never blocks while there is work, so look for the host's interrupt here
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        LongFunction<CoreInput> signal = run.signals.poll();
        if (signal != null) {
            return signal;
        }
        if (run.core.gatesInFlight()) {
            // gate conditions take no virtual time, but they do run: wait for their answers in real time,
            // up to the gate timeout of the one that started first, and do not let the clock move meanwhile
            int first = -1;
            long firstDeadline = 0;
            for (Map.Entry<Integer, long[]> e : gateDeadlines.entrySet()) {
                if (run.core.awaitsAnswer(e.getKey()) && (first < 0 || e.getValue()[0] - firstDeadline < 0)) {
                    first = e.getKey();
                    firstDeadline = e.getValue()[0];
                }
            }
            long wait = firstDeadline - System.nanoTime();
            signal = wait > 0 ? run.signals.poll(wait) : null;
            if (signal != null) {
                return signal;
            }
            int v = first;
            int evaluation = (int) gateDeadlines.get(first)[1];
            return at -> new CoreInput.GateDeadline(at, v, evaluation);
        }
        if (!run.timers.isEmpty()) {
            ((RunClock.Virtual) run.clock).advanceTo(run.timers.nextAt());
            return null;
        }
        return run.signals.take(); // nothing runs and nothing is due: only the host can say something now (cancel)
    }

    /**
     * Asks the core to dispatch ready tasks in virtual time, once the current instant is settled: no signal
     * waiting, no timer due, no gate being checked, so that every task that becomes ready at this instant
     * competes for the free workers by its priority.
     */
    private void dispatchWhenSettled() {
        if (run.signals.isEmpty() && !run.core.gatesInFlight() && !run.timers.anyDue(run.now())) {
            run.apply(new CoreInput.Dispatch(run.now()));
        }
    }
}
