package io.specgraph.run;

import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import java.time.Duration;

/**
 * How long an attempt may run and how often a task is tried: each task's own {@code sg:timeout} and
 * {@code sg:retries}, else the engine's; the backoff before a retry, doubling up to its cap; and in a dry run
 * every wait scaled like the estimated durations, so that the run keeps its proportions.
 */
final class AttemptPolicy {
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Duration maxBackoff;
    /** The dry run's time scale, or null when waits are not scaled. */
    private final Double timeScale;

    AttemptPolicy(Engine engine) {
        this(engine.timeout, engine.retries, engine.backoff, engine.maxBackoff, engine.simulate ? engine.timeScale : null);
    }

    AttemptPolicy(Duration timeout, int retries, Duration backoff, Duration maxBackoff, Double timeScale) {
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.timeScale = timeScale;
    }

    /** The time limit of one attempt of the task, or null when it has none. */
    Duration timeLimit(PlanTask task) {
        return task.timeout() != null ? task.timeout() : timeout;
    }

    /** The time limit on the run's clock (at least a nanosecond, so that the timer falls after the start). */
    long timeLimitNanos(Duration limit) {
        return Math.max(1, scaled(limit.toNanos()));
    }

    /** Why an attempt that reached its time limit timed out; in virtual time its estimate is the reason. */
    String timedOut(Duration limit, PlanTask task, boolean virtual) {
        return "gave no result within " + PlanWriter.human(limit)
                + (virtual ? " (estimated " + PlanWriter.human(task.estimatedDuration()) + ")"
                        : timeScale != null ? " (scaled by " + timeScale + ")" : "");
    }

    /** Whether attempt number {@code attempt} of the task, which failed or timed out, is followed by another. */
    boolean retriesAfter(PlanTask task, int attempt) {
        return attempt <= (task.retries() != null ? task.retries() : retries);
    }

    /** The wait after failed attempt number {@code attempt}: the backoff, doubled per earlier retry, capped. */
    Duration backoff(int attempt) {
        Duration wait = backoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** {@link #backoff} on the run's clock. */
    long backoffNanos(int attempt) {
        return scaled(backoff(attempt).toNanos());
    }

    private long scaled(long nanos) {
        return timeScale == null ? nanos : (long) (nanos * timeScale);
    }
}
