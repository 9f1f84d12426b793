package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanTask;
import io.specgraph.run.ConditionOutcome;
import io.specgraph.run.CoreDecision;
import io.specgraph.run.CoreDriver;
import io.specgraph.run.CoreInput;
import io.specgraph.run.TaskState;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The workflow of a run: the engine's scheduler loop on Temporal. Deterministic by construction: time is
 * {@link Workflow#currentTimeMillis()} (or, in a dry run, the core's virtual clock), waiting is a durable timer,
 * what happened is queued in the order Temporal delivers it, and collections iterate in a fixed order. No Jena,
 * no I/O: the plan arrives as a value and every check that needs the spec runs in an activity.
 */
public final class RunWorkflowImpl implements RunWorkflow {
    /** Activity types: attempts are named after their task, gate checks after their gate. */
    static final String ATTEMPT = "Attempt ";
    static final String GATE = "Gate ";
    static final String RECORD = "Record";
    static final String PLAN = "PlanChunk";
    /** The longest an attempt of a task without {@code sg:timeout} may take before Temporal calls it lost. */
    static final Duration NO_TIMEOUT = Duration.ofDays(7);
    /** How long a worker may stay silent while it runs an attempt: past that its attempt counts as interrupted. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /**
     * The history length past which a run stops starting attempts, lets those in flight end, and continues as new:
     * Temporal ends a workflow whose history reaches 51,200 events, and an attempt takes about six. Far below that
     * limit, so that the attempts still in flight (at most the run's workers) fit in what is left.
     */
    static final int HISTORY_LIMIT = 10_000;

    private final List<String> journal = new ArrayList<>();
    private final ArrayDeque<LongFunction<CoreInput>> inbox = new ArrayDeque<>();
    private final TreeMap<Integer, Running> attempts = new TreeMap<>();
    private final TreeMap<Integer, CancellationScope> gateChecks = new TreeMap<>();
    private final TreeMap<String, String> outputs = new TreeMap<>();
    private final TreeMap<String, String> workers = new TreeMap<>();
    private Messages.RunInput input;
    private CoreDriver core;
    private Plan plan;
    private byte[] planBytes;
    private long startMillis;
    private long virtualNow;
    private boolean ended;

    @Override
    public Messages.RunOutcome run(Messages.RunInput input) {
        this.input = input;
        this.planBytes = planBytes(input);
        this.plan = PlanJson.decode(planBytes);
        this.core = new CoreDriver(input.settings().engine(), plan, input.runIri());
        if (input.carried() != null) {
            resume(input.carried());
        } else {
            this.startMillis = Workflow.currentTimeMillis();
            apply(new CoreInput.Start(now(), Instant.ofEpochMilli(startMillis)));
        }
        while (true) {
            if (!core.finished() && draining() && attempts.isEmpty() && gateChecks.isEmpty() && inbox.isEmpty() && !core.hasResolvable()
                    && Workflow.isEveryHandlerFinished()) {
                Workflow.continueAsNew(input.continued(new Messages.Carried(JournalZip.zip(journal), null,
                        startMillis, input.carried() == null ? 1 : input.carried().continued() + 1, JournalZip.zipMap(workers))));
            }
            dispatchWhenSettled();
            while (core.hasResolvable()) {
                apply(new CoreInput.Resolve(now()));
                dispatchWhenSettled();
            }
            if (core.finished()) {
                break;
            }
            waitForSomething();
            while (!inbox.isEmpty()) {
                apply(inbox.poll().apply(now()));
            }
            CoreInput.TimersDue due = core.takeDueTimers(now());
            if (due != null) {
                apply(due);
            }
        }
        apply(new CoreInput.Finish(now()));
        ended = true;
        String stored = control(Duration.ofMinutes(10)).execute(RECORD, String.class,
                new Messages.RecordRequest(input.runIri(), input.planDigest(), input.settings(), null, null));
        return new Messages.RunOutcome(core.outcome().name(), stored);
    }

    /**
     * Takes up a run continued as new: its journal replayed into the fresh core (timers taken as they were taken),
     * its outputs and workers back; nothing is started for what the journal already holds.
     */
    private void resume(Messages.Carried carried) {
        this.startMillis = carried.startMillis();
        workers.putAll(carried.zippedWorkers() != null ? JournalZip.unzipMap(carried.zippedWorkers()) : carried.workers());
        for (String line : JournalZip.unzip(carried.journal())) {
            CoreInput in = core.decode(line);
            if (in instanceof CoreInput.TimersDue t) {
                core.takeDueTimers(t.at());
            }
            journal.add(line);
            for (CoreDecision d : core.apply(in)) {
                if (d instanceof CoreDecision.KeepOutput k) {
                    outputs.put(k.taskIri(), CoreDriver.encodeOutput(k.output()));
                }
            }
        }
    }

    /** Past the history limit (or when Temporal suggests it), no new attempt starts, so the run can continue as new. */
    private boolean draining() {
        return !input.settings().simulate()
                && (Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT || Workflow.getInfo().isContinueAsNewSuggested());
    }

    /** The plan's bytes: given, or fetched piece by piece from a worker that has the spec, and checked. */
    private byte[] planBytes(Messages.RunInput input) {
        if (input.plan() != null) {
            return input.plan();
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ActivityStub stub = control(Duration.ofMinutes(1));
        for (int i = 0; i < input.planChunks(); i++) {
            all.writeBytes(stub.execute(PLAN, byte[].class, input.planDigest(), i, input.planChunks()));
        }
        byte[] bytes = all.toByteArray();
        if (!PlanJson.digest(bytes).equals(input.planDigest())) {
            throw new IllegalStateException("the plan fetched by reference is not the run's (its SHA-256 differs)");
        }
        return bytes;
    }

    /** Waits for the next thing to happen: a reply, a decision, a timer; in a dry run the clock jumps instead. */
    private void waitForSomething() {
        if (!inbox.isEmpty()) {
            return;
        }
        long next = core.nextTimerAt();
        if (input.settings().simulate()) {
            if (core.gatesInFlight() || next == Long.MAX_VALUE) {
                Workflow.await(() -> !inbox.isEmpty());
            } else {
                virtualNow = Math.max(virtualNow, next);
            }
            return;
        }
        if (next == Long.MAX_VALUE) {
            Workflow.await(() -> !inbox.isEmpty());
            return;
        }
        long waitNanos = next - now();
        if (waitNanos > 0) {
            Workflow.await(Duration.ofMillis((waitNanos + 999_999) / 1_000_000), () -> !inbox.isEmpty());
        }
    }

    /** In a dry run, dispatch only once the instant is settled, as the engine's virtual time does. */
    private void dispatchWhenSettled() {
        if (draining()) {
            return;
        }
        if (!input.settings().simulate() || (inbox.isEmpty() && !core.gatesInFlight() && !core.anyTimerDue(now()))) {
            apply(new CoreInput.Dispatch(now()));
        }
    }

    private long now() {
        return input.settings().simulate() ? virtualNow : (Workflow.currentTimeMillis() - startMillis) * 1_000_000L;
    }

    private void apply(CoreInput in) {
        journal.add(CoreDriver.encode(in));
        for (CoreDecision d : core.apply(in)) {
            switch (d) {
                case CoreDecision.StartAttempt s -> start(s.node(), s.attempt());
                case CoreDecision.StopAttempt s -> stop(s.node(), s.attempt());
                case CoreDecision.EvaluateGate g -> evaluate(g);
                case CoreDecision.AbandonGate g -> {
                    CancellationScope scope = gateChecks.remove(g.node());
                    if (scope != null) {
                        scope.cancel();
                    }
                }
                case CoreDecision.KeepOutput k -> outputs.put(k.taskIri(), CoreDriver.encodeOutput(k.output()));
                default -> {
                    // timers are the driver's (CoreDriver keeps them); events and the record are rebuilt from the journal
                }
            }
        }
    }

    // ------------------------------------------------------------------ attempts

    private void start(int v, int attempt) {
        if (input.settings().simulate()) {
            return; // the core's timer ends it when its estimated duration has passed
        }
        PlanTask task = core.task(v);
        Duration limit = task.timeout() != null ? task.timeout()
                : input.settings().timeoutMillis() != null ? Duration.ofMillis(input.settings().timeoutMillis()) : NO_TIMEOUT;
        ActivityOptions options = ActivityOptions.newBuilder()
                .setTaskQueue(Queues.of(input.settings(), task))
                // the core stops the attempt at its sg:timeout; Temporal's limit is the backstop, after the grace period
                .setStartToCloseTimeout(limit.plusMillis(input.settings().cancelGraceMillis()).plus(HEARTBEAT))
                .setHeartbeatTimeout(HEARTBEAT)
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                // retries are the core's, so that every attempt is recorded
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build();
        ActivityStub stub = Workflow.newUntypedActivityStub(options);
        Messages.AttemptRequest request = new Messages.AttemptRequest(input.runIri(), input.planDigest(), task.iri(), attempt,
                upstreamOutputs(task));
        CancellationScope scope = Workflow.newCancellationScope(() -> {
            Promise<Messages.AttemptReply> reply = stub.executeAsync(ATTEMPT + local(task.iri()), Messages.AttemptReply.class, request);
            reply.handle((r, e) -> {
                if (r != null) {
                    workers.put(v + "/" + attempt, r.worker());
                    // what the attempt measured goes in before its end, in the order taken, stamped when it ended
                    long stamped = (r.measuredAt() - startMillis) * 1_000_000L;
                    for (Messages.Measured m : r.measured()) {
                        inbox.add(at -> new CoreInput.Measured(at, v, attempt, core.metric(m.metricIri()), new BigDecimal(m.value()), stamped));
                    }
                }
                inbox.add(at -> ended(v, attempt, r, e, at));
                return null;
            });
        });
        attempts.put(v, new Running(attempt, scope));
        scope.run();
    }

    /**
     * The outputs an attempt may read: those of the tasks upstream of it, through tasks and gates. Not every output
     * so far, which would make each request as large as the run (quadratic in a large plan); an output of a task
     * that is not upstream could be there or not, so a handler cannot rely on it anyway.
     */
    private TreeMap<String, String> upstreamOutputs(PlanTask task) {
        TreeMap<String, String> up = new TreeMap<>();
        ArrayDeque<String> todo = new ArrayDeque<>(task.dependsOn());
        java.util.HashSet<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String iri = todo.poll();
            if (!seen.add(iri)) {
                continue;
            }
            int v = core.indexOf(iri);
            if (v < 0) {
                continue;
            }
            if (core.task(v) != null) {
                String out = outputs.get(iri);
                if (out != null) {
                    up.put(iri, out);
                }
                todo.addAll(core.task(v).dependsOn());
            } else if (core.gate(v) != null) {
                todo.addAll(core.gate(v).requires());
            }
        }
        return up;
    }

    private CoreInput ended(int v, int attempt, Messages.AttemptReply reply, RuntimeException failure, long at) {
        Running running = attempts.get(v);
        if (running != null && running.attempt() == attempt) {
            attempts.remove(v);
        }
        if (reply != null) {
            return new CoreInput.AttemptEnded(at, v, attempt, reply.output() == null ? null : CoreDriver.decodeOutput(reply.output()),
                    reply.error() == null ? null : CoreDriver.failure(reply.error()));
        }
        Throwable cause = failure instanceof ActivityFailure f ? f.getCause() : failure;
        if (cause instanceof TimeoutFailure t && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
            // the worker went silent (killed, lost): nobody knows how far it got; the task starts again elsewhere
            return new CoreInput.AttemptInterrupted(at, v, attempt);
        }
        if (cause instanceof CanceledFailure) {
            return new CoreInput.AttemptEnded(at, v, attempt, null, new InterruptedException("stopped"));
        }
        return new CoreInput.AttemptEnded(at, v, attempt, null, CoreDriver.failure(describe(cause)));
    }

    private static String describe(Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        return "the worker could not run the attempt: " + (message == null ? String.valueOf(cause) : message);
    }

    private void stop(int v, int attempt) {
        if (input.settings().simulate()) {
            // the simulated handler stops at once, as a sleeping one does when interrupted
            inbox.add(at -> new CoreInput.AttemptEnded(at, v, attempt, null, new InterruptedException("stopped")));
            return;
        }
        Running running = attempts.get(v);
        if (running != null && running.attempt() == attempt) {
            running.scope().cancel("stopped by the run");
        }
    }

    // ------------------------------------------------------------------ gates

    private void evaluate(CoreDecision.EvaluateGate g) {
        int v = g.node();
        if (!core.needsHost(v)) {
            // metrics, prose and approvals: decided here, from the snapshot
            List<ConditionOutcome> conditions = core.checkGate(g);
            inbox.add(at -> new CoreInput.GateAnswered(at, v, g.evaluation(), conditions));
            return;
        }
        PlanGate gate = core.gate(v);
        Map<String, String> measured = new TreeMap<>();
        g.measured().forEach((k, value) -> measured.put(k, value.toString()));
        Messages.GateRequest request = new Messages.GateRequest(input.runIri(), input.planDigest(), input.settings(), gate.iri(),
                g.waitedFor(), g.states().stream().map(TaskState::name).toList(), measured,
                null, null, journal.size(), g.withRecord());
        ActivityStub stub = control(Duration.ofMillis(input.settings().gateTimeoutMillis()));
        CancellationScope scope = Workflow.newCancellationScope(() -> {
            Promise<Messages.GateReply> reply = stub.executeAsync(GATE + local(gate.iri()), Messages.GateReply.class, request);
            reply.handle((r, e) -> {
                gateChecks.remove(v);
                if (r != null) {
                    List<ConditionOutcome> conditions = r.conditions().stream().map(c -> new ConditionOutcome(
                            ConditionOutcome.Kind.valueOf(c.get(0)), c.get(1), ConditionOutcome.Status.valueOf(c.get(2)), c.get(3))).toList();
                    inbox.add(at -> new CoreInput.GateAnswered(at, v, g.evaluation(), conditions));
                } else if (input.settings().simulate()) {
                    inbox.add(at -> new CoreInput.GateDeadline(at, v, g.evaluation()));
                } else if (!(e instanceof ActivityFailure f && f.getCause() instanceof CanceledFailure)) {
                    // in real time the core's own timer gives the deadline; a failed check answers as failed
                    inbox.add(at -> new CoreInput.GateAnswered(at, v, g.evaluation(), List.of(new ConditionOutcome(
                            ConditionOutcome.Kind.REQUIREMENTS, gate.iri(), ConditionOutcome.Status.FAILED,
                            describe(e instanceof ActivityFailure f ? f.getCause() : e)))));
                }
                return null;
            });
        });
        gateChecks.put(v, scope);
        scope.run();
    }

    // ------------------------------------------------------------------ client calls

    @Override
    public Messages.Status status() {
        List<String> waiting = new ArrayList<>();
        if (core != null) {
            for (int v = 0; v < core.size(); v++) {
                if (core.gate(v) != null && core.waiting(v)) {
                    waiting.add(core.gate(v).iri());
                }
            }
        }
        return new Messages.Status(journal.size(), ended, waiting);
    }

    @Override
    public Messages.Settings settings() {
        return input == null ? null : input.settings();
    }

    @Override
    public byte[] plan(int from, int max) {
        if (planBytes == null) {
            return new byte[0];
        }
        int start = Math.min(Math.max(0, from), planBytes.length);
        return java.util.Arrays.copyOfRange(planBytes, start, Math.min(planBytes.length, start + Math.max(0, max)));
    }

    @Override
    public Map<String, String> workers() {
        return new TreeMap<>(workers);
    }

    @Override
    public Map<String, String> workersPage(int from, int max) {
        Map<String, String> page = new java.util.LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, String> e : workers.entrySet()) {
            if (page.size() >= Math.max(0, max)) {
                break;
            }
            if (index++ >= from) {
                page.put(e.getKey(), e.getValue());
            }
        }
        return page;
    }

    @Override
    public List<String> journal(int from, int max) {
        int start = Math.min(Math.max(0, from), journal.size());
        return List.copyOf(journal.subList(start, Math.min(journal.size(), start + Math.max(0, max))));
    }

    @Override
    public void validateDecision(Messages.Decision decision) {
        if (core == null) {
            throw new IllegalArgumentException("the run has not started yet");
        }
        int v = core.indexOf(decision.gateIri());
        if (v < 0 || core.gate(v) == null) {
            throw new IllegalArgumentException("the run's plan has no gate " + decision.gateIri());
        }
        PlanGate gate = core.gate(v);
        PlanGate.Approval approval = gate.conditions().stream().map(PlanGate.Condition::approval).filter(a -> a != null)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("gate " + gate.label() + " has no sg:approval condition: nobody decides on it"));
        if (!approval.approvers().contains(decision.agentIri())) {
            throw new IllegalArgumentException(decision.agentIri() + " may not decide on gate " + gate.label() + "; who may: "
                    + String.join(", ", approval.approvers()));
        }
        if (!core.waiting(v)) {
            throw new IllegalArgumentException("gate " + gate.label() + " does not wait for a decision now");
        }
    }

    @Override
    public String decide(Messages.Decision d) {
        int v = core.indexOf(d.gateIri());
        inbox.add(at -> new CoreInput.ApprovalDecided(at, v, d.approved(), d.agentIri(), d.comment() == null ? "" : d.comment(),
                Instant.ofEpochMilli(d.atMillis())));
        return d.approved() ? "approved" : "rejected";
    }

    @Override
    public void cancel(String why) {
        inbox.add(at -> new CoreInput.CancelRequested(at, why));
    }

    // ------------------------------------------------------------------ helpers

    private ActivityStub control(Duration limit) {
        return Workflow.newUntypedActivityStub(ActivityOptions.newBuilder()
                .setTaskQueue(input.settings().controlQueue())
                .setStartToCloseTimeout(limit)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(limit.compareTo(Duration.ofMinutes(1)) >= 0 ? 5 : 1).build())
                .build());
    }

    /** The attempt of a task that runs, and the scope that stops it. */
    private record Running(int attempt, CancellationScope scope) {}

    private static String local(String iri) {
        return iri.substring(Math.max(iri.lastIndexOf('#'), Math.max(iri.lastIndexOf('/'), iri.lastIndexOf(':'))) + 1);
    }
}
