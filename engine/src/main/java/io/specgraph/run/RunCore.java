package io.specgraph.run;

import io.specgraph.plan.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanConflict;
import io.specgraph.plan.PlanDag;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The decisions of one run, as a deterministic state machine: {@link #apply(CoreInput)} takes one input and
 * returns what to do about it. No threads, no clock, no I/O: time comes with each input, handlers, timers and
 * gate checks are the driver's, and everything the core decides is a {@link CoreDecision} value. The same plan,
 * engine configuration and sequence of inputs give the same decisions and the same state, so a journal of the
 * inputs replays a run exactly.
 *
 * <p>Nodes are indexed as in {@link Plan#nodes()}; compensation tasks follow them, at {@code n} and up.
 */
final class RunCore {
    private final Engine engine;
    private final Plan plan;
    private final String runIri;
    private final boolean virtual;
    private final List<CoreDecision> out = new ArrayList<>();

    // the graph: plan nodes, then compensation tasks
    final int n;
    final int total;
    final PlanTask[] task;
    final PlanGate[] gate;
    private final PlanNode.Kind[] kind;
    private final PlanDag dag;
    private final long[] priority;
    final Map<String, Integer> indexOf = new HashMap<>();
    private final Map<String, PlanPhase> phases = new HashMap<>();
    private final Map<String, Integer> phaseTotal = new HashMap<>();
    private final Admission admission;

    // state
    private final int[] unresolved;
    private final String[] blockedBy;
    final NodeStates states;
    private final Running[] running;
    /** Per node, how many of its attempts were interrupted (they do not count as retries). */
    private final int[] interruptions;
    private final GatesInFlight gates;
    final Approvals approvals;
    private final Compensations compensations;
    private final Set<Integer> retrying = new HashSet<>();
    final Map<String, BigDecimal> measured = new HashMap<>();
    private final ArrayDeque<Integer> resolvable = new ArrayDeque<>();
    private final PriorityQueue<Integer> ready;
    /** Ready tasks waiting for a limit, by the limit; they try again when it frees. */
    private final Map<Admission.Limit, List<Integer>> parked = new HashMap<>();
    private final Map<String, Integer> phaseDone = new HashMap<>();
    private final Map<String, Boolean> phaseOk = new HashMap<>();
    private final Set<String> phaseStarted = new HashSet<>();
    final List<Contention> contentions = new ArrayList<>();
    /** Each (task, resource) whose wait is in {@link #contentions} already. */
    private final Set<Contended> contended = new HashSet<>();

    private long now;
    private long startNanos;
    private Instant startInstant;
    /** For {@link TaskOrder#FIFO}: how many tasks have become ready so far. */
    private long readySeq;
    private int runningCount;
    private int planTerminal;
    private boolean failed;
    private String failFast;
    String cancelled;

    RunCore(Engine engine, Plan plan, String runIri) {
        this.engine = engine;
        this.plan = plan;
        this.runIri = runIri;
        this.virtual = engine.virtualTime;
        this.dag = plan.dag();
        List<PlanNode> nodes = plan.nodes();
        List<PlanTask> compensations = plan.tasks().stream().filter(PlanTask::compensation).toList();
        this.n = nodes.size();
        this.total = n + compensations.size();
        this.task = new PlanTask[total];
        this.gate = new PlanGate[total];
        this.kind = new PlanNode.Kind[total];
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
        this.unresolved = new int[total];
        for (int v = 0; v < n; v++) {
            unresolved[v] = dag.predecessorCount(v);
        }
        plan.phases().forEach(p -> phases.put(p.iri(), p));
        this.admission = new Admission(plan, task);
        for (int v = 0; v < n; v++) {
            if (task[v] != null && task[v].phase() != null) {
                phaseTotal.merge(task[v].phase(), 1, Integer::sum);
            }
        }
        this.blockedBy = new String[total];
        this.states = new NodeStates(total);
        this.running = new Running[total];
        this.interruptions = new int[total];
        this.gates = new GatesInFlight(total);
        this.approvals = new Approvals(total);
        this.compensations = new Compensations(total);
        this.ready = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(priority[b], priority[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    /** Takes one input; returns the decisions it led to, in the order they were made. */
    List<CoreDecision> apply(CoreInput input) {
        out.clear();
        now = input.at();
        switch (input) {
            case CoreInput.Start s -> start(s);
            case CoreInput.Dispatch d -> dispatch();
            case CoreInput.Resolve r -> resolveAll();
            case CoreInput.AttemptEnded e -> {
                attemptEnded(e);
                resolveAll();
            }
            case CoreInput.Measured m -> {
                measuredValue(m);
                resolveAll();
            }
            case CoreInput.GateAnswered g -> {
                if (virtual) {
                    gateAnsweredInVirtualTime(g.node(), g.evaluation(), g);
                } else {
                    gateChecked(g);
                }
                resolveAll();
            }
            case CoreInput.GateDeadline g -> {
                gateAnsweredInVirtualTime(g.node(), g.evaluation(), g);
                resolveAll();
            }
            case CoreInput.TimersDue t -> {
                t.timers().forEach(this::timerFired);
                resolveAll();
            }
            case CoreInput.CancelRequested c -> {
                cancelRun(c.why());
                resolveAll();
            }
            case CoreInput.Resumed r -> publish(new RunEvent.RunResumed(elapsed(), runIri, r.instant()));
            case CoreInput.ApprovalDecided a -> {
                approvalDecided(a);
                resolveAll();
            }
            case CoreInput.AttemptInterrupted i -> {
                attemptInterrupted(i);
                resolveAll();
            }
            case CoreInput.Finish f -> finish();
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ what the driver may ask

    /** Nodes became decidable and wait for a {@link CoreInput.Resolve}. */
    boolean hasResolvable() {
        return !resolvable.isEmpty();
    }

    /** Gate checks are out: in virtual time the instant is not settled until they answer. */
    boolean gatesInFlight() {
        return gates.any();
    }

    /** Whether the gate at v is being checked, and its answer (or deadline) has not reached the core yet. */
    boolean awaitsAnswer(int v) {
        return gates.awaitsAnswer(v);
    }

    /** The number of the attempt of v that is running, or 0. */
    int runningAttempt(int v) {
        return running[v] == null ? 0 : running[v].number;
    }

    /** Whether {@code evaluation} is the check of the gate at v still waited for. */
    boolean checking(int v, int evaluation) {
        return gates.current(v, evaluation);
    }

    /** Every node has ended and nothing runs, waits to retry or waits to compensate. */
    boolean finished() {
        return planTerminal == n && runningCount == 0 && compensations.idle()
                && retrying.isEmpty();
    }

    /** The run's outcome so far (final after {@link CoreInput.Finish}). */
    RunResult.Outcome outcome() {
        return cancelled != null ? RunResult.Outcome.CANCELLED : failed ? RunResult.Outcome.FAILED : RunResult.Outcome.SUCCEEDED;
    }

    Instant startInstant() {
        return startInstant;
    }

    Duration elapsed() {
        return offset(now);
    }

    // ------------------------------------------------------------------ start and finish

    private void start(CoreInput.Start s) {
        startNanos = s.at();
        startInstant = s.instant();
        out.add(new CoreDecision.RecordRunStarted(startInstant, engine.workers, engine.simulate ? engine.timeScale : null));
        publish(new RunEvent.RunStarted(Duration.ZERO, runIri, plan, engine.workers, engine.simulate));
        for (int v = 0; v < n; v++) {
            if (unresolved[v] == 0) {
                resolvable.add(v);
            }
        }
        resolveAll();
    }

    private void finish() {
        for (int v = n; v < total; v++) {
            if (!states.terminal(v)) {
                finishTask(v, TaskState.SKIPPED, "not needed: no gate failed before the work it compensates");
            }
        }
        RunResult.Outcome outcome = outcome();
        out.add(new CoreDecision.RecordRunFinished(instantAt(elapsed()), outcome == RunResult.Outcome.SUCCEEDED ? "Succeeded"
                : outcome == RunResult.Outcome.CANCELLED ? "Cancelled" : "Failed"));
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
                    states.finishBarrier(v, blockedBy[v] == null && cancelled == null);
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
            if (!states.ok(v) && blockedBy[s] == null) {
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
        TaskState state = states.state(v);
        return label + " " + (state == TaskState.TIMED_OUT ? "timed out" : state.name().toLowerCase());
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
            List<Attempt> tried = states.attempts(v);
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
        int number = states.startAttempt(v);
        Running r = new Running(number, now);
        running[v] = r;
        runningCount++;
        admission.start(v);
        // phase events follow the scheduled tasks; compensation may run in a phase that has already finished
        if (v < n && t.phase() != null && phaseStarted.add(t.phase()) && phases.containsKey(t.phase())) {
            publish(new RunEvent.PhaseStarted(offset(r.startNanos), phases.get(t.phase())));
        }
        publish(new RunEvent.TaskStarted(offset(r.startNanos), t, number));
        out.add(new CoreDecision.StartAttempt(v, number));
        if (virtual) {
            // nothing runs: the attempt succeeds when its estimated duration has passed on the virtual clock,
            // unless its timeout (armed after it, so an estimate equal to the timeout succeeds) comes first
            arm(r.startNanos + t.estimatedDuration().toNanos(), CoreDecision.ArmTimer.Kind.SIMULATED_DONE, v, number);
        }
        Duration limit = t.timeout() != null ? t.timeout() : engine.timeout;
        if (limit != null) {
            long nanos = engine.simulate ? (long) (limit.toNanos() * engine.timeScale) : limit.toNanos();
            r.timeout = limit;
            arm(r.startNanos + Math.max(1, nanos), CoreDecision.ArmTimer.Kind.TIMEOUT, v, number);
        }
    }

    // ------------------------------------------------------------------ attempts and timers

    private void attemptEnded(CoreInput.AttemptEnded d) {
        Running r = running[d.node()];
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
        endAttempt(d.node(), r, outcome, why, d.output());
    }

    /** The attempt's process is gone: the attempt ends as interrupted and the task is ready again at once. */
    private void attemptInterrupted(CoreInput.AttemptInterrupted i) {
        int v = i.node();
        Running r = running[v];
        if (r == null || r.number != i.attempt()) {
            return;
        }
        running[v] = null;
        runningCount--;
        release(v);
        interruptions[v]++;
        Duration start = offset(r.startNanos);
        Duration stop = offset(now);
        String why = "the process running it stopped before it ended; started again";
        states.attemptEnded(v, new Attempt(r.number, TaskState.INTERRUPTED, start, stop, instantAt(start), instantAt(stop), why));
        out.add(new CoreDecision.RecordAttempt(v, r.number, task[v].iri(), task[v].agent(), instantAt(start), instantAt(stop),
                stateName(TaskState.INTERRUPTED), why));
        publish(new RunEvent.TaskFinished(stop, task[v], r.number, TaskState.INTERRUPTED, why, true));
        if (r.decided != null) {
            // it was being stopped anyway (cancel, fail-fast, timeout): it ends as it was going to
            finishTask(v, r.decided, r.decidedReason);
            if (r.decided == TaskState.TIMED_OUT) {
                failure(notSucceeded(v));
            }
            return;
        }
        makeReady(v);
    }

    private void timerFired(CoreDecision.ArmTimer t) {
        Running r = running[t.node()];
        switch (t.kind()) {
            case TIMEOUT -> {
                if (r != null && r.number == t.attempt() && r.decided == null) {
                    stop(t.node(), r, TaskState.TIMED_OUT, "gave no result within " + PlanWriter.human(r.timeout)
                            + (virtual ? " (estimated " + PlanWriter.human(task[t.node()].estimatedDuration()) + ")"
                                    : engine.simulate ? " (scaled by " + engine.timeScale + ")" : ""));
                }
            }
            case GRACE -> {
                if (r != null && r.number == t.attempt()) {
                    endAttempt(t.node(), r, r.decided, r.decidedReason + "; its handler did not stop within "
                            + PlanWriter.human(engine.cancelGrace) + " and was abandoned", null);
                }
            }
            case GATE -> gateTimedOut(t.node(), t.attempt());
            case APPROVAL -> approvalTimedOut(t.node());
            case RETRY -> {
                if (retrying.remove(t.node())) {
                    makeReady(t.node());
                }
            }
            case SIMULATED_DONE -> {
                // as when a handler returns: an attempt stopped meanwhile ends as attemptEnded() decides
                if (r != null && r.number == t.attempt()) {
                    attemptEnded(new CoreInput.AttemptEnded(now, t.node(), t.attempt(), null, null));
                }
            }
        }
    }

    private void arm(long at, CoreDecision.ArmTimer.Kind timer, int v, int attempt) {
        out.add(new CoreDecision.ArmTimer(at, timer, v, attempt));
    }

    /**
     * Tells a running attempt to stop; it ends when its handler returns or, in real time, when the grace period
     * has passed. In virtual time the driver ends it at once, as a simulated handler stops when interrupted.
     */
    private void stop(int v, Running r, TaskState as, String why) {
        if (r.decided != null) {
            return;
        }
        r.decided = as;
        r.decidedReason = why;
        out.add(new CoreDecision.StopAttempt(v, r.number));
        if (!virtual) {
            arm(now + engine.cancelGrace.toNanos(), CoreDecision.ArmTimer.Kind.GRACE, v, r.number);
        }
    }

    private void endAttempt(int v, Running r, TaskState outcome, String why, Object output) {
        long end = now;
        running[v] = null;
        runningCount--;
        release(v);
        Duration start = offset(r.startNanos);
        Duration stop = offset(end);
        states.attemptEnded(v, new Attempt(r.number, outcome, start, stop, instantAt(start), instantAt(stop), why));
        out.add(new CoreDecision.RecordAttempt(v, r.number, task[v].iri(), task[v].agent(), instantAt(start), instantAt(stop),
                stateName(outcome), why));
        if (outcome == TaskState.SUCCEEDED) {
            if (output != null) {
                out.add(new CoreDecision.KeepOutput(task[v].iri(), output));
            }
            finishTask(v, TaskState.SUCCEEDED, v >= n ? compensations.reason(v) : "");
            return;
        }
        boolean retry = (outcome == TaskState.FAILED || outcome == TaskState.TIMED_OUT)
                && r.number - interruptions[v] <= retriesOf(task[v]) && cancelled == null && (failFast == null || v >= n);
        if (retry) {
            publish(new RunEvent.TaskFinished(stop, task[v], r.number, outcome, why, true));
            retrying.add(v);
            long wait = backoff(r.number).toNanos();
            arm(end + (engine.simulate ? (long) (wait * engine.timeScale) : wait), CoreDecision.ArmTimer.Kind.RETRY, v, r.number);
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

    /** The one place a task becomes terminal. */
    private void finishTask(int v, TaskState as, String why) {
        states.finishTask(v, as, why);
        Duration at = elapsed();
        if (states.attempts(v).isEmpty()) {
            out.add(new CoreDecision.RecordNotRun(v, task[v].iri(), stateName(as), why, instantAt(at)));
        }
        publish(new RunEvent.TaskFinished(at, task[v], states.attemptCount(v), as, why, false));
        if (v >= n) {
            compensations.ended();
            if (as == TaskState.FAILED || as == TaskState.TIMED_OUT) {
                failed = true;
            }
            startNextCompensation();
            return;
        }
        planTerminal++;
        String phase = task[v].phase();
        if (phase != null && phases.containsKey(phase)) {
            phaseOk.merge(phase, states.ok(v), Boolean::logicalAnd);
            if (phaseDone.merge(phase, 1, Integer::sum).equals(phaseTotal.get(phase))) {
                publish(new RunEvent.PhaseFinished(at, phases.get(phase), phaseOk.get(phase)));
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
                List<Attempt> tried = states.attempts(v);
                finishTask(v, tried.get(tried.size() - 1).state(), "not retried: fail-fast after " + what);
            }
        }
        endWaitingGates("not decided: fail-fast after " + what);
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
        for (int c = compensations.takeQueued(); c >= 0; c = compensations.takeQueued()) {
            finishTask(c, TaskState.CANCELLED, why);
        }
        endWaitingGates(why + " while the gate waited for a decision");
    }

    private static List<Integer> sorted(Set<Integer> set) {
        List<Integer> list = new ArrayList<>(set);
        list.sort(Integer::compare);
        return list;
    }

    private void measuredValue(CoreInput.Measured m) {
        measured.put(m.metric().iri(), m.value());
        // a handler stamps the value on its own thread in real time; the virtual clock is the core's alone
        long at = virtual ? now : m.stamped();
        out.add(new CoreDecision.RecordMeasurement(m.node(), m.attempt(), m.metric().iri(), m.value(), instantAt(offset(at))));
        // the event is stamped when it is delivered, so that listeners see time move forward
        publish(new RunEvent.MetricRecorded(elapsed(), m.metric(), m.value(), task[m.node()]));
    }

    // ------------------------------------------------------------------ gates and compensation

    /**
     * Everything the gate waits for has ended. A blocked or cancelled gate ends at once; otherwise the driver
     * checks its conditions against a snapshot of the run so far, so that a slow condition holds up only what
     * waits for this gate.
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
                if (!states.ok(p)) {
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
        int evaluation = gates.start(v);
        out.add(new CoreDecision.EvaluateGate(v, evaluation, dag.predecessorCount(v), states.snapshot(),
                new HashMap<>(measured), runsHostCode || asks));
        if (!virtual) {
            // in virtual time the driver keeps the deadline in real time: gate checks take no virtual time
            arm(now + engine.gateTimeout.toNanos(), CoreDecision.ArmTimer.Kind.GATE, v, evaluation);
        }
    }

    private void gateChecked(CoreInput.GateAnswered checked) {
        int v = checked.node();
        if (!gates.current(v, checked.evaluation())) {
            return; // the gate timed out before its conditions answered
        }
        gates.end(v);
        concludeGate(v, checked.conditions());
    }

    /**
     * Decides a checked gate from its conditions: failed, passed, unchecked, or, when an approval is not decided
     * yet and nothing failed, waiting for the decision (with a timer when the approval has a timeout).
     */
    private void concludeGate(int v, List<ConditionOutcome> checked) {
        PlanGate g = gate[v];
        List<ConditionOutcome> conditions = approvals.settle(v, checked);
        if (Approvals.waits(conditions) && conditions.stream().noneMatch(c -> c.status() == ConditionOutcome.Status.FAILED)) {
            approvals.startWaiting(v, conditions);
            PlanGate.Approval approval = g.conditions().stream().filter(c -> c.kind() == PlanGate.Condition.Kind.APPROVAL)
                    .findFirst().orElseThrow().approval();
            publish(new RunEvent.GateWaiting(elapsed(), g, approval.approvers()));
            if (approval.timeout() != null) {
                arm(now + Math.max(1, approval.timeout().toNanos()), CoreDecision.ArmTimer.Kind.APPROVAL, v, 0);
            }
            return;
        }
        List<String> failedConditions = conditions.stream()
                .filter(c -> c.status() == ConditionOutcome.Status.FAILED).map(ConditionOutcome::detail).toList();
        long assumed = conditions.stream().filter(c -> c.status() == ConditionOutcome.Status.ASSUMED).count();
        long unchecked = conditions.stream().filter(c -> c.status() == ConditionOutcome.Status.UNCHECKED).count();
        Duration at = elapsed();
        String assumedNote = assumed == 0 ? "" : assumed + " condition(s) assumed in a dry run";
        finishGate(v, !failedConditions.isEmpty()
                ? new GateOutcome(g, GateState.FAILED, String.join("; ", failedConditions), conditions, Optional.of(at))
                : unchecked > 0
                ? new GateOutcome(g, GateState.UNCHECKED, unchecked + " condition(s) are prose that nothing can check"
                        + (assumedNote.isEmpty() ? "" : "; " + assumedNote), conditions, Optional.of(at))
                : new GateOutcome(g, GateState.PASSED, assumedNote, conditions, Optional.of(at)));
    }

    /** A person decided on an approval gate: kept, and the gate concluded when it was waiting for it. */
    private void approvalDecided(CoreInput.ApprovalDecided d) {
        int v = d.node();
        if (!Approvals.needed(gate[v]) || states.terminal(v) || (d.by() != null && !Approvals.mayDecide(gate[v], d.by()))) {
            return; // too late, or not theirs to decide: the driver refused it already, and a replay must agree
        }
        if (!approvals.decide(v, new Approvals.Decision(d.approved(), d.by(), d.comment(), d.instant()))) {
            return; // the first decision stands
        }
        out.add(new CoreDecision.RecordApproval(v, gate[v].iri(), d.approved(), d.by(), d.comment(), d.instant()));
        List<ConditionOutcome> held = approvals.stopWaiting(v);
        if (held != null) {
            concludeGate(v, held);
        }
    }

    /** An approval gate got no decision within its timeout: it passes or is rejected, as it declares. */
    private void approvalTimedOut(int v) {
        if (!approvals.waiting(v)) {
            return;
        }
        PlanGate.Approval approval = gate[v].conditions().stream().filter(c -> c.kind() == PlanGate.Condition.Kind.APPROVAL)
                .findFirst().orElseThrow().approval();
        boolean pass = approval.passOnTimeout();
        String why = "no decision within " + PlanWriter.human(approval.timeout()) + (pass ? ": passed" : ": rejected")
                + " as the gate declares (sg:onTimeout)";
        approvals.decide(v, new Approvals.Decision(pass, null, why, instantAt(elapsed())));
        out.add(new CoreDecision.RecordApproval(v, gate[v].iri(), pass, null, why, instantAt(elapsed())));
        concludeGate(v, approvals.stopWaiting(v));
    }

    /** Gates waiting for a decision will not get one: the run is cancelled or stops after a failure. */
    private void endWaitingGates(String why) {
        for (int v : approvals.waitingGates()) {
            approvals.stopWaiting(v);
            finishGate(v, new GateOutcome(gate[v], GateState.CANCELLED, why, List.of(), Optional.of(elapsed())));
        }
    }

    /** Only gates waiting for a decision keep the run from finishing: nothing runs, is ready or waits to retry. */
    boolean onlyWaiting() {
        return !approvals.waitingGates().isEmpty() && runningCount == 0 && ready.isEmpty() && parked.isEmpty()
                && retrying.isEmpty() && compensations.idle() && resolvable.isEmpty() && !gates.any();
    }

    /** The gate's conditions gave no answer within the gate timeout: it fails, and its check is abandoned. */
    private void gateTimedOut(int v, int evaluation) {
        if (!gates.current(v, evaluation)) {
            return; // it answered in time
        }
        out.add(new CoreDecision.AbandonGate(v, evaluation));
        gates.end(v);
        finishGate(v, new GateOutcome(gate[v], GateState.FAILED, "its conditions gave no answer within "
                + PlanWriter.human(engine.gateTimeout), List.of(), Optional.of(elapsed())));
    }

    /** In virtual time: a gate in flight answered, or ran out of time; see {@link GatesInFlight#hold}. */
    private void gateAnsweredInVirtualTime(int v, int evaluation, CoreInput answer) {
        for (CoreInput a : gates.hold(v, evaluation, answer)) {
            switch (a) {
                case CoreInput.GateAnswered g -> gateChecked(g);
                case CoreInput.GateDeadline d -> gateTimedOut(d.node(), d.evaluation());
                default -> throw new IllegalStateException("not a gate answer: " + a);
            }
        }
    }

    private void finishGate(int v, GateOutcome outcome) {
        PlanGate g = gate[v];
        Duration at = outcome.evaluatedAt().orElseGet(this::elapsed);
        states.finishGate(v, outcome);
        planTerminal++;
        out.add(new CoreDecision.RecordGate(v, g.iri(), stateName(outcome.state()), outcome.reason(), instantAt(at)));
        publish(new RunEvent.GateEvaluated(at, outcome));
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
                    if (task[p] != null && states.ok(p) && task[p].compensatedBy() != null && !compensations.covered(p)) {
                        done.add(p);
                    }
                }
            }
        }
        done.sort((a, b) -> Long.compare(states.completedSeq(b), states.completedSeq(a)));
        for (int v : done) {
            Integer c = indexOf.get(task[v].compensatedBy());
            if (c == null || c < n) {
                continue; // its sg:compensatedBy is not a compensation task of this plan: nothing to run
            }
            if (compensations.add(v, label(v), c, states.terminal(c)) == Compensations.Added.TOO_LATE) {
                // a compensation task runs once per run; say what it could not cover, rather than run it twice
                states.addToReason(c, label(v) + " completed after it ran and was not compensated");
            }
        }
        startNextCompensation();
    }

    private void startNextCompensation() {
        if (cancelled != null) {
            for (int c = compensations.takeQueued(); c >= 0; c = compensations.takeQueued()) {
                finishTask(c, TaskState.CANCELLED, cancelled);
            }
            return;
        }
        int next = compensations.startNext();
        if (next >= 0) {
            ready.add(next);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void publish(RunEvent event) {
        out.add(new CoreDecision.Publish(event));
    }

    private Duration offset(long nanos) {
        return Duration.ofNanos(nanos - startNanos);
    }

    private Instant instantAt(Duration offset) {
        return startInstant.plus(offset);
    }

    String label(int v) {
        return task[v] != null ? task[v].label() : gate[v] != null ? gate[v].label() : plan.nodes().get(v).id();
    }

    static String stateName(Enum<?> s) {
        return switch (s.name()) {
            case "SUCCEEDED" -> "Succeeded";
            case "FAILED" -> "Failed";
            case "TIMED_OUT" -> "TimedOut";
            case "SKIPPED" -> "Skipped";
            case "CANCELLED" -> "Cancelled";
            case "INTERRUPTED" -> "Interrupted";
            case "PASSED" -> "Passed";
            case "BLOCKED" -> "Blocked";
            case "UNCHECKED" -> "Unchecked";
            default -> throw new IllegalStateException("not a terminal state: " + s);
        };
    }

    static String describe(Throwable e) {
        if (e instanceof JournalEntries.JournaledFailure) {
            return e.getMessage(); // described when it was journaled
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : (e instanceof CommandHandler.CommandFailedException ? "" : e.getClass().getSimpleName() + ": ") + message;
    }

    /** An attempt holding a slot. */
    private static final class Running {
        final int number;
        final long startNanos;
        Duration timeout;
        TaskState decided;
        String decidedReason;

        Running(int number, long startNanos) {
            this.number = number;
            this.startNanos = startNanos;
        }
    }

    private record Contended(int v, int resource) {}
}
