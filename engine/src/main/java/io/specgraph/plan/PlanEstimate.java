package io.specgraph.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * What the plan's estimate says about a run of it: the makespan of the engine's policy on a number of workers,
 * and the longest path, both in estimated durations. {@link Plan#estimateWithout} gives it for a run in which some
 * tasks take no time (cached).
 *
 * @param makespan     the simulated makespan on the workers asked for
 * @param criticalPath the longest path by estimated duration
 */
public record PlanEstimate(Duration makespan, CriticalPath criticalPath) {
    public PlanEstimate {
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(criticalPath, "criticalPath");
    }
}
