package io.specgraph.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run as {@link RunStore#runs()} lists it.
 *
 * @param id       the run's short id
 * @param runIri   the IRI its record uses
 * @param spec     where its spec was loaded from, as the user gave it
 * @param started  when it started
 * @param progress its state and counts, as last reported by its writer (a run whose writer died without
 *                 closing reads {@link State#INTERRUPTED})
 */
public record RunInfo(String id, String runIri, String spec, Instant started, Progress progress) {
    /** The state of a run as a whole. */
    public enum State {
        /** A live process is running it. */
        RUNNING,
        /** Nothing is left to do but wait for a decision on an approval gate. */
        WAITING,
        /** It stopped before its end (Ctrl-C, a crash); {@code resume} continues it. */
        INTERRUPTED,
        /** Every scheduled task succeeded and every gate passed. */
        SUCCEEDED,
        /** A task did not succeed or a gate did not pass. */
        FAILED,
        /** It was cancelled. */
        CANCELLED;

        /** True when the run has ended and cannot be resumed. */
        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    /**
     * @param state        the run's state
     * @param tasksDone    tasks that have ended
     * @param tasksTotal   tasks of the plan
     * @param elapsed      how long it has run (or ran), excluding time it was not live
     * @param waitingGates IRIs of the approval gates it waits for
     */
    public record Progress(State state, int tasksDone, int tasksTotal, Duration elapsed, List<String> waitingGates) {
        public Progress {
            waitingGates = List.copyOf(waitingGates);
        }
    }
}
