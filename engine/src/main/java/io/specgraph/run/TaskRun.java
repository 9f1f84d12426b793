package io.specgraph.run;

import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One task's line in a run's timeline.
 *
 * @param task         the planned task
 * @param state        its terminal state
 * @param reason       why it ended so (why it was skipped, what failed), empty for a success
 * @param attempts     every attempt, in order; empty when it never started
 * @param compensation true for a compensation task ({@code sg:compensatedBy}), which runs only when a gate fails
 */
public record TaskRun(PlanTask task, TaskState state, String reason, List<Attempt> attempts, boolean compensation) {
    public TaskRun {
        attempts = List.copyOf(attempts);
    }

    /** The task's IRI. */
    public String iri() {
        return task.iri();
    }

    /** When the first attempt started, as an offset from the start of the run. */
    public Optional<Duration> start() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(0).start());
    }

    /** When the last attempt ended, as an offset from the start of the run. */
    public Optional<Duration> end() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1).end());
    }

    /** The time all attempts held a slot. */
    public Duration busy() {
        Duration sum = Duration.ZERO;
        for (Attempt a : attempts) {
            sum = sum.plus(a.duration());
        }
        return sum;
    }
}
