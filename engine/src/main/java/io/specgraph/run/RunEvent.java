package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Something that happened in a run; {@link #at()} is the offset from the start of the run. */
public sealed interface RunEvent {
    /** When it happened, as an offset from the start of the run. */
    Duration at();

    /** The run started, at {@code startedAt} by the engine's clock: the instant the offsets count from. */
    record RunStarted(Duration at, String runIri, Plan plan, int workers, boolean simulated, java.time.Instant startedAt)
            implements RunEvent {}

    /** A resumed run goes on from its journal, in this process, at {@code resumedAt}. */
    record RunResumed(Duration at, String runIri, java.time.Instant resumedAt) implements RunEvent {}

    /** A phase's first task started. */
    record PhaseStarted(Duration at, PlanPhase phase) implements RunEvent {}

    /** Every task of a phase reached a terminal state; {@code succeeded} when they all succeeded. */
    record PhaseFinished(Duration at, PlanPhase phase, boolean succeeded) implements RunEvent {}

    /** An attempt of a task started. */
    record TaskStarted(Duration at, PlanTask task, int attempt) implements RunEvent {}

    /**
     * A task's attempt ended, or a task reached a terminal state without running (skipped, cancelled).
     * {@code willRetry} is true when another attempt follows.
     */
    record TaskFinished(Duration at, PlanTask task, int attempt, TaskState state, String reason, boolean willRetry)
            implements RunEvent {}

    /** A gate was evaluated (or blocked, or cancelled). */
    record GateEvaluated(Duration at, GateOutcome outcome) implements RunEvent {}

    /**
     * A gate was reached and waits for a person's decision on its approval condition ({@code approvers}: the
     * IRIs of who may decide); what does not depend on it goes on.
     */
    record GateWaiting(Duration at, io.specgraph.plan.PlanGate gate, List<String> approvers) implements RunEvent {}

    /** A task recorded a measurement. */
    record MetricRecorded(Duration at, PlanMetric metric, BigDecimal value, PlanTask task) implements RunEvent {}

    /** The run ended. */
    record RunFinished(Duration at, RunResult result) implements RunEvent {}
}
