package io.specgraph.plan;

import java.time.Duration;

/**
 * One task in the plan's estimated schedule ({@link Plan#estimatedSchedule(int)}): when the engine's policy,
 * simulated with the estimated durations, starts and ends it.
 *
 * @param task  the task's IRI
 * @param start offset from the start of the run, in the spec's time
 * @param end   {@code start} plus the task's estimated duration
 */
public record ScheduledTask(String task, Duration start, Duration end) {}
