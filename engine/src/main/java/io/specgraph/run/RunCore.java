package io.specgraph.run;

import io.specgraph.internal.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanDag;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanTask;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions of one run, as a deterministic state machine: {@link #apply(CoreInput)} takes one input and
 * returns what to do about it. No threads, no clock, no I/O: time comes with each input, handlers, timers and
 * gate checks are the driver's, and everything the core decides is a {@link CoreDecision} value. The same plan,
 * engine configuration and sequence of inputs give the same decisions and the same state, so a journal of the
 * inputs replays a run exactly.
 *
 * <p>Nodes are indexed as in {@link Plan#nodes()}; compensation tasks follow them, at {@code n} and up (see
 * {@link RunNodes}). The core keeps what decides the flow of the run (what resolves, what is skipped, failure,
 * fail-fast, cancel); what each part holds is its own class: {@link NodeStates}, {@link ReadyQueue},
 * {@link Attempts} (each attempt from start to end, and retries), {@link GateDecisions}, {@link Compensations},
 * {@link PhaseProgress}, {@link Contentions}, and {@link Decisions}, the stream it answers with.
 */
final class RunCore {
    private final Engine engine;
    private final Plan plan;
    private final String runIri;
    private final boolean virtual;
    private final Decisions out = new Decisions();

    final RunNodes nodes;
    // short names for what the core reads on every step
    private final int n;
    private final PlanTask[] task;
    private final PlanDag dag;

    // state
    private final int[] unresolved;
    private final String[] blockedBy;
    final NodeStates states;
    private final Attempts attempts;
    private final GateDecisions gates;
    final Approvals approvals;
    private final ApprovalGates approvalGates;
    private final Compensations compensations;
    private final PhaseProgress phases;
    /** {@link #taskStarting}, made once for the run: dispatching is once per step. */
    private final java.util.function.IntConsumer whenStarting = this::taskStarting;
    private final ReadyQueue ready;
    final Contentions contentions;
    final Map<String, BigDecimal> measured = new HashMap<>();
    private final IntQueue resolvable = new IntQueue();
    /** Whether a task is checked for being up to date before it may start (an incremental run). */
    private boolean checks;
    /** Tasks whose up-to-date check was asked for and has not answered. */
    private final Set<Integer> awaitingCheck = new java.util.TreeSet<>();
    /** Metrics whose last value a cached task carried over. */
    final Set<String> carriedOver = new HashSet<>();

    private long now;
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
        this.nodes = RunNodes.of(plan);
        this.n = nodes.n;
        this.task = nodes.task;
        int total = nodes.total;
        this.unresolved = new int[total];
        for (int v = 0; v < n; v++) {
            unresolved[v] = dag.predecessorCount(v);
        }
        Admission admission = new Admission(nodes.admission);
        this.blockedBy = new String[total];
        this.states = new NodeStates(total);
        this.gates = new GateDecisions(nodes.gate, out, virtual, engine.gateTimeout, engine.predicates);
        this.compensations = new Compensations(total);
        this.approvalGates = new ApprovalGates(nodes.gate, out);
        this.approvals = approvalGates.state();
        this.phases = new PhaseProgress(plan.phases(), nodes);
        this.ready = new ReadyQueue(engine.order, dag::remainingMillis, n, total);
        this.contentions = new Contentions(plan, admission, task);
        // two or three events a task that no listener would hear are not made
        out.publishing(!engine.listeners.isEmpty() || engine.checksUpToDate());
        this.attempts = new Attempts(engine, nodes, out, ready, admission, contentions, states, new Attempts.Flow() {
            @Override
            public void finishTask(int v, TaskState as, String why) {
                RunCore.this.finishTask(v, as, why);
            }

            @Override
            public void failed(int v) {
                failure(notSucceeded(v));
            }

            @Override
            public boolean mayRetry(int v) {
                return cancelled == null && (failFast == null || v >= n);
            }

            @Override
            public String successReason(int v) {
                return v >= n ? compensations.reason(v) : "";
            }
        });
    }

    /** Takes one input; returns the decisions it led to, in the order they were made. */
    List<CoreDecision> apply(CoreInput input) {
        step(input);
        return out.take();
    }

    /**
     * As {@link #apply}, the decisions lent instead of copied (a copy per step is a good part of what a step
     * allocates): the caller carries them out, keeps nothing of the list, and gives it back with {@link #giveBack}.
     */
    List<CoreDecision> applyLent(CoreInput input) {
        step(input);
        return out.lend();
    }

    /** A list {@link #applyLent} lent is carried out. */
    void giveBack(List<CoreDecision> lent) {
        out.giveBack(lent);
    }

    /**
     * Whether the core makes events for listeners ({@link CoreDecision.Publish}). Set from the engine when the core
     * is made (on when it has listeners, or checks tasks up to date, which reads successes from them), so that a
     * fresh core for the same engine replays the same decisions; a driver with listeners of its own turns it on.
     */
    void publishEvents(boolean on) {
        out.publishing(on);
    }

    private void step(CoreInput input) {
        now = input.at();
        switch (input) {
            case CoreInput.Start s -> start(s);
            case CoreInput.Dispatch d -> dispatch();
            case CoreInput.Resolve r -> { }
            case CoreInput.AttemptEnded e -> attempts.ended(e.node(), e.attempt(), e.output(), e.error(), now);
            case CoreInput.Measured m -> measuredValue(m);
            case CoreInput.GateAnswered g -> gates.answered(g, elapsed(), this::gateChecked);
            case CoreInput.GateDeadline g -> gates.answered(g, elapsed(), this::gateChecked);
            case CoreInput.TimersDue t -> {
                List<CoreDecision.ArmTimer> due = t.timers();
                for (int i = 0, count = due.size(); i < count; i++) { // no iterator: about one a task in virtual time
                    timerFired(due.get(i));
                }
            }
            case CoreInput.CancelRequested c -> cancelRun(c.why());
            case CoreInput.Resumed r -> out.publish(new RunEvent.RunResumed(elapsed(), runIri, r.instant()));
            case CoreInput.AttemptInterrupted i -> attempts.interrupted(i.node(), i.attempt(), now);
            case CoreInput.ApprovalDecided a -> approvalGates.decided(a, states.terminal(a.node()), now, elapsed(), this::finishGate);
            case CoreInput.Finish f -> finish();
            case CoreInput.TaskChecked c -> taskChecked(c);
        }
        if (!(input instanceof CoreInput.Dispatch || input instanceof CoreInput.Finish)) {
            // what the input decided may let other nodes be decided; a dispatch leaves that to the next Resolve
            resolveAll();
        }
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
        return attempts.runningAttempt(v);
    }

    /** Whether {@code evaluation} is the check of the gate at v still waited for. */
    boolean checking(int v, int evaluation) {
        return gates.current(v, evaluation);
    }

    /** Only gates waiting for a decision keep the run from finishing: nothing runs, is ready or waits to retry. */
    boolean onlyWaiting() {
        return !approvals.waitingGates().isEmpty() && attempts.runningCount() == 0 && ready.isEmpty() && !attempts.anyRetrying()
                && compensations.idle() && resolvable.isEmpty() && !gates.any() && awaitingCheck.isEmpty();
    }

    /**
     * Makes the run incremental: before a task of the plan may start, the core asks its driver whether it is up
     * to date ({@link CoreDecision.CheckUpToDate}). Set before the first input, and the same for a replay.
     */
    void checkUpToDate(boolean on) {
        this.checks = on;
    }

    /** The tasks whose up-to-date check was asked for and has not answered (a resumed run asks again). */
    List<Integer> awaitingChecks() {
        return List.copyOf(awaitingCheck);
    }

    /** Every node has ended and nothing runs, waits to retry or waits to compensate. */
    boolean finished() {
        return planTerminal == n && attempts.runningCount() == 0 && compensations.idle() && !attempts.anyRetrying();
    }

    /** The run's outcome so far (final after {@link CoreInput.Finish}). */
    RunResult.Outcome outcome() {
        return cancelled != null ? RunResult.Outcome.CANCELLED : failed ? RunResult.Outcome.FAILED : RunResult.Outcome.SUCCEEDED;
    }

    Instant startInstant() {
        return out.startInstant();
    }

    Duration elapsed() {
        return out.offset(now);
    }

    // ------------------------------------------------------------------ start and finish

    private void start(CoreInput.Start s) {
        out.origin(s.at(), s.instant());
        out.add(new CoreDecision.RecordRunStarted(s.instant(), engine.workers, engine.simulate ? engine.timeScale : null));
        out.publish(new RunEvent.RunStarted(Duration.ZERO, runIri, plan, engine.workers, engine.simulate, s.instant()));
        for (int v = 0; v < n; v++) {
            if (unresolved[v] == 0) {
                resolvable.add(v);
            }
        }
    }

    private void finish() {
        for (int v = n; v < nodes.total; v++) {
            if (!states.terminal(v)) {
                finishTask(v, TaskState.SKIPPED, "not needed: no gate failed before the work it compensates");
            }
        }
        out.recordRunFinished(elapsed(), outcome());
    }

    // ------------------------------------------------------------------ resolution of nodes

    private void resolveAll() {
        while (!resolvable.isEmpty()) {
            int v = resolvable.poll();
            switch (nodes.kind[v]) {
                case TASK -> {
                    if (cancelled != null) {
                        finishTask(v, TaskState.CANCELLED, cancelled);
                    } else if (blockedBy[v] != null) {
                        finishTask(v, TaskState.SKIPPED, blockedBy[v]);
                    } else if (failFast != null) {
                        finishTask(v, TaskState.SKIPPED, failFast);
                    } else if (checks && v < n) {
                        // whether it must run at all is the driver's to find out (files, the store); it waits meanwhile
                        awaitingCheck.add(v);
                        out.add(new CoreDecision.CheckUpToDate(v));
                    } else {
                        ready.becameReady(v);
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

    /** Tells the successors that v has ended; a successor of something that did not succeed will not run. */
    private void propagate(int v, String why) {
        boolean blocks = !states.ok(v);
        for (int i = 0, count = v < n ? dag.successorCount(v) : 0; i < count; i++) {
            int s = dag.successor(v, i);
            if (blocks && blockedBy[s] == null) {
                blockedBy[s] = why;
            }
            if (--unresolved[s] == 0) {
                resolvable.add(s);
            }
        }
    }

    private String notSucceeded(int v) {
        String label = nodes.label(v);
        if (nodes.kind[v] == PlanNode.Kind.GATE) {
            return "gate " + label + " did not pass";
        }
        TaskState state = states.state(v);
        return label + " " + (state == TaskState.TIMED_OUT ? "timed out" : state.name().toLowerCase(java.util.Locale.ROOT));
    }

    // ------------------------------------------------------------------ dispatching

    private void dispatch() {
        if (cancelled != null || failFast != null) {
            drainNotStarted();
        }
        attempts.startReady(now, whenStarting);
    }

    /** A task about to start may start its phase. */
    private void taskStarting(int v) {
        RunEvent.PhaseStarted phaseStarted = phases.taskStarted(v, out.offset(now));
        if (phaseStarted != null) {
            out.publish(phaseStarted);
        }
    }

    /** After fail-fast or cancel: what is ready but not started will not start (compensation still may). */
    private void drainNotStarted() {
        for (int v : ready.drain()) {
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

    // ------------------------------------------------------------------ timers

    private void timerFired(CoreDecision.ArmTimer t) {
        switch (t.kind()) {
            case GATE -> gates.deadlinePassed(t.node(), t.attempt(), elapsed(), this::gateChecked);
            case APPROVAL -> approvalGates.timedOut(t.node(), now, elapsed(), this::finishGate);
            case TIMEOUT, GRACE, RETRY, SIMULATED_DONE -> attempts.timerFired(t, now);
        }
    }

    /**
     * The task's up-to-date check answered: it runs, or it ends cached with what it carries over. A check that
     * answers after the run was cancelled or stopped by fail-fast ends the task as the others that did not start.
     */
    private void taskChecked(CoreInput.TaskChecked c) {
        int v = c.node();
        if (!awaitingCheck.remove(v)) {
            return;
        }
        out.add(new CoreDecision.RecordCheck(v, task[v].iri(), c.fingerprint(), c.upToDate(), c.reasons(), out.instantAt(elapsed())));
        if (cancelled != null) {
            finishTask(v, TaskState.CANCELLED, cancelled);
        } else if (failFast != null) {
            finishTask(v, TaskState.SKIPPED, failFast);
        } else if (!c.upToDate()) {
            ready.becameReady(v);
        } else {
            String why = c.reasons().isEmpty() ? "up to date" : c.reasons().get(0).sentence();
            List<String> metrics = new ArrayList<>(c.measured().keySet());
            metrics.sort(null);
            for (String iri : metrics) {
                BigDecimal value = c.measured().get(iri);
                measured.put(iri, value);
                carriedOver.add(iri);
                out.add(new CoreDecision.RecordMeasurement(v, 0, iri, value, out.instantAt(elapsed())));
                plan.metrics().stream().filter(m -> m.iri().equals(iri)).findFirst()
                        .ifPresent(m -> out.publish(new RunEvent.MetricRecorded(elapsed(), m, value, task[v])));
            }
            if (c.output() != null) {
                out.add(new CoreDecision.KeepOutput(task[v].iri(), c.output()));
            }
            out.add(new CoreDecision.RecordCached(v, task[v].iri(), c.cachedFrom(), why, out.instantAt(elapsed())));
            finishTask(v, TaskState.CACHED, why);
        }
    }

    /** The one place a task becomes terminal. */
    private void finishTask(int v, TaskState as, String why) {
        states.finishTask(v, as, why);
        Duration at = elapsed();
        if (states.attempts(v).isEmpty() && as != TaskState.CACHED) {
            out.recordNotRun(v, task[v].iri(), as, why, at);
        }
        if (out.publishing()) {
            out.publish(new RunEvent.TaskFinished(at, task[v], states.attemptCount(v), as, why, false));
        }
        if (v >= n) {
            compensations.ended();
            if (as == TaskState.FAILED || as == TaskState.TIMED_OUT) {
                failed = true;
            }
            startNextCompensation();
            return;
        }
        planTerminal++;
        RunEvent.PhaseFinished phaseFinished = phases.taskEnded(v, states.ok(v), at);
        if (phaseFinished != null) {
            out.publish(phaseFinished);
        }
        // the reason is made only for what did not succeed: every task ends here, most of them well
        propagate(v, states.ok(v) ? null : notSucceeded(v));
    }

    /** A task or gate failed: the run has failed; with fail-fast, stop everything else. */
    private void failure(String what) {
        failed = true;
        if (engine.failurePolicy != FailurePolicy.FAIL_FAST || failFast != null || cancelled != null) {
            return;
        }
        failFast = "not started: fail-fast after " + what;
        attempts.stopAll(n, TaskState.CANCELLED, "cancelled: fail-fast after " + what, now);
        attempts.stopRetrying(n, null, "not retried: fail-fast after " + what);
        approvalGates.endWaiting("not decided: fail-fast after " + what, this::finishGate);
    }

    private void cancelRun(String why) {
        if (cancelled != null) {
            return;
        }
        cancelled = why;
        attempts.stopAll(nodes.total, TaskState.CANCELLED, why, now);
        attempts.stopRetrying(nodes.total, TaskState.CANCELLED, why + " while the task waited to retry");
        for (int c = compensations.takeQueued(); c >= 0; c = compensations.takeQueued()) {
            finishTask(c, TaskState.CANCELLED, why);
        }
        approvalGates.endWaiting(why + " while the gate waited for a decision", this::finishGate);
    }

    private void measuredValue(CoreInput.Measured m) {
        measured.put(m.metric().iri(), m.value());
        carriedOver.remove(m.metric().iri());
        // a handler stamps the value on its own thread in real time; the virtual clock is the core's alone
        long at = virtual ? now : m.stamped();
        out.add(new CoreDecision.RecordMeasurement(m.node(), m.attempt(), m.metric().iri(), m.value(),
                out.instantAt(out.offset(at))));
        // the event is stamped when it is delivered, so that listeners see time move forward
        out.publish(new RunEvent.MetricRecorded(elapsed(), m.metric(), m.value(), task[m.node()]));
    }

    // ------------------------------------------------------------------ gates and compensation

    /**
     * Everything the gate waits for has ended. A blocked or cancelled gate ends at once; otherwise the driver
     * checks its conditions against a snapshot of the run so far, so that a slow condition holds up only what
     * waits for this gate.
     */
    private void evaluateGate(int v) {
        PlanGate g = nodes.gate[v];
        if (cancelled != null) {
            finishGate(v, GateVerdicts.cancelled(g, cancelled));
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
            finishGate(v, GateVerdicts.blocked(g, causes, elapsed()));
            return;
        }
        gates.check(v, dag.predecessorCount(v), states.snapshot(), measured, now);
    }

    private void gateChecked(int v, GateOutcome outcome) {
        approvalGates.checked(v, outcome, now, elapsed(), this::finishGate);
    }

    private void finishGate(int v, GateOutcome outcome) {
        PlanGate g = nodes.gate[v];
        Duration at = outcome.evaluatedAt().orElseGet(this::elapsed);
        states.finishGate(v, outcome);
        planTerminal++;
        out.recordGate(v, g.iri(), outcome.state(), outcome.reason(), at);
        out.publish(new RunEvent.GateEvaluated(at, outcome));
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
     * A gate did not pass: the succeeded work before it is compensated, by the task its {@code sg:compensatedBy}
     * names if that is a compensation task of this plan.
     */
    private void compensate(int gateNode) {
        compensations.didNotPass(gateNode, dag, states, nodes::compensationOf, nodes::label);
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

    /** How a handler's or a condition's exception reads in a reason. */
    static String describe(Throwable e) {
        if (e instanceof JournalEntries.JournaledFailure) {
            return e.getMessage(); // described when it was journaled
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : (e instanceof CommandHandler.CommandFailedException ? "" : e.getClass().getSimpleName() + ": ") + message;
    }
}
