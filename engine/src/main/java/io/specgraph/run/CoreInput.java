package io.specgraph.run;

import io.specgraph.plan.PlanMetric;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a driver tells the {@link RunCore}: each input a value, stamped with the driver's clock ({@code at}, in
 * nanoseconds on the clock the run started on). The same plan, configuration and sequence of inputs always
 * give the same decisions, so a journal of inputs replays a run exactly.
 *
 * <p>Public because a driver in another module, the Temporal workflow of specgraph-temporal, gives and
 * carries them out through {@link CoreDriver}; not for applications, which run plans with {@link Engine}.
 */
public sealed interface CoreInput {
    /** When the input happened, on the run's clock. */
    long at();

    /** The run starts: {@code instant} is the wall-clock time of {@code at}, for the record. */
    record Start(long at, Instant instant) implements CoreInput {}

    /** Start what may start now (a driver in virtual time sends it only when the instant is settled). */
    record Dispatch(long at) implements CoreInput {}

    /** Settle what became decidable: skip, cancel or make ready the nodes whose predecessors have all ended. */
    record Resolve(long at) implements CoreInput {}

    /**
     * An attempt's handler returned ({@code error} null) or threw; {@code output} is what it returned, opaque to
     * the core (it is handed back in {@link CoreDecision.KeepOutput} when the attempt counts as a success).
     */
    record AttemptEnded(long at, int node, int attempt, Object output, Throwable error) implements CoreInput {}

    /** A handler measured a metric; {@code stamped} is when, on the run's clock (the handler's own thread). */
    record Measured(long at, int node, int attempt, PlanMetric metric, BigDecimal value, long stamped) implements CoreInput {}

    /** A gate's conditions answered; {@code evaluation} names which check (a late answer of an abandoned one is ignored). */
    record GateAnswered(long at, int node, int evaluation, List<ConditionOutcome> conditions) implements CoreInput {}

    /** In virtual time: the gate timeout of a check still running has passed, in real time. */
    record GateDeadline(long at, int node, int evaluation) implements CoreInput {}

    /** Timers the core armed are due, in the order they were armed. */
    record TimersDue(long at, List<CoreDecision.ArmTimer> timers) implements CoreInput {}

    /** The host asks the run to stop. */
    record CancelRequested(long at, String why) implements CoreInput {}

    /**
     * A resumed run goes on: the journal up to here was replayed, and {@code instant} is the wall-clock time of
     * {@code at} in the process that resumes it.
     */
    record Resumed(long at, Instant instant) implements CoreInput {}

    /**
     * The process running an attempt stopped before the attempt ended (a crash, a kill, Ctrl-C): nobody knows
     * how far it got. The attempt is recorded as interrupted and the task starts again (it does not count as a
     * retry).
     */
    record AttemptInterrupted(long at, int node, int attempt) implements CoreInput {}

    /**
     * A person decided on the approval gate at {@code node}: {@code by} is the agent's IRI, {@code instant} when
     * they decided (wall clock, for the record).
     */
    record ApprovalDecided(long at, int node, boolean approved, String by, String comment, Instant instant) implements CoreInput {}

    /**
     * The up-to-date check of the task at {@code node} (asked for with {@link CoreDecision.CheckUpToDate}) decided:
     * {@code upToDate}, the task does not run and ends cached, carrying over {@code output} and {@code measured}
     * (metric IRI to value) of the attempt {@code cachedFrom}; otherwise it runs. {@code reasons} say why, for the
     * record; {@code fingerprint} is what the check computed.
     */
    record TaskChecked(long at, int node, String fingerprint, boolean upToDate, List<CheckReason> reasons, String cachedFrom,
                       Object output, java.util.Map<String, BigDecimal> measured) implements CoreInput {
        public TaskChecked {
            reasons = List.copyOf(reasons);
            measured = java.util.Map.copyOf(measured);
        }
    }

    /** Nothing is left to do: end what only compensation would have needed, and finish the run. */
    record Finish(long at) implements CoreInput {}
}
