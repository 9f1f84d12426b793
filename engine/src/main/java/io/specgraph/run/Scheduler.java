package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanMetric;
import io.specgraph.record.RunRecorder;
import io.specgraph.record.TraceLinks;
import io.specgraph.store.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one run of a plan: feeds the {@link RunCore} its inputs and carries out its decisions. One thread at a
 * time owns the core: handlers and gate checks run on virtual threads and post what happened to the run's
 * {@link Inbox}, whose inputs the thread holding its lock takes one at a time, together with the timers the core
 * armed. That makes the order of inputs, and so the run, exact.
 *
 * <p>In real time that thread is usually a handler's: one that has returned takes the step itself (if no other
 * thread is taking one; if one is, that one takes its input too), and runs the first attempt the step starts
 * on its own thread, so that neither a hand-off to another thread nor a new thread is paid per task. The run's
 * own thread, the runner, sleeps meanwhile; it wakes for timers, for inputs from outside the handlers (cancel,
 * decisions, gate answers, measurements) and at the end, which it takes over for good.
 *
 * <p>In {@linkplain Engine.Builder#simulateInVirtualTime() virtual time} no handler thread runs: each attempt
 * is a timer of the core's, and when nothing is left to do at the current instant the clock jumps to the next
 * timer. Everything that happens at one instant is settled before the core is asked to dispatch, so that the
 * order among ready tasks, not the order of arrival, decides what starts: that makes a virtual run
 * deterministic.
 *
 * <p>Every input given to the core can be kept in a journal ({@link #keepJournal()}); a fresh core fed the
 * same journal makes the same decisions.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Engine engine;
    private final Plan plan;
    private final boolean virtual;
    private final String runIri;
    private final RunCore core;
    private final RunRecorder recorder;
    /** The run's link to its store, or null when the run is kept in memory only. */
    private final RunJournal durable;
    /** A resumed run's journal, replayed before it goes on; null for a new run. */
    private final List<CoreInput> replay;
    /** Set from any thread to stop this process's part of the run and leave it resumable. */
    private volatile String suspended;
    private final ContextStore store = new ContextStore();
    /** What happened off the thread taking the step, stamped when the step takes it; and the step's lock. */
    private final Inbox signals = new Inbox();
    private final Timers timers = new Timers();
    private final TaskHandler[] handler;
    private final Map<String, PlanMetric> metrics = new HashMap<>();
    private final Map<String, Object> outputs = new ConcurrentHashMap<>(); // read by handler threads
    /** What every handler of this run shares. */
    private final HandlerContext.Run handlers;
    private final HandlerContext.Attempt[] attempt;
    /** The threads checking gates, by node. */
    private final Map<Integer, Thread> gateThreads = new HashMap<>();
    /** In virtual time: when each gate being checked runs out of its gate timeout, in real nanos. */
    private final Map<Integer, long[]> gateDeadlines = new TreeMap<>();
    private final WorkFolders workFolders = new WorkFolders();
    /** The up-to-date checks of an incremental run; null when the run is not incremental. */
    private final UpToDateChecks checks;
    private volatile Path workRoot;
    private List<Step> journal;
    /** Real time: no step is taken any more (the run finished, stopped or waits); set by a step's holder. */
    private volatile boolean ending;
    /** Real time: the run stops to wait for decisions on approval gates (with {@link #ending}). */
    private volatile boolean waitingForDecisions;
    /** Real time: what a step threw on a handler's thread, for the runner to throw. */
    private volatile Throwable broken;
    /** Real time: when the next timer falls due on the run's clock, as the last step left it; none: MAX_VALUE. */
    private volatile long nextTimer = Long.MAX_VALUE;
    /** Real time: when the runner will wake up by itself; a step that arms an earlier timer wakes it. */
    private volatile long runnerWakes = Long.MAX_VALUE;
    /** Real time, held with the step's lock: where the attempt a handler's thread runs next goes, or null. */
    private NextAttempt inline;
    /** Real time: handler threads waiting a moment for an attempt from the step another thread is taking. */
    private final ConcurrentLinkedQueue<NextAttempt> idle = new ConcurrentLinkedQueue<>();
    /** Real time: makes the threads that run handlers, named after the run. */
    private final ThreadFactory handlerThreads;

    /** The run's clock; in virtual time only the scheduling thread reads or moves it. */
    private RunClock clock;

    Scheduler(Engine engine, Plan plan, Map<String, TaskHandler> handlers) {
        this(engine, plan, handlers, null, null);
    }

    /**
     * A run linked to its store through {@code durable} (null: in memory only); {@code replay}: the journal of
     * a run being resumed (null: a new run).
     */
    Scheduler(Engine engine, Plan plan, Map<String, TaskHandler> handlers, RunJournal durable, List<CoreInput> replay) {
        this.engine = engine;
        this.plan = plan;
        this.durable = durable;
        this.replay = replay;
        this.runIri = durable != null ? "urn:specgraph:run:" + durable.runId() : "urn:specgraph:run:" + UUID.randomUUID();
        this.recorder = new RunRecorder(runIri);
        for (RunListener l : engine.listeners) {
            if (l instanceof TraceLinks links) {
                recorder.traceLinks(links); // the record points at the trace a tracing listener makes
            }
        }
        this.virtual = engine.virtualTime;
        this.clock = virtual ? RunClock.virtual() : RunClock.real();
        this.core = new RunCore(engine, plan, runIri);
        this.handler = new TaskHandler[core.nodes.total];
        for (int v = 0; v < core.nodes.total; v++) {
            if (core.nodes.task[v] != null) {
                handler[v] = handlers.get(core.nodes.task[v].iri());
            }
        }
        this.attempt = new HandlerContext.Attempt[core.nodes.total];
        // only a run kept in the store can be incremental: the store holds the successes it reuses and keeps
        boolean incremental = engine.checksUpToDate() && durable != null;
        core.checkUpToDate(incremental);
        this.checks = incremental ? new UpToDateChecks(engine, plan, core.nodes, durable.runId(), v -> handler[v]) : null;
        this.handlers = new HandlerContext.Run(plan, runIri, outputs, store, metrics, signals::post, this::taskDirectory);
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        // one name for all: a thread runs many tasks, one after the other
        this.handlerThreads = Thread.ofVirtual().name("specgraph-handler-" + runId()).factory();
    }

    String runIri() {
        return runIri;
    }

    /** One input given to the core and the decisions it made. */
    record Step(CoreInput input, List<CoreDecision> decisions) {}

    /** Keeps every input given to the core and its decisions, in order (for a replay). */
    void keepJournal() {
        journal = new ArrayList<>();
    }

    /** The steps of the run so far, when {@link #keepJournal()} was called before it. */
    List<Step> journal() {
        return journal;
    }

    /** The core this driver drives. */
    RunCore core() {
        return core;
    }

    /** Asks the run to stop; safe from any thread. */
    void cancel(String why) {
        signals.post(at -> new CoreInput.CancelRequested(at, why));
    }

    /**
     * Stops this process's part of the run without deciding anything: running handlers are interrupted and
     * what they do next is not journaled, so the run stays as it was and {@code resume} goes on from there.
     * Safe from any thread.
     */
    void suspend(String why) {
        suspended = why;
        signals.post(at -> null); // wakes the runner
    }

    /** A person's decision on an approval gate, from any thread; checked against the plan's spec first. */
    void decide(String gate, String as, String comment, boolean approved) {
        Approvers.Resolved r = Approvers.resolve(plan.specGraph(), gate, as);
        post(r.gateIri(), r.agentIri(), comment, approved, engine.clock.instant());
    }

    private void post(String gateIri, String agentIri, String comment, boolean approved, java.time.Instant at) {
        Integer v = core.nodes.indexOf.get(gateIri);
        if (v == null || core.nodes.gate[v] == null) {
            LOG.warn("a decision on {}, which is not a gate of this run's plan, was ignored", gateIri);
            return;
        }
        signals.post(now -> new CoreInput.ApprovalDecided(now, v, approved, agentIri, comment == null ? "" : comment, at));
    }

    /** Polls the run's store for decisions on its approval gates, when it has a store and such gates. */
    private Thread pollDecisions() {
        if (durable == null || virtual || plan.gates().stream().noneMatch(Approvals::needed)) {
            return null;
        }
        // the decisions posted while the run was stopped are signals before it first looks whether it only waits:
        // a poller thread could be late for that, and the run would stop again on a gate already decided
        int taken = 0;
        for (io.specgraph.store.GateDecision d : durable.writer().decisionsAfter(0)) {
            taken++;
            post(d.gate(), d.by(), d.comment(), d.approved(), d.at());
        }
        return DecisionPoller.start(durable.writer(), taken, d -> post(d.gate(), d.by(), d.comment(), d.approved(), d.at()));
    }

    /** The run's short id: its store's, or the last part of its IRI. */
    String runId() {
        return durable != null ? durable.runId() : runIri.substring(runIri.lastIndexOf(':') + 1);
    }

    RunResult run() {
        Thread decisions = pollDecisions();
        try {
            return drive();
        } finally {
            if (decisions != null) {
                decisions.interrupt();
            }
        }
    }

    private RunResult drive() {
        signals.runner(Thread.currentThread());
        boolean interrupted = virtual ? virtualTime() : realTime();
        boolean waiting = waitingForDecisions;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (suspended != null || waiting) {
            return suspend(waiting);
        }
        apply(new CoreInput.Finish(now()));
        Duration wall = core.elapsed();
        RunResult result = result(core.outcome(), wall);
        if (checks != null) {
            checks.flush();
        }
        if (durable != null) {
            durable.close(recorder.record(), CoreReadout.progress(plan, core, switch (result.outcome()) {
                case SUCCEEDED -> RunInfo.State.SUCCEEDED;
                case FAILED -> RunInfo.State.FAILED;
                case CANCELLED -> RunInfo.State.CANCELLED;
                case INTERRUPTED -> RunInfo.State.INTERRUPTED;
                case WAITING -> RunInfo.State.WAITING;
            }));
        }
        emit(new RunEvent.RunFinished(wall, result));
        return result;
    }

    /** The run from its start or its journal. */
    private void begin() {
        // an empty journal: the process died before its first append (the start goes out with the first attempt),
        // so nothing happened, and the run starts from the beginning
        if (replay != null && !replay.isEmpty()) {
            replay(replay);
        } else {
            apply(new CoreInput.Start(now(), engine.clock.instant()));
        }
    }

    /**
     * The run in real time, up to its end: the runner takes the first step, then steps only when it wakes (a timer
     * due, an input posted from outside the handlers, the end), while handler threads take the steps in between.
     * Returns whether the runner was interrupted (the run was then cancelled); afterwards the runner holds the
     * step's lock for good, so that nothing reaches the core between the end and {@link CoreInput.Finish}.
     */
    private boolean realTime() {
        boolean interrupted = false;
        runnerStep(true);
        while (!ending) {
            long due = nextTimer;
            runnerWakes = due;
            if (nextTimer < due) {
                continue; // a step armed an earlier timer meanwhile, and may not have seen when the runner wakes
            }
            signals.await(due == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + (due - now()));
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
        signals.lock();
        try {
            if (first) {
                begin();
            }
            step();
        } catch (Throwable e) {
            ending = true; // no handler's thread goes on with a run whose runner has thrown
            throw e;
        } finally {
            signals.unlock();
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
        while (true) {
            LongFunction<CoreInput> signal;
            while ((signal = signals.poll()) != null) {
                CoreInput input = signal.apply(now());
                if (input != null && suspended == null) {
                    apply(input);
                }
            }
            if (suspended == null) {
                fireTimers();
            }
            apply(new CoreInput.Dispatch(now()));
            // skipping what fail-fast or cancel drained may make more nodes resolvable, and those more ready
            while (core.hasResolvable()) {
                apply(new CoreInput.Resolve(now()));
                apply(new CoreInput.Dispatch(now()));
            }
            if (core.finished() || suspended != null) {
                end(false);
                return;
            }
            if (stopsToWait()) {
                end(true);
                return;
            }
            if (signals.isEmpty()) {
                break;
            }
        }
        keepProgress();
        long due = timers.isEmpty() ? Long.MAX_VALUE : timers.nextAt();
        nextTimer = due;
        if (due < runnerWakes) {
            signals.wakeRunner();
        }
    }

    /** What the step settled is durable, and the store's progress line says where the run stands. */
    private void keepProgress() {
        if (durable != null) {
            durable.flush();
            if (checks != null) {
                checks.flush();
            }
            durable.progress(() -> CoreReadout.progress(plan, core, RunInfo.State.RUNNING));
        }
    }

    /**
     * The run stops here to wait for decisions on approval gates: the host asked for that, the run has a store to
     * resume from, and nothing is left but waiting (no input in hand, no timer due: an approval's timeout that
     * passed while the run was stopped decides first).
     */
    private boolean stopsToWait() {
        return engine.stopWhenWaiting && durable != null && core.onlyWaiting() && signals.isEmpty() && !timers.anyDue(now());
    }

    private void end(boolean waiting) {
        waitingForDecisions = waiting;
        ending = true;
        signals.wakeRunner();
    }

    /** The run in virtual time, up to its end, all on the runner. Returns whether the runner was interrupted. */
    private boolean virtualTime() {
        begin();
        boolean interrupted = false;
        while (true) {
            dispatchWhenSettled();
            // skipping what fail-fast or cancel drained may make more nodes resolvable, and those more ready
            while (core.hasResolvable()) {
                apply(new CoreInput.Resolve(now()));
                dispatchWhenSettled();
            }
            if (core.finished() || suspended != null) {
                break;
            }
            if (stopsToWait()) {
                waitingForDecisions = true;
                break;
            }
            keepProgress();
            LongFunction<CoreInput> signal;
            try {
                signal = nextVirtualSignal();
            } catch (InterruptedException e) {
                // the host wants the run to stop: cancel it properly, so that handlers stop and a result exists
                interrupted = true;
                signal = at -> new CoreInput.CancelRequested(at, "the thread running the plan was interrupted");
            }
            while (signal != null) {
                CoreInput input = signal.apply(now());
                if (input != null && suspended == null) {
                    apply(input);
                }
                signal = signals.poll();
            }
            if (suspended == null) {
                fireTimers();
            }
        }
        return interrupted;
    }

    /**
     * Leaves the run as the journal has it: handlers interrupted, their ends not journaled, the record saved;
     * {@code waiting}: nothing runs, and the run waits for decisions on approval gates.
     */
    private RunResult suspend(boolean waiting) {
        List<Thread> stopping = new ArrayList<>();
        attemptsRunning().forEach((v, number) -> {
            HandlerContext.Attempt a = attempt[v];
            if (a != null && a.number == number) {
                // an attempt whose thread has not begun it yet never starts its handler
                a.cancel.set(true);
                Thread t = a.thread;
                if (t != null) {
                    t.interrupt();
                    stopping.add(t);
                }
            }
        });
        gateThreads.values().forEach(Thread::interrupt);
        // a handler cleans up when interrupted (a command's processes are stopped): let it, within the grace period,
        // so that a process about to exit leaves nothing running behind
        long deadline = System.nanoTime() + engine.cancelGrace.toNanos();
        for (Thread t : stopping) {
            try {
                t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Duration wall = core.elapsed();
        RunResult result = result(waiting ? RunResult.Outcome.WAITING : RunResult.Outcome.INTERRUPTED, wall);
        if (checks != null) {
            checks.flush();
        }
        if (durable != null) {
            durable.close(recorder.record(), CoreReadout.progress(plan, core, waiting ? RunInfo.State.WAITING : RunInfo.State.INTERRUPTED));
        }
        if (!waiting) {
            LOG.info("run {} interrupted: {}", runId(), suspended);
        }
        emit(new RunEvent.RunFinished(wall, result));
        return result;
    }

    private RunResult result(RunResult.Outcome outcome, Duration wall) {
        return new RunResult(plan, runIri, outcome, CoreReadout.taskRuns(plan, core), CoreReadout.gateOutcomes(plan, core),
                CoreReadout.sloRows(plan, core), core.contentions.list(),
                core.startInstant(), wall, engine.workers,
                engine.simulate ? OptionalDouble.of(engine.timeScale) : OptionalDouble.empty(), store, recorder.record(), outputs,
                virtual);
    }

    /**
     * The run as its journal has it, without running anything: a finished run's result, or where an unfinished
     * one stopped (waiting, when only approvals keep it from finishing; interrupted otherwise).
     */
    RunResult inspect() {
        replaying(replay);
        boolean ended = !replay.isEmpty() && replay.get(replay.size() - 1) instanceof CoreInput.Finish;
        return result(ended ? core.outcome() : core.onlyWaiting() ? RunResult.Outcome.WAITING : RunResult.Outcome.INTERRUPTED,
                core.elapsed());
    }

    /** The attempts running now, by node. */
    private Map<Integer, Integer> attemptsRunning() {
        Map<Integer, Integer> out = new TreeMap<>();
        for (int v = 0; v < core.nodes.total; v++) {
            int number = core.runningAttempt(v);
            if (number > 0) {
                out.put(v, number);
            }
        }
        return out;
    }

    /**
     * Feeds a resumed run's journal to the fresh core, carrying out only what rebuilds memory (timers, outputs,
     * the record); what the dead process did to the world is not done again. Then the run goes on: the clock
     * continues from the journal in wall-clock terms, attempts that were running are interrupted (and start
     * again), and gates that were being checked are checked again.
     */
    private void replay(List<CoreInput> inputs) {
        Map<Integer, CoreDecision.EvaluateGate> checking = replaying(inputs);
        resumeFrom(inputs.isEmpty() ? 0 : inputs.get(inputs.size() - 1).at(), checking);
    }

    /** Feeds the journal to the core, rebuilding memory only; returns the gate checks it sent out, by gate. */
    private Map<Integer, CoreDecision.EvaluateGate> replaying(List<CoreInput> inputs) {
        Map<Integer, CoreDecision.EvaluateGate> checking = new HashMap<>();
        for (CoreInput input : inputs) {
            if (input instanceof CoreInput.TimersDue t) {
                timers.takeDue(t.at());
            }
            if (input instanceof CoreInput.TaskChecked c && checks != null) {
                checks.replayed(c);
            }
            List<CoreDecision> decisions = core.apply(input);
            if (journal != null) {
                journal.add(new Step(input, decisions));
            }
            for (CoreDecision d : decisions) {
                switch (d) {
                    case CoreDecision.ArmTimer t -> timers.arm(t);
                    case CoreDecision.EvaluateGate g -> checking.put(g.node(), g);
                    case CoreDecision.KeepOutput k -> outputs.put(k.taskIri(), k.output());
                    case CoreDecision.Record r -> carryOut(r);
                    default -> {
                        // starting, stopping, checking and telling listeners: the dead process did that
                    }
                }
            }
        }
        return checking;
    }

    /** The run goes on after its journal: the clock, interrupted attempts, gate checks sent out again. */
    private void resumeFrom(long last, Map<Integer, CoreDecision.EvaluateGate> checking) {
        long resumeAt;
        if (virtual) {
            resumeAt = last;
            clock = RunClock.virtualFrom(last);
        } else {
            long startAt = last - core.elapsed().toNanos();
            long wall = startAt + Duration.between(core.startInstant(), engine.clock.instant()).toNanos();
            resumeAt = Math.max(last + 1, wall);
            clock = RunClock.realFrom(resumeAt);
        }
        if (checks != null) {
            for (int v = 0; v < core.nodes.n; v++) {
                TaskState state = core.nodes.task[v] == null ? null : core.states.state(v);
                if (state == TaskState.SUCCEEDED || state == TaskState.CACHED) {
                    checks.replayedEnded(v);
                }
            }
        }
        apply(new CoreInput.Resumed(now(), engine.clock.instant()));
        // checks asked for before the process stopped were never answered: ask again
        core.awaitingChecks().forEach(v -> carryOut(new CoreDecision.CheckUpToDate(v)));
        attemptsRunning().forEach((v, number) -> apply(new CoreInput.AttemptInterrupted(now(), v, number)));
        checking.forEach((v, g) -> {
            if (core.awaitsAnswer(v) && core.checking(v, g.evaluation())) {
                evaluate(g);
            }
        });
    }

    private void apply(CoreInput input) {
        List<CoreDecision> decisions = core.apply(input);
        if (journal != null) {
            journal.add(new Step(input, decisions));
        }
        if (durable != null) {
            durable.add(input, decisions);
        }
        for (int i = 0, count = decisions.size(); i < count; i++) { // no iterator: this runs several times a task
            carryOut(decisions.get(i));
        }
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
        LongFunction<CoreInput> signal = signals.poll();
        if (signal != null) {
            return signal;
        }
        if (core.gatesInFlight()) {
            // gate conditions take no virtual time, but they do run: wait for their answers in real time,
            // up to the gate timeout of the one that started first, and do not let the clock move meanwhile
            int first = -1;
            long firstDeadline = 0;
            for (Map.Entry<Integer, long[]> e : gateDeadlines.entrySet()) {
                if (core.awaitsAnswer(e.getKey()) && (first < 0 || e.getValue()[0] - firstDeadline < 0)) {
                    first = e.getKey();
                    firstDeadline = e.getValue()[0];
                }
            }
            long wait = firstDeadline - System.nanoTime();
            signal = wait > 0 ? signals.poll(wait) : null;
            if (signal != null) {
                return signal;
            }
            int v = first;
            int evaluation = (int) gateDeadlines.get(first)[1];
            return at -> new CoreInput.GateDeadline(at, v, evaluation);
        }
        if (!timers.isEmpty()) {
            ((RunClock.Virtual) clock).advanceTo(timers.nextAt());
            return null;
        }
        return signals.take(); // nothing runs and nothing is due: only the host can say something now (cancel)
    }

    /**
     * Asks the core to dispatch ready tasks in virtual time, once the current instant is settled: no signal
     * waiting, no timer due, no gate being checked, so that every task that becomes ready at this instant
     * competes for the free workers by its priority.
     */
    private void dispatchWhenSettled() {
        if (signals.isEmpty() && !core.gatesInFlight() && !timers.anyDue(now())) {
            apply(new CoreInput.Dispatch(now()));
        }
    }

    private void fireTimers() {
        long now = now();
        if (timers.anyDue(now)) {
            apply(new CoreInput.TimersDue(now, List.copyOf(timers.takeDue(now))));
        }
    }

    // ------------------------------------------------------------------ carrying out decisions

    private void carryOut(CoreDecision decision) {
        switch (decision) {
            case CoreDecision.StartAttempt s -> {
                if (checks != null) {
                    checks.attemptStarted(s.node());
                }
                start(s.node(), s.attempt());
            }
            // taken by this step or the runner's next: the check reads files, which the core may not
            case CoreDecision.CheckUpToDate c -> signals.add(at -> checks.check(at, c.node()));
            case CoreDecision.RecordCheck r -> recorder.check(r.node(), r.taskIri(), r.fingerprint(), r.upToDate(),
                    UpToDateChecks.recorded(r.reasons()), r.at());
            case CoreDecision.RecordCached r -> recorder.cached(r.node(), r.taskIri(), r.cachedFrom(), r.reason(), r.at());
            case CoreDecision.StopAttempt s -> stop(s.node(), s.attempt());
            case CoreDecision.ArmTimer t -> timers.arm(t);
            case CoreDecision.EvaluateGate g -> evaluate(g);
            case CoreDecision.AbandonGate g -> {
                Thread check = gateThreads.remove(g.node());
                gateDeadlines.remove(g.node());
                if (check != null) {
                    check.interrupt();
                }
            }
            case CoreDecision.KeepOutput k -> outputs.put(k.taskIri(), k.output());
            case CoreDecision.Publish p -> {
                if (checks != null && p.event() instanceof RunEvent.TaskFinished f && f.state() == TaskState.SUCCEEDED && !f.willRetry()) {
                    int v = core.nodes.indexOf.get(f.task().iri());
                    checks.succeeded(v, f.attempt(), recorder.attemptIri(v, f.attempt()), outputs.get(f.task().iri()),
                            core.startInstant().plus(f.at()));
                }
                emit(p.event());
            }
            case CoreDecision.RecordRunStarted r -> recorder.runStarted(r.at(), r.workers(), r.timeScale());
            case CoreDecision.RecordAttempt r -> recorder.attempt(r.node(), r.attempt(), r.taskIri(), r.agentIri(), r.start(),
                    r.end(), r.state(), r.reason());
            case CoreDecision.RecordNotRun r -> recorder.notRun(r.node(), r.taskIri(), r.state(), r.reason(), r.at());
            case CoreDecision.RecordMeasurement r -> {
                if (checks != null && r.attempt() > 0) {
                    checks.measured(r.node(), r.metricIri(), r.value());
                }
                recorder.measurement(r.node(), r.attempt(), r.metricIri(), r.value(), r.at());
            }
            case CoreDecision.RecordGate r -> {
                gateThreads.remove(r.node());
                gateDeadlines.remove(r.node());
                recorder.gate(r.node(), r.gateIri(), r.state(), r.reason(), r.at());
            }
            case CoreDecision.RecordApproval r -> recorder.approval(r.node(), r.gateIri(), r.approved(), r.by(), r.comment(), r.at());
            case CoreDecision.RecordRunFinished r -> recorder.runFinished(r.at(), r.state());
        }
    }

    /**
     * Starts an attempt: on the thread taking this step when that is a handler's thread that has returned and has
     * no attempt to run yet (it runs it once the step is over), otherwise on a new virtual thread.
     */
    private void start(int v, int number) {
        if (virtual) {
            return; // the core's timer ends the attempt when its estimated duration has passed
        }
        HandlerContext.Attempt a = new HandlerContext.Attempt(number);
        attempt[v] = a;
        HandlerContext context = new HandlerContext(handlers, core.nodes.task[v], v, a);
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
                    out = handler[v].run(context);
                } catch (Throwable e) {
                    error = e;
                }
            }
            Object output = out;
            Throwable failure = error;
            int number = a.number;
            signals.add(at -> new CoreInput.AttemptEnded(at, v, number, output, failure));
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

    private void stop(int v, int number) {
        if (virtual) {
            // the simulated handler stops at once, as a sleeping one does when interrupted
            signals.add(at -> new CoreInput.AttemptEnded(at, v, number, null, new InterruptedException("stopped")));
            return;
        }
        HandlerContext.Attempt a = attempt[v];
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

    /** Checks a gate's conditions on a virtual thread, against the snapshot the core took. */
    private void evaluate(CoreDecision.EvaluateGate g) {
        int v = g.node();
        Graph record = null;
        if (g.withRecord()) {
            record = GraphMemFactory.createDefaultGraph();
            GraphUtil.addInto(record, recorder.record().graph());
        }
        List<TaskState> states = g.states();
        GateCheck check = new GateCheck(engine, plan, metrics, core.nodes.gate[v], g.waitedFor(), iri -> {
            Integer at = core.nodes.indexOf.get(iri);
            if (at == null || core.nodes.task[at] == null) {
                throw new IllegalArgumentException("the plan has no task " + iri);
            }
            return states.get(at);
        }, g.measured(), record == null ? null : new GraphReadOnly(record), outputs, store);
        Thread thread = Thread.ofVirtual().name("specgraph-gate-" + Iris.localName(core.nodes.gate[v].iri())).unstarted(() -> {
            List<ConditionOutcome> outcomes = check.conditions();
            signals.post(at -> new CoreInput.GateAnswered(at, v, g.evaluation(), outcomes));
        });
        gateThreads.put(v, thread);
        if (virtual) {
            gateDeadlines.put(v, new long[] {System.nanoTime() + engine.gateTimeout.toNanos(), g.evaluation()});
        }
        thread.start();
    }

    // ------------------------------------------------------------------ helpers

    private void emit(RunEvent event) {
        List<RunListener> listeners = engine.listeners;
        for (int i = 0, count = listeners.size(); i < count; i++) { // no iterator: several events a task
            RunListener l = listeners.get(i);
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a run listener threw on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private long now() {
        return clock.now();
    }

    private Path taskDirectory(int v) {
        String name = workFolders.name(v, core.nodes.task[v].iri());
        try {
            Path root = workRoot;
            if (root == null) {
                synchronized (this) {
                    if (workRoot == null) {
                        workRoot = engine.workDirectory != null
                                ? Files.createDirectories(engine.workDirectory.resolve(runIri.substring(runIri.lastIndexOf(':') + 1)))
                                : Files.createTempDirectory("specgraph-run-");
                    }
                    root = workRoot;
                }
            }
            return WorkFolders.create(root, name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the work directory of " + core.nodes.task[v].label() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ types

}
