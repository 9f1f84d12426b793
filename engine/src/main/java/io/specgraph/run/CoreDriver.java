package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanTask;
import io.specgraph.record.RunRecord;
import io.specgraph.store.RunInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The run core for a driver other than the engine's own: the narrow door through which another executor (the
 * Temporal workflow of specgraph-temporal) drives the same deterministic core the {@link Engine} drives, instead
 * of a copy of it. Public because that workflow is another module; not for applications, which run plans with
 * {@link Engine}; it changes when the core does.
 *
 * <p>A driver gives the core {@link CoreInput}s stamped with its own clock and carries out the
 * {@link CoreDecision}s, as the engine's scheduler does: dispatch only when the instant is settled, resolve while
 * {@link #hasResolvable()}, finish when {@link #finished()}. Everything here is deterministic and does no I/O, so
 * a workflow may call it during a replay of its history. {@link #encode}/{@link #decode} are the engine's journal
 * format, so that a driver keeps a journal a fresh core replays exactly (see {@link #replay}).
 */
public final class CoreDriver {
    private final Engine engine;
    private final Plan plan;
    private final String runIri;
    private final RunCore core;
    private final Map<String, PlanMetric> metrics = new HashMap<>();
    private final Timers timers = new Timers();

    /**
     * A core for one run of {@code plan} with {@code engine}'s settings (workers, failure policy, retries, backoff,
     * timeouts, order, virtual time); the engine's handlers are not used.
     */
    public CoreDriver(Engine engine, Plan plan, String runIri) {
        this.engine = engine;
        this.plan = plan;
        this.runIri = runIri;
        this.core = new RunCore(engine, plan, runIri);
        core.publishEvents(true); // a driver's listeners are its own, not the engine's: it always gets the events
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
    }

    /**
     * Takes one input; returns the decisions it led to, in the order they were made. The timers it arms are kept
     * here ({@link #nextTimerAt}, {@link #takeDueTimers}); a driver only makes them fire.
     */
    public List<CoreDecision> apply(CoreInput input) {
        List<CoreDecision> decisions = core.apply(input);
        for (CoreDecision d : decisions) {
            if (d instanceof CoreDecision.ArmTimer t) {
                timers.arm(t);
            }
        }
        return decisions;
    }

    /** When the next timer falls due, on the run's clock, or {@link Long#MAX_VALUE} when none is armed. */
    public long nextTimerAt() {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.nextAt();
    }

    /** Whether a timer is due at {@code now} or before. */
    public boolean anyTimerDue(long now) {
        return timers.anyDue(now);
    }

    /** Takes every timer due at {@code now} or before, by time and then in the order armed: the input to give next. */
    public CoreInput.TimersDue takeDueTimers(long now) {
        List<CoreDecision.ArmTimer> due = timers.takeDue(now);
        return due.isEmpty() ? null : new CoreInput.TimersDue(now, due);
    }

    /** Whether the gate at v waits for a person's decision now. */
    public boolean waiting(int v) {
        return core.approvals.waiting(v);
    }

    /** Nodes became decidable and wait for a {@link CoreInput.Resolve}. */
    public boolean hasResolvable() {
        return core.hasResolvable();
    }

    /** Gate checks are out: in virtual time the instant is not settled until they answer. */
    public boolean gatesInFlight() {
        return core.gatesInFlight();
    }

    /** Every node has ended and nothing runs, waits to retry or waits to compensate: send {@link CoreInput.Finish}. */
    public boolean finished() {
        return core.finished();
    }

    /** Only approval gates waiting for a decision keep the run from finishing. */
    public boolean onlyWaiting() {
        return core.onlyWaiting();
    }

    /** The run's outcome so far (final after {@link CoreInput.Finish}). */
    public RunResult.Outcome outcome() {
        return core.outcome();
    }

    /** The number of nodes the core knows: the plan's, then its compensation tasks. */
    public int size() {
        return core.nodes.total;
    }

    /** The task at node v, or null when v is a gate or a barrier. */
    public PlanTask task(int v) {
        return core.nodes.task[v];
    }

    /** The gate at node v, or null when v is not a gate. */
    public PlanGate gate(int v) {
        return core.nodes.gate[v];
    }

    /** The node of a task or gate by IRI, or -1. */
    public int indexOf(String iri) {
        Integer v = core.nodes.indexOf.get(iri);
        return v == null ? -1 : v;
    }

    /** The plan's metric by IRI, or null. */
    public PlanMetric metric(String iri) {
        return metrics.get(iri);
    }

    /**
     * Whether the check of the gate at v must run where the spec, the record or the host's predicates are
     * ({@code sg:ask}, {@code sg:predicate}); otherwise {@link #checkGate} answers it in place.
     */
    public boolean needsHost(int v) {
        return GateVerdicts.needsRecordOrHost(core.nodes.gate[v], engine.predicates);
    }

    /**
     * Checks the conditions of a gate that needs no host ({@link #needsHost} false): requirements, metrics,
     * prose and approvals, against the snapshot the decision carries.
     */
    public List<ConditionOutcome> checkGate(CoreDecision.EvaluateGate g) {
        if (needsHost(g.node())) {
            throw new IllegalStateException("gate " + core.nodes.gate[g.node()].iri() + " needs a host to be checked");
        }
        return RemoteWork.check(engine, plan, g.node(), g.waitedFor(), g.states(), g.measured(), null, Map.of());
    }

    /** A journal line for an input (the format of the engine's durable journal). */
    public static String encode(CoreInput input) {
        return JournalEntries.encode(input);
    }

    /** An input read back from a journal line of this plan. */
    public CoreInput decode(String line) {
        return JournalEntries.decode(line, metrics);
    }

    /** How a handler's exception reads in the record: what an attempt that threw {@code e} is recorded as. */
    public static String describe(Throwable e) {
        return RunCore.describe(e);
    }

    /** An exception the core describes exactly as {@code description} (one {@link #describe} gave elsewhere). */
    public static Throwable failure(String description) {
        return new JournalEntries.JournaledFailure(description);
    }

    /** A task's output as text that {@link #decodeOutput} turns back into an equal value (strings, numbers, lists, maps). */
    public static String encodeOutput(Object output) {
        return DurableOutputs.encode(output);
    }

    /** An output back from {@link #encodeOutput}. */
    public static Object decodeOutput(String text) {
        return DurableOutputs.decode(text);
    }

    /**
     * Replays a journal into this (fresh) core and returns every decision it made, in order: a driver's run as the
     * core decided it, for a summary or a comparison.
     */
    public List<CoreDecision> replay(List<String> journal) {
        List<CoreDecision> all = new java.util.ArrayList<>();
        for (String line : journal) {
            all.addAll(apply(decode(line)));
        }
        return all;
    }

    /**
     * The run's result as the core has it now, with the record and outputs the driver kept; {@code outcome} null
     * takes the core's ({@link #outcome()}) for a finished run.
     */
    public RunResult result(RunResult.Outcome outcome, RunRecord record, Map<String, Object> outputs) {
        return new RunResult(plan, runIri, outcome != null ? outcome : core.outcome(), CoreReadout.taskRuns(plan, core),
                CoreReadout.gateOutcomes(plan, core), CoreReadout.sloRows(plan, core), core.contentions.list(),
                core.startInstant(), core.elapsed(), engine.workers,
                engine.simulate ? OptionalDouble.of(engine.timeScale) : OptionalDouble.empty(), new ContextStore(), record,
                outputs, engine.virtualTime);
    }

    /** The run's summary for a store, in {@code state}. */
    RunInfo.Progress progress(RunInfo.State state) {
        return CoreReadout.progress(plan, core, state);
    }

    /** The run's clock reading of the last input, as an offset from its start. */
    public Duration elapsed() {
        return core.elapsed();
    }
}
