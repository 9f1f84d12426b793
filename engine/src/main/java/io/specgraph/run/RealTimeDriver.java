package io.specgraph.run;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * The run in real time. One thread at a time owns the core: handlers and gate checks run on virtual threads and
 * post what happened to the run's {@link Inbox}, whose inputs the thread holding its lock takes one at a time,
 * together with the timers the core armed. That makes the order of inputs, and so the run, exact.
 *
 * <p>That thread is usually a handler's: one that has returned takes the step itself (if no other thread is
 * taking one; if one is, that one takes its input too), and runs the first attempt the step starts on its own
 * thread, so that neither a hand-off to another thread nor a new thread is paid per task. The run's own thread,
 * the runner, sleeps meanwhile; it wakes for timers, for inputs from outside the handlers (cancel, decisions, gate
 * answers, measurements) and at the end, which it takes over for good.
 */
final class RealTimeDriver implements Driver {
    private final Scheduler run;
    /** No step is taken any more (the run finished, stopped or waits); set by a step's holder. */
    private volatile boolean ending;
    /** What a step threw on a handler's thread, for the runner to throw. */
    private volatile Throwable broken;
    /** When the next timer falls due on the run's clock, as the last step left it; none: MAX_VALUE. */
    private volatile long nextTimer = Long.MAX_VALUE;
    /** When the runner will wake up by itself; a step that arms an earlier timer wakes it. */
    private volatile long runnerWakes = Long.MAX_VALUE;
    /** Held with the step's lock: where the attempt a handler's thread runs next goes, or null. */
    private NextAttempt inline;
    /** Handler threads waiting a moment for an attempt from the step another thread is taking. */
    private final ConcurrentLinkedQueue<NextAttempt> idle = new ConcurrentLinkedQueue<>();
    /** Makes the threads that run handlers, named after the run. */
    private final ThreadFactory handlerThreads;

    RealTimeDriver(Scheduler run) {
        this.run = run;
        // one name for all: a thread runs many tasks, one after the other
        this.handlerThreads = Thread.ofVirtual().name("specgraph-handler-" + run.runId()).factory();
    }

    /**
     * The run in real time, up to its end: the runner takes the first step, then steps only when it wakes (a timer
     * due, an input posted from outside the handlers, the end), while handler threads take the steps in between.
     * Returns whether the runner was interrupted (the run was then cancelled); afterwards the runner holds the
     * step's lock for good, so that nothing reaches the core between the end and {@link CoreInput.Finish}.
     */
    @Override
    public boolean drive() {
        Inbox signals = run.signals;
        boolean interrupted = false;
        runnerStep(true);
        while (!ending) {
            long due = nextTimer;
            runnerWakes = due;
            if (nextTimer < due) {
                continue; // a step armed an earlier timer meanwhile, and may not have seen when the runner wakes
            }
            signals.await(due == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + (due - run.now()));
            if (Thread.interrupted() && !interrupted) {
                // the host wants the run to stop: cancel it properly, so that handlers stop and a result exists
                interrupted = true;
                signals.add(at -> new CoreInput.CancelRequested(at, "the thread running the plan was interrupted"));
            }
            if (ending) {
                break;
            }
            runnerStep(false);
        }
        signals.lock(); // for good
        if (broken != null) {
            if (broken instanceof RuntimeException e) {
                throw e;
            }
            if (broken instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(broken);
        }
        return interrupted;
    }

    /** The runner takes a step (the first: from the start or the journal), waiting for the lock if it must. */
    private void runnerStep(boolean first) {
        run.signals.lock();
        try {
            if (first) {
                run.begin();
            }
            step();
        } catch (Throwable e) {
            ending = true; // no handler's thread goes on with a run whose runner has thrown
            throw e;
        } finally {
            run.signals.unlock();
        }
        steps(null);
    }

    /**
     * Takes steps while inputs wait and no other thread is taking one; {@code next} (a handler's thread, whose
     * handler has returned) gets the first attempt a step starts, to run it on this thread. A step that throws
     * ends the run: the runner throws what it threw. Returns false when another thread was taking a step, which
     * takes the inputs waiting (and looks again after letting go, so that none is left behind).
     */
    private boolean steps(NextAttempt next) {
        Inbox signals = run.signals;
        do {
            if (!signals.tryLock()) {
                return false; // the holder takes what waits, and looks again after letting go
            }
            try {
                if (next != null) {
                    // an interrupt left on this thread was meant for an attempt that has returned, and would break
                    // the step's I/O (a store's file channel closes when its thread is interrupted)
                    Thread.interrupted();
                }
                inline = next;
                step();
            } catch (Throwable e) {
                if (broken == null) {
                    broken = e;
                }
                ending = true;
                signals.wakeRunner();
                return true;
            } finally {
                inline = null;
                signals.unlock();
            }
        } while (!ending && !signals.isEmpty());
        return true;
    }

    /**
     * One step of the run in real time, with the lock held: every input waiting, the timers due, then dispatch and
     * resolve until nothing more happens at once; again while inputs came meanwhile. Then the journal is written,
     * and the runner is woken when it must be: at the end, or for a timer earlier than it expects.
     */
    private void step() {
        if (ending) {
            return;
        }
        Inbox signals = run.signals;
        RunCore core = run.core;
        while (true) {
            LongFunction<CoreInput> signal;
            while ((signal = signals.poll()) != null) {
                CoreInput input = signal.apply(run.now());
                if (input != null && run.suspended == null) {
                    run.apply(input);
                }
            }
            if (run.suspended == null) {
                run.fireTimers();
            }
            run.apply(new CoreInput.Dispatch(run.now()));
            // skipping what fail-fast or cancel drained may make more nodes resolvable, and those more ready
            while (core.hasResolvable()) {
                run.apply(new CoreInput.Resolve(run.now()));
                run.apply(new CoreInput.Dispatch(run.now()));
            }
            if (core.finished() || run.suspended != null) {
                end(false);
                return;
            }
            if (run.stopsToWait()) {
                end(true);
                return;
            }
            if (signals.isEmpty()) {
                break;
            }
        }
        run.keepProgress();
        long due = run.timers.isEmpty() ? Long.MAX_VALUE : run.timers.nextAt();
        nextTimer = due;
        if (due < runnerWakes) {
            signals.wakeRunner();
        }
    }

    private void end(boolean waiting) {
        run.waitingForDecisions = waiting;
        ending = true;
        run.signals.wakeRunner();
    }

    /**
     * Starts an attempt: on the thread taking this step when that is a handler's thread that has returned and has
     * no attempt to run yet (it runs it once the step is over), otherwise on a new virtual thread.
     */
    @Override
    public void start(int v, int number) {
        HandlerContext.Attempt a = new HandlerContext.Attempt(number);
        run.attempt[v] = a;
        HandlerContext context = new HandlerContext(run.handlers, run.core.nodes.task[v], v, a);
        if (inline != null && inline.context == null) {
            inline.set(v, a, context);
            return;
        }
        for (NextAttempt waiting = idle.poll(); waiting != null; waiting = idle.poll()) {
            if (waiting.give(v, a, context)) {
                return;
            }
        }
        NextAttempt first = new NextAttempt();
        first.set(v, a, context);
        handlerThreads.newThread(() -> runAttempts(first)).start();
    }

    /**
     * Runs attempts on this thread, one after the other: each handler's end is this thread's input to the core, and
     * the step it takes with it (when no other thread is taking one) may give it the next attempt to run.
     */
    private void runAttempts(NextAttempt next) {
        Thread me = Thread.currentThread();
        while (next.context != null) {
            int v = next.v;
            HandlerContext context = next.context;
            HandlerContext.Attempt a = next.attempt;
            next.context = null;
            next.attempt = null;
            a.thread = me;
            Object out = null;
            Throwable error = null;
            if (a.cancel.get()) {
                // stopped before this thread took it up (the run was stopped, a timeout passed): the stop found no
                // thread to interrupt or wait for, so the handler must not start at all, not even to see an interrupt
                error = new InterruptedException("stopped before its handler started");
            } else {
                try {
                    out = run.handler[v].run(context);
                } catch (Throwable e) {
                    error = e;
                }
            }
            Object output = out;
            Throwable failure = error;
            int number = a.number;
            run.signals.add(at -> new CoreInput.AttemptEnded(at, v, number, output, failure));
            // a step taken before another thread's may have given this one an attempt already
            if (!steps(next) && next.context == null && !ending) {
                // the step another thread is taking will likely start an attempt in the slot this one freed: wait for it
                // a moment rather than leave, so that it needs neither a new thread nor a sleeping carrier woken
                next.waiting();
                idle.add(next);
                if (!next.await(IDLE_NANOS)) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop(int v, int number) {
        HandlerContext.Attempt a = run.attempt[v];
        if (a != null && a.number == number) {
            a.cancel.set(true);
            Thread t = a.thread;
            // the thread taking this step ran the attempt, so its handler has returned: nothing to interrupt
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
        }
    }

    /**
     * How long a handler's thread waits for an attempt from another thread's step: about a few steps. Longer
     * only burns a core when no attempt comes; the thread then ends, and a new one runs the next attempt.
     */
    private static final long IDLE_NANOS = 20_000;

    /**
     * The attempt a handler's thread runs next, given to it by a step it took, or by another thread's step while it
     * {@linkplain #await waits}; empty ({@code context} null): none.
     */
    private static final class NextAttempt {
        private static final int BUSY = 0;
        private static final int WAITING = 1;
        private static final int TAKEN = 2; // a step is handing it an attempt
        private static final int GIVEN = 3;
        private static final int GONE = 4;

        int v;
        HandlerContext.Attempt attempt;
        HandlerContext context;
        private final AtomicInteger state = new AtomicInteger(BUSY);

        void set(int v, HandlerContext.Attempt attempt, HandlerContext context) {
            this.v = v;
            this.attempt = attempt;
            this.context = context;
        }

        /** From a step: gives the waiting thread this attempt; false when it stopped waiting. */
        boolean give(int v, HandlerContext.Attempt attempt, HandlerContext context) {
            if (!state.compareAndSet(WAITING, TAKEN)) {
                return false;
            }
            set(v, attempt, context);
            state.set(GIVEN);
            return true;
        }

        /** About to wait: from now on a step may {@link #give} it an attempt. */
        void waiting() {
            state.set(WAITING);
        }

        /**
         * Waits up to {@code nanos} for {@link #give}; true when an attempt came. Spins, since an attempt comes
         * within a step or two or not at all, and lets other virtual threads have the carrier now and then.
         */
        boolean await(long nanos) {
            long deadline = System.nanoTime() + nanos;
            for (int spins = 1; state.get() != GIVEN; spins++) {
                if (System.nanoTime() - deadline > 0 && state.compareAndSet(WAITING, GONE)) {
                    return false;
                }
                if (spins % 64 == 0) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            state.set(BUSY);
            return true;
        }
    }
}
