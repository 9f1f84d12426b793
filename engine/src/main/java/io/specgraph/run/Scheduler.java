package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.plan.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanConflict;
import io.specgraph.plan.PlanDag;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.record.RunRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a plan. A single scheduling thread owns all state: handlers run on virtual threads and only
 * post signals (done, measured) to a queue, which the scheduling thread takes one at a time, together with
 * its timers (timeouts, retry backoff, cancellation grace). That makes the order of events, the limits and
 * the record exact without locks.
 *
 * <p>In {@linkplain Engine.Builder#simulateInVirtualTime() virtual time} no handler thread runs: each attempt
 * is a timer at its start plus the task's estimated duration, and when nothing is left to do at the current
 * instant the clock jumps to the next timer. Everything that happens at one instant (completions, stopped
 * attempts, gate answers) is settled before any task is dispatched, so that the order among ready tasks,
 * not the order of arrival, decides what starts: that makes a virtual run deterministic.
 *
 * <p>Nodes are indexed as in {@link Plan#nodes()}; compensation tasks follow them, at {@code n} and up.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final int TIMEOUT = 0;
    private static final int RETRY = 1;
    private static final int GRACE = 2;
    private static final int GATE = 3;
    /** In virtual time: an attempt has taken its estimated duration and succeeds, as if its handler returned. */
    private static final int SIMULATED_DONE = 4;

    private final Engine engine;
    private final Plan plan;
    private final boolean virtual;
    private final String runIri = "urn:specgraph:run:" + UUID.randomUUID();
    private final RunRecorder recorder = new RunRecorder(runIri);
    private final ContextStore store = new ContextStore();
    private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSeq;

    // the graph: plan nodes, then compensation tasks
    private final int n;
    private final int total;
    private final PlanTask[] task;
    private final PlanGate[] gate;
    private final PlanNode.Kind[] kind;
    private final TaskHandler[] handler;
    /** The plan's DAG by index; compensation tasks (at n and up) have no edges. */
    private final PlanDag dag;
    private final long[] priority;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final Map<String, PlanMetric> metrics = new HashMap<>();
    private final Map<String, PlanPhase> phases = new HashMap<>();
    private final Map<String, Integer> phaseTotal = new HashMap<>();

    // state, touched by the scheduling thread only (except where noted)
    private final int[] unresolved;
    private final String[] blockedBy;
    private final TaskState[] state;
    private final String[] reason;
    private final boolean[] terminal;
    private final boolean[] ok;
    private final int[] attemptCount;
    private final List<List<Attempt>> attempts;
    private final Running[] running;
    private final long[] completedSeq;
    private final GateOutcome[] gateOutcome;
    private final Thread[] evaluating;
    /** Gates whose conditions are being checked, by node index (those of {@link #evaluating} not null). */
    private final Set<Integer> gatesInFlight = new TreeSet<>();
    /** In virtual time: when each gate in flight runs out of its gate timeout, in real nanos. */
    private final long[] gateDeadline;
    /** In virtual time: the answers (GateChecked or GateDeadline) of the gates in flight, held until all have answered. */
    private final Map<Integer, Object> gateAnswers = new TreeMap<>();
    private final boolean[] compensated;
    private final boolean[] compensationQueued;
    private final Set<Integer> retrying = new HashSet<>();
    private final Map<String, Object> outputs = new ConcurrentHashMap<>(); // read by handler threads
    private final Map<String, BigDecimal> measured = new HashMap<>();
    private final ArrayDeque<Integer> resolvable = new ArrayDeque<>();
    private final PriorityQueue<Integer> ready;
    /** Ready tasks waiting for a limit, by the limit; they try again when it frees. */
    private final Map<Admission.Limit, List<Integer>> parked = new HashMap<>();
    private final Admission admission;
    private final Map<String, Integer> phaseDone = new HashMap<>();
    private final Map<String, Boolean> phaseOk = new HashMap<>();
    private final Set<String> phaseStarted = new HashSet<>();
    private final List<Contention> contentions = new ArrayList<>();
    /** Each (task, resource) whose wait is in {@link #contentions} already. */
    private final Set<Contended> contended = new HashSet<>();
    private final ArrayDeque<Integer> compensationQueue = new ArrayDeque<>();
    private final Map<Integer, String> compensationReason = new HashMap<>();
    private final WorkFolders workFolders = new WorkFolders();
    private volatile Path workRoot;

    private long startNanos;
    /** The virtual clock, in nanos since the run started; only the scheduling thread reads or moves it. */
    private long virtualNanos;
    /** For {@link TaskOrder#FIFO}: how many tasks have become ready so far. */
    private long readySeq;
    private Instant startInstant;
    private int runningCount;
    private int planTerminal;
    private long completions;
    private boolean compensationActive;
    private boolean failed;
    private String failFast;
    private String cancelled;

    Scheduler(Engine engine, Plan plan, Map<String, TaskHandler> handlers) {
        this.engine = engine;
        this.plan = plan;
        this.virtual = engine.virtualTime;
        this.dag = plan.dag();
        List<PlanNode> nodes = plan.nodes();
        List<PlanTask> compensations = plan.tasks().stream().filter(PlanTask::compensation).toList();
        this.n = nodes.size();
        this.total = n + compensations.size();
        this.task = new PlanTask[total];
        this.gate = new PlanGate[total];
        this.kind = new PlanNode.Kind[total];
        this.handler = new TaskHandler[total];
        this.priority = new long[total];
        for (int v = 0; v < n; v++) {
            PlanNode node = nodes.get(v);
            kind[v] = node.kind();
            indexOf.put(node.id(), v);
            task[v] = node.kind() == PlanNode.Kind.TASK ? plan.task(node.id()).orElseThrow() : null;
            gate[v] = node.kind() == PlanNode.Kind.GATE ? plan.gate(node.id()).orElseThrow() : null;
            // FIFO gives each task its priority when it becomes ready (see makeReady)
            priority[v] = engine.order == TaskOrder.CRITICAL_PATH ? dag.remainingMillis(v) : 0;
        }
        for (int i = 0; i < compensations.size(); i++) {
            int v = n + i;
            task[v] = compensations.get(i);
            kind[v] = PlanNode.Kind.TASK;
            indexOf.put(task[v].iri(), v);
            priority[v] = Long.MAX_VALUE; // compensation goes first: it undoes work
        }
        for (int v = 0; v < total; v++) {
            if (task[v] != null) {
                handler[v] = handlers.get(task[v].iri());
            }
        }
        this.unresolved = new int[total];
        for (int v = 0; v < n; v++) {
            unresolved[v] = dag.predecessorCount(v);
        }
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        plan.phases().forEach(p -> phases.put(p.iri(), p));
        this.admission = new Admission(plan, task);
        for (int v = 0; v < n; v++) {
            if (task[v] != null && task[v].phase() != null) {
                phaseTotal.merge(task[v].phase(), 1, Integer::sum);
            }
        }
        this.blockedBy = new String[total];
        this.state = new TaskState[total];
        Arrays.fill(state, TaskState.PENDING);
        this.reason = new String[total];
        this.terminal = new boolean[total];
        this.ok = new boolean[total];
        this.attemptCount = new int[total];
        this.attempts = new ArrayList<>();
        for (int v = 0; v < total; v++) {
            attempts.add(new ArrayList<>(1));
        }
        this.running = new Running[total];
        this.completedSeq = new long[total];
        this.gateOutcome = new GateOutcome[total];
        this.evaluating = new Thread[total];
        this.gateDeadline = new long[total];
        this.compensated = new boolean[total];
        this.compensationQueued = new boolean[total];
        this.ready = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(priority[b], priority[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    String runIri() {
        return runIri;
    }

    /** Asks the run to stop; safe from any thread. */
    void cancel(String why) {
        signals.add(new Cancel(why));
    }

    RunResult run() {
        startNanos = now();
        startInstant = engine.clock.instant();
        recorder.runStarted(startInstant, engine.workers, engine.simulate ? engine.timeScale : null);
        emit(new RunEvent.RunStarted(Duration.ZERO, runIri, plan, engine.workers, engine.simulate));
        for (int v = 0; v < n; v++) {
            if (unresolved[v] == 0) {
                resolvable.add(v);
            }
        }
        boolean interrupted = false;
        resolveAll();
        while (true) {
            dispatchWhenSettled();
            // skipping what fail-fast or cancel drained may make more nodes resolvable, and those more ready
            while (!resolvable.isEmpty()) {
                resolveAll();
                dispatchWhenSettled();
            }
            if (finished()) {
                break;
            }
            Object signal;
            try {
                signal = nextSignal();
            } catch (InterruptedException e) {
                // the host wants the run to stop: cancel it properly, so that handlers stop and a result exists
                interrupted = true;
                signal = new Cancel("the thread running the plan was interrupted");
            }
            while (signal != null) {
                handle(signal);
                resolveAll();
                signal = signals.poll();
            }
            fireTimers();
            resolveAll();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (int v = n; v < total; v++) {
            if (!terminal[v]) {
                finishTask(v, TaskState.SKIPPED, "not needed: no gate failed before the work it compensates");
            }
        }
        Duration wall = elapsed();
        RunResult.Outcome outcome = cancelled != null ? RunResult.Outcome.CANCELLED
                : failed ? RunResult.Outcome.FAILED : RunResult.Outcome.SUCCEEDED;
        recorder.runFinished(instantAt(wall), outcome == RunResult.Outcome.SUCCEEDED ? "Succeeded"
                : outcome == RunResult.Outcome.CANCELLED ? "Cancelled" : "Failed");
        RunResult result = new RunResult(plan, runIri, outcome, taskRuns(), gateOutcomes(), sloRows(), contentions,
                startInstant, wall, engine.workers,
                engine.simulate ? OptionalDouble.of(engine.timeScale) : OptionalDouble.empty(), store, recorder.record(), outputs);
        emit(new RunEvent.RunFinished(wall, result));
        return result;
    }

    private boolean finished() {
        return planTerminal == n && runningCount == 0 && !compensationActive && compensationQueue.isEmpty()
                && retrying.isEmpty();
    }

    /**
     * The next signal, or null when a timer is due. In real time it waits for a signal until the next timer
     * is due; in virtual time it waits only for what takes real time (gate conditions), and otherwise moves
     * the clock to the next timer.
     */
    private Object nextSignal() throws InterruptedException {
        if (virtual) {
            return nextVirtualSignal();
        }
        if (timers.isEmpty()) {
            return signals.take();
        }
        long wait = timers.peek().at - now();
        return wait <= 0 ? signals.poll() : signals.poll(wait, TimeUnit.NANOSECONDS);
    }

    private Object nextVirtualSignal() throws InterruptedException {
        // the loop below never blocks while there is work, so look for the host's interrupt here
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object signal = signals.poll();
        if (signal != null) {
            return signal;
        }
        if (!gatesInFlight.isEmpty()) {
            // gate conditions take no virtual time, but they do run: wait for their answers in real time,
            // up to the gate timeout of the one that started first, and do not let the clock move meanwhile
            int first = -1;
            for (int v : gatesInFlight) {
                if (!gateAnswers.containsKey(v) && (first < 0 || gateDeadline[v] - gateDeadline[first] < 0)) {
                    first = v;
                }
            }
            long wait = gateDeadline[first] - System.nanoTime();
            signal = wait > 0 ? signals.poll(wait, TimeUnit.NANOSECONDS) : null;
            return signal != null ? signal : new GateDeadline(first, evaluating[first]);
        }
        if (!timers.isEmpty()) {
            virtualNanos = Math.max(virtualNanos, timers.peek().at); // never backwards: a due timer is at or before now
            return null;
        }
        return signals.take(); // nothing runs and nothing is due: only the host can say something now (cancel)
    }

    /**
     * Dispatches ready tasks. In virtual time only once the current instant is settled: no signal waiting,
     * no timer due, no gate being checked, so that every task that becomes ready at this instant competes
     * for the free workers by its priority.
     */
    private void dispatchWhenSettled() {
        if (!virtual || (signals.isEmpty() && gatesInFlight.isEmpty() && (timers.isEmpty() || timers.peek().at > virtualNanos))) {
            dispatch();
        }
    }

    // ------------------------------------------------------------------ resolution of nodes

    private void resolveAll() {
        while (!resolvable.isEmpty()) {
            int v = resolvable.poll();
            switch (kind[v]) {
                case TASK -> {
                    if (cancelled != null) {
                        finishTask(v, TaskState.CANCELLED, cancelled);
                    } else if (blockedBy[v] != null) {
                        finishTask(v, TaskState.SKIPPED, blockedBy[v]);
                    } else if (failFast != null) {
                        finishTask(v, TaskState.SKIPPED, failFast);
                    } else {
                        makeReady(v);
                    }
                }
                case GATE -> evaluateGate(v);
                case BARRIER -> {
                    terminal[v] = true;
                    ok[v] = blockedBy[v] == null && cancelled == null;
                    planTerminal++;
                    propagate(v, blockedBy[v] != null ? blockedBy[v] : "the run was cancelled");
                }
            }
        }
    }

    /**
     * A task enters the ready queue: resolved, or due to retry. With {@link TaskOrder#FIFO} it takes the next
     * place in line here, and keeps it while it waits for a limit (parked tasks go back with their priority).
     */
    private void makeReady(int v) {
        if (engine.order == TaskOrder.FIFO && v < n) {
            priority[v] = -++readySeq; // the first to become ready has the highest priority; compensation stays above all
        }
        ready.add(v);
    }

    /** Tells the successors that v has ended; a successor of something that did not succeed will not run. */
    private void propagate(int v, String why) {
        for (int i = 0, count = v < n ? dag.successorCount(v) : 0; i < count; i++) {
            int s = dag.successor(v, i);
            if (!ok[v] && blockedBy[s] == null) {
                blockedBy[s] = why;
            }
            if (--unresolved[s] == 0) {
                resolvable.add(s);
            }
        }
    }

    private String notSucceeded(int v) {
        String label = label(v);
        if (kind[v] == PlanNode.Kind.GATE) {
            return "gate " + label + " did not pass";
        }
        return label + " " + (state[v] == TaskState.TIMED_OUT ? "timed out" : state[v].name().toLowerCase());
    }

    // ------------------------------------------------------------------ dispatching

    private void dispatch() {
        if (cancelled != null || failFast != null) {
            drainNotStarted();
        }
        while (runningCount < engine.workers && !ready.isEmpty()) {
            int v = ready.poll();
            Admission.Limit blocker = blocker(v);
            if (blocker != null) {
                parked.computeIfAbsent(blocker, k -> new ArrayList<>()).add(v);
                continue;
            }
            launch(v);
        }
    }

    /** After fail-fast or cancel: what is ready but not started will not start (compensation still may). */
    private void drainNotStarted() {
        List<Integer> waiting = new ArrayList<>(ready);
        parked.values().forEach(waiting::addAll);
        ready.clear();
        parked.clear();
        waiting.sort(Integer::compare);
        for (int v : waiting) {
            List<Attempt> tried = attempts.get(v);
            if (v >= n && cancelled == null) {
                ready.add(v);
            } else if (cancelled == null && !tried.isEmpty()) {
                // a retry that was due but waiting for a slot: it ran, so it ends as its last attempt did
                finishTask(v, tried.get(tried.size() - 1).state(), "not retried: " + failFast.substring("not started: ".length()));
            } else if (cancelled != null) {
                finishTask(v, TaskState.CANCELLED, cancelled);
            } else {
                finishTask(v, TaskState.SKIPPED, failFast);
            }
        }
    }

    /** The limit that keeps v from starting now, or null when it may start; a wait for a writer is a contention. */
    private Admission.Limit blocker(int v) {
        Admission.Limit limit = admission.blocker(v);
        if (limit != null && limit.kind() == Admission.Limit.Kind.RESOURCE && contended.add(new Contended(v, limit.index()))) {
            String resource = admission.resourceName(limit);
            PlanTask holder = task[admission.writerOf(limit)];
            contentions.add(new Contention(resource, holder.iri(), task[v].iri(), conflictCovering(resource, holder, task[v])));
        }
        return limit;
    }

    private Optional<PlanConflict> conflictCovering(String resource, PlanTask a, PlanTask b) {
        return plan.conflicts().stream()
                .filter(c -> resource.equals(c.resource()) && c.between().contains(a.agent()) && c.between().contains(b.agent()))
                .findFirst();
    }

    /** v's attempt ended: its limits free, and the tasks parked on them try again. */
    private void release(int v) {
        for (Admission.Limit limit : admission.end(v)) {
            List<Integer> waiting = parked.remove(limit);
            if (waiting != null) {
                ready.addAll(waiting);
            }
        }
    }

    private void launch(int v) {
        PlanTask t = task[v];
        int number = ++attemptCount[v];
        Running r = new Running(number, now());
        running[v] = r;
        runningCount++;
        admission.start(v);
        state[v] = TaskState.RUNNING;
        // phase events follow the scheduled tasks; compensation may run in a phase that has already finished
        if (v < n && t.phase() != null && phaseStarted.add(t.phase()) && phases.containsKey(t.phase())) {
            emit(new RunEvent.PhaseStarted(offset(r.startNanos), phases.get(t.phase())));
        }
        emit(new RunEvent.TaskStarted(offset(r.startNanos), t, number));
        if (virtual) {
            // nothing runs: the attempt succeeds when its estimated duration has passed on the virtual clock,
            // unless its timeout (scheduled after it, so an estimate equal to the timeout succeeds) comes first
            schedule(r.startNanos + t.estimatedDuration().toNanos(), SIMULATED_DONE, v, number);
            scheduleTimeout(v, r);
            return;
        }
        Context context = new Context(v, r);
        TaskHandler h = handler[v];
        r.thread = Thread.ofVirtual().name("specgraph-task-" + Iris.localName(t.iri())).start(() -> {
            Object out = null;
            Throwable error = null;
            try {
                out = h.run(context);
            } catch (Throwable e) {
                error = e;
            }
            signals.add(new Done(v, number, out, error));
        });
        scheduleTimeout(v, r);
    }

    private void scheduleTimeout(int v, Running r) {
        PlanTask t = task[v];
        Duration limit = t.timeout() != null ? t.timeout() : engine.timeout;
        if (limit != null) {
            long nanos = engine.simulate ? (long) (limit.toNanos() * engine.timeScale) : limit.toNanos();
            r.timeout = limit;
            schedule(r.startNanos + Math.max(1, nanos), TIMEOUT, v, r.number);
        }
    }

    // ------------------------------------------------------------------ signals and timers

    private void handle(Object signal) {
        switch (signal) {
            case Done d -> done(d);
            case Measured m -> measuredValue(m);
            case GateChecked g -> {
                if (virtual) {
                    gateAnswered(g.v(), g.by(), g);
                } else {
                    gateChecked(g);
                }
            }
            case GateDeadline g -> gateAnswered(g.v(), g.by(), g);
            case Cancel c -> cancelRun(c.why());
            default -> throw new IllegalStateException("unknown signal " + signal);
        }
    }

    private void done(Done d) {
        Running r = running[d.v()];
        if (r == null || r.number != d.attempt()) {
            return; // an attempt abandoned after its grace period has ended at last
        }
        TaskState outcome;
        String why;
        if (r.decided != null) {
            outcome = d.error() == null && r.decided == TaskState.CANCELLED ? TaskState.SUCCEEDED : r.decided;
            why = outcome == TaskState.SUCCEEDED ? "" : r.decidedReason;
        } else if (d.error() == null) {
            outcome = TaskState.SUCCEEDED;
            why = "";
        } else {
            outcome = TaskState.FAILED;
            why = describe(d.error());
        }
        endAttempt(d.v(), r, outcome, why, d.output());
    }

    private void fireTimers() {
        long now = now();
        while (!timers.isEmpty() && timers.peek().at <= now) {
            Timer t = timers.poll();
            Running r = running[t.v];
            switch (t.kind) {
                case TIMEOUT -> {
                    if (r != null && r.number == t.attempt && r.decided == null) {
                        stop(t.v, r, TaskState.TIMED_OUT, "gave no result within " + PlanWriter.human(r.timeout)
                                + (virtual ? " (estimated " + PlanWriter.human(task[t.v].estimatedDuration()) + ")"
                                        : engine.simulate ? " (scaled by " + engine.timeScale + ")" : ""));
                    }
                }
                case GRACE -> {
                    if (r != null && r.number == t.attempt) {
                        endAttempt(t.v, r, r.decided, r.decidedReason + "; its handler did not stop within "
                                + PlanWriter.human(engine.cancelGrace) + " and was abandoned", null);
                    }
                }
                case GATE -> gateTimedOut(t.v);
                case RETRY -> {
                    if (retrying.remove(t.v)) {
                        makeReady(t.v);
                    }
                }
                case SIMULATED_DONE -> {
                    // as when a handler returns: an attempt stopped meanwhile ends as done() decides
                    if (r != null && r.number == t.attempt) {
                        done(new Done(t.v, t.attempt, null, null));
                    }
                }
                default -> throw new IllegalStateException("unknown timer " + t.kind);
            }
        }
    }

    private void schedule(long at, int timerKind, int v, int attempt) {
        timers.add(new Timer(at, timerSeq++, timerKind, v, attempt));
    }

    /** Tells a running attempt to stop; it ends when its handler returns, or after the grace period. */
    private void stop(int v, Running r, TaskState as, String why) {
        if (r.decided != null) {
            return;
        }
        r.decided = as;
        r.decidedReason = why;
        r.cancel.set(true);
        if (virtual) {
            // the simulated handler stops at once, as a sleeping one does when interrupted; posted rather
            // than ended here, since stop() is called in the middle of other state changes
            signals.add(new Done(v, r.number, null, new InterruptedException("stopped")));
            return;
        }
        if (r.thread != null) {
            r.thread.interrupt();
        }
        schedule(now() + engine.cancelGrace.toNanos(), GRACE, v, r.number);
    }

    private void endAttempt(int v, Running r, TaskState outcome, String why, Object output) {
        long end = now();
        running[v] = null;
        runningCount--;
        release(v);
        Duration start = offset(r.startNanos);
        Duration stop = offset(end);
        attempts.get(v).add(new Attempt(r.number, outcome, start, stop, instantAt(start), instantAt(stop), why));
        recorder.attempt(v, r.number, task[v].iri(), task[v].agent(), instantAt(start), instantAt(stop),
                stateName(outcome), why);
        if (outcome == TaskState.SUCCEEDED) {
            if (output != null) {
                outputs.put(task[v].iri(), output);
            }
            finishTask(v, TaskState.SUCCEEDED, v >= n ? compensationReason.getOrDefault(v, "") : "");
            return;
        }
        boolean retry = (outcome == TaskState.FAILED || outcome == TaskState.TIMED_OUT)
                && r.number <= retriesOf(task[v]) && cancelled == null && (failFast == null || v >= n);
        if (retry) {
            state[v] = TaskState.PENDING;
            emit(new RunEvent.TaskFinished(stop, task[v], r.number, outcome, why, true));
            retrying.add(v);
            long wait = backoff(r.number).toNanos();
            schedule(end + (engine.simulate ? (long) (wait * engine.timeScale) : wait), RETRY, v, r.number);
            return;
        }
        finishTask(v, outcome, why);
        if (outcome == TaskState.FAILED || outcome == TaskState.TIMED_OUT) {
            failure(notSucceeded(v));
        }
    }

    private int retriesOf(PlanTask t) {
        return t.retries() != null ? t.retries() : engine.retries;
    }

    private Duration backoff(int attempt) {
        Duration wait = engine.backoff;
        for (int i = 1; i < attempt && wait.compareTo(engine.maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(engine.maxBackoff) > 0 ? engine.maxBackoff : wait;
    }

    private void finishTask(int v, TaskState as, String why) {
        state[v] = as;
        reason[v] = why;
        terminal[v] = true;
        ok[v] = as == TaskState.SUCCEEDED;
        Duration at = elapsed();
        if (ok[v]) {
            completedSeq[v] = ++completions;
        }
        if (attempts.get(v).isEmpty()) {
            recorder.notRun(v, task[v].iri(), stateName(as), why, instantAt(at));
        }
        emit(new RunEvent.TaskFinished(at, task[v], attemptCount[v], as, why, false));
        if (v >= n) {
            compensationActive = false;
            if (as == TaskState.FAILED || as == TaskState.TIMED_OUT) {
                failed = true;
            }
            startNextCompensation();
            return;
        }
        planTerminal++;
        String phase = task[v].phase();
        if (phase != null && phases.containsKey(phase)) {
            phaseOk.merge(phase, ok[v], Boolean::logicalAnd);
            if (phaseDone.merge(phase, 1, Integer::sum).equals(phaseTotal.get(phase))) {
                emit(new RunEvent.PhaseFinished(at, phases.get(phase), phaseOk.get(phase)));
            }
        }
        propagate(v, notSucceeded(v));
    }

    /** A task or gate failed: the run has failed; with fail-fast, stop everything else. */
    private void failure(String what) {
        failed = true;
        if (engine.failurePolicy != FailurePolicy.FAIL_FAST || failFast != null || cancelled != null) {
            return;
        }
        failFast = "not started: fail-fast after " + what;
        for (int v = 0; v < n; v++) {
            if (running[v] != null) {
                stop(v, running[v], TaskState.CANCELLED, "cancelled: fail-fast after " + what);
            }
        }
        for (int v : sorted(retrying)) {
            if (v < n) {
                retrying.remove(v);
                List<Attempt> tried = attempts.get(v);
                finishTask(v, tried.get(tried.size() - 1).state(), "not retried: fail-fast after " + what);
            }
        }
    }

    private void cancelRun(String why) {
        if (cancelled != null) {
            return;
        }
        cancelled = why;
        for (int v = 0; v < total; v++) {
            if (running[v] != null) {
                stop(v, running[v], TaskState.CANCELLED, why);
            }
        }
        for (int v : sorted(retrying)) {
            retrying.remove(v);
            finishTask(v, TaskState.CANCELLED, why + " while the task waited to retry");
        }
        while (!compensationQueue.isEmpty()) {
            finishTask(compensationQueue.poll(), TaskState.CANCELLED, why);
        }
    }

    private static List<Integer> sorted(Set<Integer> set) {
        List<Integer> list = new ArrayList<>(set);
        list.sort(Integer::compare);
        return list;
    }

    private void measuredValue(Measured m) {
        measured.put(m.metric().iri(), m.value());
        // a handler stamps the value on its own thread in real time; the virtual clock is the scheduler's alone
        long at = virtual ? now() : m.nanos();
        recorder.measurement(m.v(), m.attempt(), m.metric().iri(), m.value(), instantAt(offset(at)));
        // the event is stamped when it is delivered, so that listeners see time move forward
        emit(new RunEvent.MetricRecorded(elapsed(), m.metric(), m.value(), task[m.v()]));
    }

    // ------------------------------------------------------------------ gates and compensation

    /**
     * Everything the gate waits for has ended. A blocked or cancelled gate ends at once; otherwise its
     * conditions are checked on a virtual thread, against a snapshot of the run so far, so that a slow
     * condition holds up only what waits for this gate.
     */
    private void evaluateGate(int v) {
        PlanGate g = gate[v];
        if (cancelled != null) {
            finishGate(v, new GateOutcome(g, GateState.CANCELLED, cancelled, List.of(), Optional.empty()));
            return;
        }
        if (blockedBy[v] != null) {
            List<String> causes = new ArrayList<>();
            for (int i = 0; i < dag.predecessorCount(v); i++) {
                int p = dag.predecessor(v, i);
                if (!ok[p]) {
                    causes.add(notSucceeded(p));
                }
            }
            finishGate(v, new GateOutcome(g, GateState.BLOCKED, "not evaluated: " + String.join("; ", causes), List.of(),
                    Optional.of(elapsed())));
            return;
        }
        boolean runsHostCode = engine.predicates.containsKey(g.iri()) || g.conditions().stream()
                .anyMatch(c -> c.kind() == PlanGate.Condition.Kind.PREDICATE && engine.predicates.containsKey(c.value()));
        boolean asks = g.conditions().stream().anyMatch(c -> c.kind() == PlanGate.Condition.Kind.ASK);
        Graph record = null;
        if (runsHostCode || asks) {
            record = GraphMemFactory.createDefaultGraph();
            GraphUtil.addInto(record, recorder.record().graph());
        }
        TaskState[] states = state.clone();
        GateCheck check = new GateCheck(engine, plan, metrics, g, dag.predecessorCount(v), iri -> {
            Integer at = indexOf.get(iri);
            if (at == null || task[at] == null) {
                throw new IllegalArgumentException("the plan has no task " + iri);
            }
            return states[at];
        }, new HashMap<>(measured), record == null ? null : new GraphReadOnly(record), outputs, store);
        evaluating[v] = Thread.ofVirtual().name("specgraph-gate-" + Iris.localName(g.iri())).unstarted(() -> {
            List<ConditionOutcome> outcomes = check.conditions();
            signals.add(new GateChecked(v, Thread.currentThread(), outcomes));
        });
        gatesInFlight.add(v);
        if (virtual) {
            gateDeadline[v] = System.nanoTime() + engine.gateTimeout.toNanos(); // real time: see nextVirtualSignal
        } else {
            schedule(now() + engine.gateTimeout.toNanos(), GATE, v, 0);
        }
        evaluating[v].start();
    }

    private void gateChecked(GateChecked checked) {
        int v = checked.v();
        if (evaluating[v] != checked.by()) {
            return; // the gate timed out before its conditions answered
        }
        evaluating[v] = null;
        gatesInFlight.remove(v);
        PlanGate g = gate[v];
        List<ConditionOutcome> conditions = checked.conditions();
        List<String> failedConditions = conditions.stream()
                .filter(c -> c.status() == ConditionOutcome.Status.FAILED).map(ConditionOutcome::detail).toList();
        long assumed = conditions.stream().filter(c -> c.status() == ConditionOutcome.Status.ASSUMED).count();
        Duration at = elapsed();
        finishGate(v, failedConditions.isEmpty()
                ? new GateOutcome(g, GateState.PASSED, assumed == 0 ? "" : assumed + " condition(s) assumed in a dry run",
                        conditions, Optional.of(at))
                : new GateOutcome(g, GateState.FAILED, String.join("; ", failedConditions), conditions, Optional.of(at)));
    }

    /** The gate's conditions gave no answer within the gate timeout: it fails, and its check is interrupted. */
    private void gateTimedOut(int v) {
        if (evaluating[v] == null) {
            return; // it answered in time
        }
        evaluating[v].interrupt();
        evaluating[v] = null;
        gatesInFlight.remove(v);
        finishGate(v, new GateOutcome(gate[v], GateState.FAILED, "its conditions gave no answer within "
                + PlanWriter.human(engine.gateTimeout), List.of(), Optional.of(elapsed())));
    }

    /**
     * In virtual time: a gate in flight answered, or ran out of time. Answers are held until every gate in
     * flight has one, then taken in node order, so that gates ending at the same instant end in the same
     * order in every run, whichever thread answered first.
     */
    private void gateAnswered(int v, Thread by, Object answer) {
        if (evaluating[v] != by || gateAnswers.containsKey(v)) {
            return; // an answer after the gate timed out, or a deadline after the answer
        }
        gateAnswers.put(v, answer);
        if (gateAnswers.size() < gatesInFlight.size()) {
            return;
        }
        List<Object> answers = new ArrayList<>(gateAnswers.values());
        gateAnswers.clear();
        for (Object a : answers) {
            switch (a) {
                case GateChecked g -> gateChecked(g);
                case GateDeadline d -> gateTimedOut(d.v());
                default -> throw new IllegalStateException("not a gate answer: " + a);
            }
        }
    }

    private void finishGate(int v, GateOutcome outcome) {
        PlanGate g = gate[v];
        Duration at = outcome.evaluatedAt().orElseGet(this::elapsed);
        gateOutcome[v] = outcome;
        terminal[v] = true;
        ok[v] = outcome.state() == GateState.PASSED;
        planTerminal++;
        recorder.gate(v, g.iri(), stateName(outcome.state()), outcome.reason(), instantAt(at));
        emit(new RunEvent.GateEvaluated(at, outcome));
        if (outcome.state() == GateState.FAILED || outcome.state() == GateState.BLOCKED) {
            failed = true;
            compensate(v);
        }
        propagate(v, "gate " + g.label() + " did not pass");
        if (outcome.state() == GateState.FAILED) {
            failure("gate " + g.label() + " failed");
        }
    }

    /**
     * A gate did not pass: queue the compensation of the succeeded work before it (that declares
     * {@code sg:compensatedBy} and is not compensated yet), most recently completed first.
     */
    private void compensate(int gateNode) {
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(gateNode);
        List<Integer> done = new ArrayList<>();
        while (!stack.isEmpty()) {
            int v = stack.pop();
            for (int i = 0; i < dag.predecessorCount(v); i++) {
                int p = dag.predecessor(v, i);
                if (!seen[p]) {
                    seen[p] = true;
                    stack.push(p);
                    if (task[p] != null && ok[p] && task[p].compensatedBy() != null && !compensated[p]) {
                        done.add(p);
                    }
                }
            }
        }
        done.sort((a, b) -> Long.compare(completedSeq[b], completedSeq[a]));
        for (int v : done) {
            compensated[v] = true;
            Integer c = indexOf.get(task[v].compensatedBy());
            if (c == null || c < n) {
                continue;
            }
            if (!compensationQueued[c]) {
                compensationQueued[c] = true;
                compensationQueue.add(c);
                compensationReason.put(c, "compensating " + label(v));
            } else if (!terminal[c]) {
                compensationReason.merge(c, ", " + label(v), String::concat);
            } else {
                // a compensation task runs once per run; say what it could not cover, rather than run it twice
                reason[c] = (reason[c] == null || reason[c].isEmpty() ? "" : reason[c] + "; ") + label(v)
                        + " completed after it ran and was not compensated";
            }
        }
        startNextCompensation();
    }

    private void startNextCompensation() {
        if (cancelled != null) {
            while (!compensationQueue.isEmpty()) {
                finishTask(compensationQueue.poll(), TaskState.CANCELLED, cancelled);
            }
            return;
        }
        if (!compensationActive && !compensationQueue.isEmpty()) {
            compensationActive = true;
            ready.add(compensationQueue.poll());
        }
    }

    // ------------------------------------------------------------------ results

    private List<TaskRun> taskRuns() {
        List<TaskRun> out = new ArrayList<>();
        for (PlanTask t : plan.tasks()) {
            int v = indexOf.get(t.iri());
            out.add(new TaskRun(t, state[v], reason[v] == null ? "" : reason[v], attempts.get(v), v >= n));
        }
        return out;
    }

    private List<GateOutcome> gateOutcomes() {
        List<GateOutcome> out = new ArrayList<>();
        for (PlanGate g : plan.gates()) {
            out.add(gateOutcome[indexOf.get(g.iri())]);
        }
        return out;
    }

    private List<SloRow> sloRows() {
        return plan.metrics().stream().map(m -> new SloRow(m, Optional.ofNullable(measured.get(m.iri())))).toList();
    }

    // ------------------------------------------------------------------ helpers

    private void emit(RunEvent event) {
        for (RunListener l : engine.listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a run listener threw on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private Duration elapsed() {
        return offset(now());
    }

    /** The scheduler's clock: System.nanoTime() in real time, the virtual clock in virtual time. */
    private long now() {
        return virtual ? virtualNanos : System.nanoTime();
    }

    private Duration offset(long nanos) {
        return Duration.ofNanos(nanos - startNanos);
    }

    private Instant instantAt(Duration offset) {
        return startInstant.plus(offset);
    }

    private String label(int v) {
        return task[v] != null ? task[v].label() : gate[v] != null ? gate[v].label() : plan.nodes().get(v).id();
    }

    private static String stateName(Enum<?> s) {
        return switch (s.name()) {
            case "SUCCEEDED" -> "Succeeded";
            case "FAILED" -> "Failed";
            case "TIMED_OUT" -> "TimedOut";
            case "SKIPPED" -> "Skipped";
            case "CANCELLED" -> "Cancelled";
            case "PASSED" -> "Passed";
            case "BLOCKED" -> "Blocked";
            default -> throw new IllegalStateException("not a terminal state: " + s);
        };
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : (e instanceof CommandHandler.CommandFailedException ? "" : e.getClass().getSimpleName() + ": ") + message;
    }

    private Path taskDirectory(int v) {
        String name = workFolders.name(v, task[v].iri());
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
            throw new UncheckedIOException("could not create the work directory of " + task[v].label() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ types

    /** An attempt holding a slot. */
    private static final class Running {
        final int number;
        final long startNanos;
        final AtomicBoolean cancel = new AtomicBoolean();
        Thread thread;
        Duration timeout;
        TaskState decided;
        String decidedReason;

        Running(int number, long startNanos) {
            this.number = number;
            this.startNanos = startNanos;
        }
    }

    private record Timer(long at, long seq, int kind, int v, int attempt) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private record Done(int v, int attempt, Object output, Throwable error) {}

    private record Contended(int v, int resource) {}

    private record Measured(int v, int attempt, PlanMetric metric, BigDecimal value, long nanos) {}

    private record Cancel(String why) {}

    private record GateChecked(int v, Thread by, List<ConditionOutcome> conditions) {}

    /** In virtual time: the gate timeout of a gate in flight has passed, in real time. */
    private record GateDeadline(int v, Thread by) {}

    /** What a handler sees; used from the handler's own thread. */
    private final class Context implements TaskContext {
        private final int v;
        private final Running attempt;

        Context(int v, Running attempt) {
            this.v = v;
            this.attempt = attempt;
        }

        @Override
        public PlanTask task() {
            return task[v];
        }

        @Override
        public int attempt() {
            return attempt.number;
        }

        @Override
        public String runIri() {
            return runIri;
        }

        @Override
        public Map<String, Object> upstream() {
            Map<String, Object> up = new java.util.LinkedHashMap<>();
            for (String d : task[v].dependsOn()) {
                Object o = outputs.get(d);
                if (o != null) {
                    up.put(d, o);
                }
            }
            return java.util.Collections.unmodifiableMap(up);
        }

        @Override
        public Optional<Object> output(String taskIri) {
            return Optional.ofNullable(outputs.get(taskIri));
        }

        @Override
        public ContextStore store() {
            return store;
        }

        @Override
        public void measure(String metricIri, BigDecimal value) {
            PlanMetric m = metrics.get(metricIri);
            if (m == null) {
                throw new IllegalArgumentException("the spec declares no metric " + metricIri + "; declared: "
                        + String.join(", ", new LinkedHashSet<>(plan.metrics().stream().map(PlanMetric::iri).toList())));
            }
            // the scheduling thread stamps the value itself in virtual time (see measuredValue)
            signals.add(new Measured(v, attempt.number, m, value, virtual ? 0 : System.nanoTime()));
        }

        @Override
        public Optional<String> metricIri(String iriOrLocalName) {
            if (metrics.containsKey(iriOrLocalName)) {
                return Optional.of(iriOrLocalName);
            }
            List<String> matches = metrics.keySet().stream().filter(m -> Iris.localName(m).equals(iriOrLocalName)).toList();
            return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
        }

        @Override
        public Graph spec() {
            return plan.specGraph();
        }

        @Override
        public Path workDirectory() {
            return taskDirectory(v);
        }

        @Override
        public boolean cancelled() {
            return attempt.cancel.get();
        }
    }
}
