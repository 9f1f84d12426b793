package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.internal.PackageAccess;
import io.specgraph.internal.Recorder;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanMetric;
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
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a plan around its {@link RunCore}: the run's state outside the core (its clock, timers, inbox,
 * handlers, outputs, record, link to its store), the inputs it gives the core and the decisions it carries out.
 * How time passes and where attempts run is its {@link Driver}'s: {@link RealTimeDriver} (handlers on virtual
 * threads, one thread at a time taking the scheduling step) or {@link VirtualTimeDriver} (no threads, the clock
 * jumps from timer to timer). A resumed run first replays its journal ({@link JournalReplay}).
 *
 * <p>Every input given to the core can be kept in a journal ({@link #keepJournal()}); a fresh core fed the
 * same journal makes the same decisions.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    final Engine engine;
    private final Plan plan;
    final boolean virtual;
    private final String runIri;
    final RunCore core;
    private final Recorder recorder;
    /** The run's link to its store, or null when the run is kept in memory only. */
    private final RunJournal durable;
    /** A resumed run's journal, replayed before it goes on; null for a new run. */
    private final List<CoreInput> replay;
    /** Set from any thread to stop this process's part of the run and leave it resumable. */
    volatile String suspended;
    private final ContextStore store = new ContextStore();
    /** What happened off the thread taking the step, stamped when the step takes it; and the step's lock. */
    final Inbox signals = new Inbox();
    final Timers timers = new Timers();
    final TaskHandler[] handler;
    private final Map<String, PlanMetric> metrics = new HashMap<>();
    final Map<String, Object> outputs = new ConcurrentHashMap<>(); // read by handler threads
    /** What every handler of this run shares. */
    final HandlerContext.Run handlers;
    final HandlerContext.Attempt[] attempt;
    /** The threads checking gates, by node. */
    private final Map<Integer, Thread> gateThreads = new HashMap<>();
    private final WorkFolders workFolders = new WorkFolders();
    /** The up-to-date checks of an incremental run; null when the run is not incremental. */
    final UpToDateChecks checks;
    private volatile Path workRoot;
    List<Step> journal;
    /** The run stops to wait for decisions on approval gates; set by the driver when it ends the run so. */
    volatile boolean waitingForDecisions;
    /** How time passes in this run and where its attempts run. */
    private final Driver driver;

    /** The run's clock; in virtual time only the scheduling thread reads or moves it. */
    RunClock clock;

    Scheduler(Engine engine, Plan plan, TaskHandler[] handlers) {
        this(engine, plan, handlers, null, null);
    }

    /**
     * A run linked to its store through {@code durable} (null: in memory only); {@code replay}: the journal of
     * a run being resumed (null: a new run); {@code handlers}: the handler of each task in the order of
     * {@link Plan#tasks()} ({@link TaskHandlers#resolve}), or none for a run that starts nothing (inspected).
     */
    Scheduler(Engine engine, Plan plan, TaskHandler[] handlers, RunJournal durable, List<CoreInput> replay) {
        this.engine = engine;
        this.plan = plan;
        this.durable = durable;
        this.replay = replay;
        this.runIri = durable != null ? "urn:specgraph:run:" + durable.runId() : "urn:specgraph:run:" + UUID.randomUUID();
        this.recorder = PackageAccess.recording().open(runIri);
        for (RunListener l : engine.listeners) {
            if (l instanceof TraceLinks links) {
                recorder.traceLinks(links); // the record points at the trace a tracing listener makes
            }
        }
        this.virtual = engine.virtualTime;
        this.clock = virtual ? RunClock.virtual() : RunClock.real();
        this.core = new RunCore(engine, plan, runIri);
        this.handler = new TaskHandler[core.nodes.total];
        int[] nodeOfTask = core.nodes.nodeOfTask;
        for (int i = 0; i < handlers.length; i++) {
            handler[nodeOfTask[i]] = handlers[i];
        }
        this.attempt = new HandlerContext.Attempt[core.nodes.total];
        // only a run kept in the store can be incremental: the store holds the successes it reuses and keeps
        boolean incremental = engine.checksUpToDate() && durable != null;
        core.checkUpToDate(incremental);
        this.checks = incremental ? new UpToDateChecks(engine, plan, core.nodes, durable.runId(), v -> handler[v]) : null;
        this.handlers = new HandlerContext.Run(plan, runIri, outputs, store, metrics, signals::post, this::taskDirectory);
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        // last: the real-time driver names its threads after the run
        this.driver = virtual ? new VirtualTimeDriver(this) : new RealTimeDriver(this);
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
        boolean interrupted = driver.drive();
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
    void begin() {
        // an empty journal: the process died before its first append (the start goes out with the first attempt),
        // so nothing happened, and the run starts from the beginning
        if (replay != null && !replay.isEmpty()) {
            new JournalReplay(this).replay(replay);
        } else {
            apply(new CoreInput.Start(now(), engine.clock.instant()));
        }
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
        new JournalReplay(this).replaying(replay);
        boolean ended = !replay.isEmpty() && replay.get(replay.size() - 1) instanceof CoreInput.Finish;
        return result(ended ? core.outcome() : core.onlyWaiting() ? RunResult.Outcome.WAITING : RunResult.Outcome.INTERRUPTED,
                core.elapsed());
    }

    /** The attempts running now, by node. */
    Map<Integer, Integer> attemptsRunning() {
        Map<Integer, Integer> out = new TreeMap<>();
        for (int v = 0; v < core.nodes.total; v++) {
            int number = core.runningAttempt(v);
            if (number > 0) {
                out.put(v, number);
            }
        }
        return out;
    }

    void apply(CoreInput input) {
        if (journal != null) { // a test keeps every step: the decisions copied
            List<CoreDecision> decisions = core.apply(input);
            journal.add(new Step(input, decisions));
            carryOut(input, decisions);
            return;
        }
        List<CoreDecision> decisions = core.applyLent(input);
        try {
            carryOut(input, decisions);
        } finally {
            core.giveBack(decisions);
        }
    }

    private void carryOut(CoreInput input, List<CoreDecision> decisions) {
        if (durable != null) {
            durable.add(input, decisions);
        }
        for (int i = 0, count = decisions.size(); i < count; i++) { // no iterator: this runs several times a task
            carryOut(decisions.get(i));
        }
    }

    /** What the step settled is durable, and the store's progress line says where the run stands. */
    void keepProgress() {
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
    boolean stopsToWait() {
        return engine.stopWhenWaiting && durable != null && core.onlyWaiting() && signals.isEmpty() && !timers.anyDue(now());
    }

    void fireTimers() {
        long now = now();
        if (timers.anyDue(now)) {
            apply(new CoreInput.TimersDue(now, timers.takeDue(now)));
        }
    }

    // ------------------------------------------------------------------ carrying out decisions

    void carryOut(CoreDecision decision) {
        switch (decision) {
            case CoreDecision.StartAttempt s -> {
                if (checks != null) {
                    checks.attemptStarted(s.node());
                }
                driver.start(s.node(), s.attempt());
            }
            // taken by this step or the runner's next: the check reads files, which the core may not
            case CoreDecision.CheckUpToDate c -> signals.add(at -> checks.check(at, c.node()));
            case CoreDecision.RecordCheck r -> recorder.check(r.node(), r.taskIri(), r.fingerprint(), r.upToDate(),
                    UpToDateChecks.recorded(r.reasons()), r.at());
            case CoreDecision.RecordCached r -> recorder.cached(r.node(), r.taskIri(), r.cachedFrom(), r.reason(), r.at());
            case CoreDecision.StopAttempt s -> driver.stop(s.node(), s.attempt());
            case CoreDecision.ArmTimer t -> timers.arm(t);
            case CoreDecision.EvaluateGate g -> evaluate(g);
            case CoreDecision.AbandonGate g -> {
                Thread check = gateThreads.remove(g.node());
                driver.gateCheckEnded(g.node());
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
                driver.gateCheckEnded(r.node());
                recorder.gate(r.node(), r.gateIri(), r.state(), r.reason(), r.at());
            }
            case CoreDecision.RecordApproval r -> recorder.approval(r.node(), r.gateIri(), r.approved(), r.by(), r.comment(), r.at());
            case CoreDecision.RecordRunFinished r -> recorder.runFinished(r.at(), r.state());
        }
    }

    /** Checks a gate's conditions on a virtual thread, against the snapshot the core took. */
    void evaluate(CoreDecision.EvaluateGate g) {
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
        driver.gateCheckStarted(v, g.evaluation());
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

    long now() {
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
