package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.run.CoreDecision;
import io.specgraph.run.CoreDriver;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that follows a run on Temporal: it reads the journal's new entries from the workflow and replays them
 * into a core of its own, so that a listener sees the run's events as a local run publishes them (progress
 * lines, a live view), and it knows when the run has ended or only waits for decisions on approval gates.
 */
public final class RunFollower {
    /** Where the followed run stands after a {@link #poll()}. */
    public enum State {
        /** Tasks run or wait to. */
        RUNNING,
        /** Nothing is left to do but wait for decisions on approval gates. */
        WAITING,
        /** The run has ended. */
        ENDED
    }

    private final RunWorkflow workflow;
    private final CoreDriver driver;
    private final RunListener listener;
    private final List<String> journal = new ArrayList<>();
    private boolean ended;

    /** Follows run {@code runId} of {@code plan} started with {@code settings}; events go to {@code listener} (or nowhere). */
    public RunFollower(TemporalRuns runs, String runId, Plan plan, Messages.Settings settings, RunListener listener) {
        this.workflow = runs.workflow(runId);
        this.driver = new CoreDriver(settings.engine(), plan, "urn:specgraph:run:" + runId);
        this.listener = listener;
    }

    /** Reads what the run journaled since the last poll, tells the listener, and says where the run stands. */
    public State poll() {
        while (!ended) {
            List<String> page = workflow.journal(journal.size(), TemporalRuns.PAGE);
            for (String line : page) {
                journal.add(line);
                for (CoreDecision d : driver.apply(driver.decode(line))) {
                    if (d instanceof CoreDecision.Publish p && listener != null && !(p.event() instanceof RunEvent.RunFinished)) {
                        listener.onEvent(p.event());
                    }
                }
                ended |= line.startsWith("F\t");
            }
            if (page.size() < TemporalRuns.PAGE) {
                break;
            }
        }
        return ended ? State.ENDED : !journal.isEmpty() && driver.onlyWaiting() ? State.WAITING : State.RUNNING;
    }

    /** The journal read so far. */
    public List<String> journal() {
        return List.copyOf(journal);
    }
}
