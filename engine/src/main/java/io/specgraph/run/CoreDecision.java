package io.specgraph.run;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the {@link RunCore} decides, for its driver to carry out in order: values, so that a replay can compare
 * them. Decisions to act (start, stop, arm a timer, check a gate) and facts to publish (an event for the
 * listeners, a line of the record, an output to keep) come in one stream, in the order the core made them.
 *
 * <p>Public because a driver in another module, the Temporal workflow of specgraph-temporal, gives and
 * carries them out through {@link CoreDriver}; not for applications, which run plans with {@link Engine}.
 */
public sealed interface CoreDecision {
    /** Start attempt {@code attempt} of the task at {@code node}. */
    record StartAttempt(int node, int attempt) implements CoreDecision {}

    /** Tell the running attempt to stop (it ends when its handler returns, or when its grace timer fires). */
    record StopAttempt(int node, int attempt) implements CoreDecision {}

    /** Call the core back with {@link CoreInput.TimersDue} once the run's clock reaches {@code at}. */
    record ArmTimer(long at, Kind kind, int node, int attempt) implements CoreDecision {
        /** What the timer is for. */
        enum Kind {
            /** An attempt's time limit. */
            TIMEOUT,
            /** A failed attempt's retry, after its backoff. */
            RETRY,
            /** A stopped attempt's handler did not return within the cancel grace period. */
            GRACE,
            /** A gate's conditions gave no answer within the gate timeout. */
            GATE,
            /** In virtual time: an attempt has taken its estimated duration and succeeds. */
            SIMULATED_DONE,
            /** An approval gate got no decision within its {@code sg:timeout}. */
            APPROVAL
        }
    }

    /**
     * Check the conditions of the gate at {@code node} against this snapshot, on a thread of the driver's, and
     * answer with {@link CoreInput.GateAnswered}; {@code withRecord}: a condition reads the run record.
     */
    record EvaluateGate(int node, int evaluation, int waitedFor, List<TaskState> states, Map<String, BigDecimal> measured,
                        boolean withRecord) implements CoreDecision {}

    /** The check of a gate ran out of time: interrupt it. */
    record AbandonGate(int node, int evaluation) implements CoreDecision {}

    /**
     * The task at {@code node} would start now: check whether it is up to date, and answer with
     * {@link CoreInput.TaskChecked}. Made only when the run checks (an incremental run); the task waits meanwhile.
     */
    record CheckUpToDate(int node) implements CoreDecision {}

    /** Keep what a succeeded attempt returned, for its successors and the result. */
    record KeepOutput(String taskIri, Object output) implements CoreDecision {}

    /** Tell the listeners. */
    record Publish(RunEvent event) implements CoreDecision {}

    /** Write a line of the run record; each kind mirrors a method of the run record's (internal) recorder. */
    sealed interface Record extends CoreDecision {}

    /** The run started. */
    record RecordRunStarted(Instant at, int workers, Double timeScale) implements Record {}

    /** An attempt ended. */
    record RecordAttempt(int node, int attempt, String taskIri, String agentIri, Instant start, Instant end, String state,
                         String reason) implements Record {}

    /** A task ended without running. */
    record RecordNotRun(int node, String taskIri, String state, String reason, Instant at) implements Record {}

    /** An up-to-date check's verdict and its reasons. */
    record RecordCheck(int node, String taskIri, String fingerprint, boolean upToDate, List<CheckReason> reasons, Instant at)
            implements Record {}

    /** A task that ended cached, carrying over the attempt {@code cachedFrom}. */
    record RecordCached(int node, String taskIri, String cachedFrom, String reason, Instant at) implements Record {}

    /** A measurement. */
    record RecordMeasurement(int node, int attempt, String metricIri, BigDecimal value, Instant at) implements Record {}

    /** A gate's evaluation. */
    record RecordGate(int node, String gateIri, String state, String reason, Instant at) implements Record {}

    /** A decision on an approval gate ({@code by} null: nobody decided within the timeout). */
    record RecordApproval(int node, String gateIri, boolean approved, String by, String comment, Instant at) implements Record {}

    /** The run finished. */
    record RecordRunFinished(Instant at, String state) implements Record {}
}
