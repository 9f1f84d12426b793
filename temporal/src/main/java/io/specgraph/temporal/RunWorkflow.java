package io.specgraph.temporal;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One run of a plan as a Temporal workflow (workflow id = run id): it drives specgraph's run core, sends each
 * task attempt to a worker as an activity, and keeps the core's journal, from which a client shows the run.
 */
@WorkflowInterface
public interface RunWorkflow {
    /** Runs the plan to its end; returns how it ended. */
    @WorkflowMethod(name = "SpecgraphRun")
    Messages.RunOutcome run(Messages.RunInput input);

    /** Where the run stands. */
    @QueryMethod
    Messages.Status status();

    /** The journal's entries from {@code from} on, at most {@code max}: the engine's journal format. */
    @QueryMethod
    List<String> journal(int from, int max);

    /** The settings the run was started with. */
    @QueryMethod
    Messages.Settings settings();

    /** The run's plan (gzipped JSON, as {@link Messages.RunInput#plan}), bytes {@code from} on, at most {@code max}. */
    @QueryMethod
    byte[] plan(int from, int max);

    /** The worker that ran each attempt so far, by {@code "node/attempt"}. */
    @QueryMethod
    java.util.Map<String, String> workers();

    /** The worker of each attempt so far, as {@link #workers()} in its order, entries {@code from} on, at most {@code max}. */
    @QueryMethod
    java.util.Map<String, String> workersPage(int from, int max);

    /** A person decides on an approval gate that waits; refused (before it reaches the history) when invalid. */
    @UpdateMethod
    String decide(Messages.Decision decision);

    /** Refuses a decision on an unknown gate, one that does not wait, or by an agent who may not decide. */
    @UpdateValidatorMethod(updateName = "decide")
    void validateDecision(Messages.Decision decision);

    /** Asks the run to stop: running attempts are stopped, nothing new starts. */
    @SignalMethod
    void cancel(String why);
}
