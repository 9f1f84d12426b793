package io.specgraph.run;

import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions the {@link RunCore} makes for the input it is applying, in the order made, and the run's time
 * origin, which turns the core's clock (nanoseconds) into the offsets listeners see and the instants of the
 * record. Acts and facts share the one stream because their order is part of what a replay compares.
 */
final class Decisions {
    private List<CoreDecision> made = new ArrayList<>();
    /** A list given back after being lent ({@link #lend}), to be the next one filled. */
    private List<CoreDecision> spare;
    /** Whether events are made at all: off when the engine has nobody to tell ({@link #publishing(boolean)}). */
    private boolean publishing = true;
    private long startNanos;
    private Instant startInstant;
    // the last two offsets and instants made, given again for the same time: in a run, many things happen at one
    // instant (an attempt ends, the next starts, their events), and each made its own Duration and Instant
    private final LastTwo<Duration> offsets = new LastTwo<>();
    private final LastTwo<Instant> instants = new LastTwo<>();

    /** The run started at {@code nanos} on the core's clock, which is {@code instant} on the wall clock. */
    void origin(long nanos, Instant instant) {
        this.startNanos = nanos;
        this.startInstant = instant;
        offsets.clear();
        instants.clear();
    }

    Instant startInstant() {
        return startInstant;
    }

    /** The decisions made since the last call, in order; the stream starts empty again. */
    List<CoreDecision> take() {
        List<CoreDecision> taken = List.copyOf(made);
        made.clear();
        return taken;
    }

    /**
     * The decisions made since the last call, lent rather than copied: the caller carries them out, keeps nothing
     * of the list and gives it back ({@link #giveBack}). Decisions made meanwhile (a driver that applies
     * another input while carrying these out) go to another list, so the lent one never changes under its reader.
     */
    List<CoreDecision> lend() {
        List<CoreDecision> lent = made;
        made = spare != null ? spare : new ArrayList<>();
        spare = null;
        return lent;
    }

    /** A lent list is carried out: it is emptied and filled again by a later step. */
    void giveBack(List<CoreDecision> lent) {
        lent.clear();
        spare = lent;
    }

    /**
     * Whether {@link #publish} makes a decision of its event. Off only when nobody would be told: the decisions of
     * a run then differ from a listened-to run's by its {@link CoreDecision.Publish}es alone, and a replay under the
     * same engine makes the same ones.
     */
    void publishing(boolean on) {
        publishing = on;
    }

    /** Whether events are published; the core asks before making one that each task would pay for. */
    boolean publishing() {
        return publishing;
    }

    /** How long after the start of the run {@code nanos} on the core's clock is. */
    Duration offset(long nanos) {
        Duration known = offsets.get(nanos);
        return known != null ? known : offsets.put(nanos, Duration.ofNanos(nanos - startNanos));
    }

    Instant instantAt(Duration offset) {
        long nanos = offset.toNanos();
        Instant known = instants.get(nanos);
        return known != null ? known : instants.put(nanos, startInstant.plus(offset));
    }

    /** The last two values made and the time they were made for; the one asked for last comes first. */
    private static final class LastTwo<V> {
        private long firstAt;
        private V first;
        private long secondAt;
        private V second;

        V get(long at) {
            if (first != null && firstAt == at) {
                return first;
            }
            if (second != null && secondAt == at) {
                V hit = second;
                put(at, hit);
                return hit;
            }
            return null;
        }

        V put(long at, V value) {
            if (first != null && firstAt != at) {
                secondAt = firstAt;
                second = first;
            }
            firstAt = at;
            first = value;
            return value;
        }

        void clear() {
            first = null;
            second = null;
        }
    }

    void add(CoreDecision decision) {
        made.add(decision);
    }

    void publish(RunEvent event) {
        if (publishing) {
            made.add(new CoreDecision.Publish(event));
        }
    }

    void arm(long at, CoreDecision.ArmTimer.Kind kind, int node, int attempt) {
        made.add(new CoreDecision.ArmTimer(at, kind, node, attempt));
    }

    /** A line of the record: an attempt of the task at {@code node} and how it ended. */
    void recordAttempt(int node, PlanTask task, Attempt attempt) {
        made.add(new CoreDecision.RecordAttempt(node, attempt.number(), task.iri(), task.agent(), attempt.startedAt(),
                attempt.endedAt(), stateName(attempt.state()), attempt.reason()));
    }

    /** A line of the record: a task that ended {@code as} without an attempt. */
    void recordNotRun(int node, String taskIri, TaskState as, String reason, Duration at) {
        made.add(new CoreDecision.RecordNotRun(node, taskIri, stateName(as), reason, instantAt(at)));
    }

    void recordGate(int node, String gateIri, GateState as, String reason, Duration at) {
        made.add(new CoreDecision.RecordGate(node, gateIri, stateName(as), reason, instantAt(at)));
    }

    /** The run ended {@code as}; its record's state is the outcome's name in the vocabulary's spelling. */
    void recordRunFinished(Duration at, RunResult.Outcome as) {
        made.add(new CoreDecision.RecordRunFinished(instantAt(at), switch (as) {
            case SUCCEEDED -> "Succeeded";
            case CANCELLED -> "Cancelled";
            case FAILED -> "Failed";
            // the core finishes a run only when everything has ended; a driver stops one before that itself
            case INTERRUPTED, WAITING -> throw new IllegalStateException("a finished run cannot be " + as);
        }));
    }

    /** A terminal task or gate state as the record spells it ({@code sg:TimedOut}, ...). */
    static String stateName(Enum<?> s) {
        if (s == TaskState.SUCCEEDED) {
            return "Succeeded"; // how nearly every attempt ends: no string switch (hash and equals) for it
        }
        return switch (s.name()) {
            case "SUCCEEDED" -> "Succeeded";
            case "FAILED" -> "Failed";
            case "TIMED_OUT" -> "TimedOut";
            case "SKIPPED" -> "Skipped";
            case "CACHED" -> "Cached";
            case "CANCELLED" -> "Cancelled";
            case "INTERRUPTED" -> "Interrupted";
            case "PASSED" -> "Passed";
            case "BLOCKED" -> "Blocked";
            case "UNCHECKED" -> "Unchecked";
            default -> throw new IllegalStateException("not a terminal state: " + s);
        };
    }
}
