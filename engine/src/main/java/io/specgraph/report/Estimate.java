package io.specgraph.report;

import io.specgraph.plan.ScheduledTask;
import io.specgraph.run.RunResult;
import java.time.Duration;
import java.util.List;

/**
 * What the plan expected of the run, worked out once for the whole page: each figure is a simulation or a bound
 * over the whole plan, which for a large plan costs more than drawing it.
 *
 * @param schedule   the estimated schedule on the run's number of workers
 * @param makespan   its makespan (the end of its last task)
 * @param lowerBound the plan's lower bound on the run's number of workers
 */
record Estimate(List<ScheduledTask> schedule, Duration makespan, Duration lowerBound) {
    static Estimate of(RunResult result) {
        List<ScheduledTask> schedule = result.plan().estimatedSchedule(result.workers());
        Duration makespan = schedule.stream().map(ScheduledTask::end).max(Duration::compareTo).orElse(Duration.ZERO);
        return new Estimate(schedule, makespan, result.lowerBound());
    }
}
