package io.specgraph.run;

import io.specgraph.plan.PlanEstimate;
import java.util.List;
import java.util.Objects;

/**
 * What an incremental run of a plan would do now, found without running anything ({@link Engine#explain}): per
 * task whether it would run or be cached and why, and what that leaves of the plan's estimate.
 *
 * @param tasks     the plan's scheduled tasks in an order that puts each after what it depends on
 * @param workers   the workers the estimates are for
 * @param plan      the whole plan's estimate: every task takes its estimated duration
 * @param remaining the estimate when the cached tasks take no time; tasks that {@linkplain Verdict#MAY_RUN may
 *                  run} count as running
 */
public record RunExplanation(List<Task> tasks, int workers, PlanEstimate plan, PlanEstimate remaining) {
    public RunExplanation {
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(remaining, "remaining");
    }

    /** What the run would do with a task. */
    public enum Verdict {
        /** It runs: its check would find it not up to date. */
        RUNS,
        /**
         * It runs unless what runs before it leaves the outputs it left last time: nothing else of its fingerprint
         * changed, but an upstream task runs first and the check depends on what it writes.
         */
        MAY_RUN,
        /** It is up to date and ends cached at once. */
        CACHED
    }

    /**
     * One reason for a verdict.
     *
     * @param kind     the kind, as the record names it ({@code InputChanged}, {@code Unchanged}, …); {@code
     *                 UpstreamRuns} for the reason of {@link Verdict#MAY_RUN}, which only an explanation gives
     * @param sentence the reason as {@code specgraph why} prints it
     */
    public record Reason(String kind, String sentence) {}

    /**
     * A task's verdict.
     *
     * @param iri     the task
     * @param verdict what the run would do with it
     * @param reasons why; for a task that runs, the reasons known before anything runs (a reason that only its
     *                upstream's new outputs would give, such as a changed input file that upstream writes, is
     *                left out when another is certain)
     */
    public record Task(String iri, Verdict verdict, List<Reason> reasons) {
        public Task {
            Objects.requireNonNull(iri, "iri");
            Objects.requireNonNull(verdict, "verdict");
            reasons = List.copyOf(reasons);
        }
    }

    /** The tasks with the given verdict, in the order of {@link #tasks()}. */
    public List<Task> with(Verdict verdict) {
        return tasks.stream().filter(t -> t.verdict() == verdict).toList();
    }
}
