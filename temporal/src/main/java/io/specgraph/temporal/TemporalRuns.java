package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.run.CoreDriver;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import io.specgraph.record.RunRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's side of runs on Temporal: start one (workflow id = run id), read its journal, decide on its approval
 * gates, and show it as the engine shows a local run, by replaying the journal into a core of its own.
 */
public final class TemporalRuns {
    /** Largest plan passed by value; a larger one goes by reference (Temporal limits a payload to 2 MB). */
    public static final int MAX_INLINE_PLAN = 1_500_000;
    /** Journal entries asked for at once, so that one query answer stays well under the payload limit. */
    static final int PAGE = 5_000;

    private final WorkflowClient client;

    public TemporalRuns(WorkflowClient client) {
        this.client = client;
    }

    /** Settings as an engine's: the same workers, policy, retries, timeouts and order. */
    public static Messages.Settings settings(int workers, String failurePolicy, int retries, long backoffMillis, Long timeoutMillis,
                                             long gateTimeoutMillis, long cancelGraceMillis, String order, boolean simulate,
                                             String taskQueue, String controlQueue) {
        return new Messages.Settings(workers, failurePolicy, retries, backoffMillis, timeoutMillis, gateTimeoutMillis, cancelGraceMillis,
                order, simulate, taskQueue, controlQueue);
    }

    /** Starts a run of {@code plan}; returns its workflow's stub (its id is the run id). */
    public WorkflowStub start(String runId, Plan plan, Messages.Settings settings) {
        WorkflowStub stub = client.newUntypedWorkflowStub("SpecgraphRun", WorkflowOptions.newBuilder()
                .setWorkflowId(runId).setTaskQueue(settings.controlQueue()).build());
        stub.start(Messages.input("urn:specgraph:run:" + runId, plan, settings, MAX_INLINE_PLAN));
        return stub;
    }

    /** The run's workflow. */
    public RunWorkflow workflow(String runId) {
        return client.newWorkflowStub(RunWorkflow.class, runId);
    }

    /** The whole journal of a run, page by page. */
    public List<String> journal(String runId) {
        RunWorkflow w = workflow(runId);
        List<String> all = new ArrayList<>();
        while (true) {
            List<String> page = w.journal(all.size(), PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    /** The plan a run was started with, read back from its workflow (so that a client needs no spec to show it). */
    public Plan plan(String runId) {
        RunWorkflow w = workflow(runId);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while (true) {
            byte[] page = w.plan(all.size(), MAX_INLINE_PLAN);
            all.writeBytes(page);
            if (page.length < MAX_INLINE_PLAN) {
                return PlanJson.decode(all.toByteArray());
            }
        }
    }

    /** The settings a run was started with. */
    public Messages.Settings settings(String runId) {
        return workflow(runId).settings();
    }

    /** The run as the engine would show it: its journal replayed with its settings, the record rebuilt. */
    public static RunResult show(Plan plan, Messages.Settings settings, String runId, List<String> journal) {
        Engine engine = settings.engine();
        String runIri = "urn:specgraph:run:" + runId;
        CoreDriver driver = new CoreDriver(engine, plan, runIri);
        Map<String, Object> outputs = new HashMap<>();
        for (io.specgraph.run.CoreDecision d : driver.replay(journal)) {
            if (d instanceof io.specgraph.run.CoreDecision.KeepOutput k) {
                outputs.put(k.taskIri(), k.output());
            }
        }
        RunRecord record = io.specgraph.run.RemoteWork.recordOf(engine, plan, runIri, journal);
        boolean ended = !journal.isEmpty() && journal.get(journal.size() - 1).startsWith("F\t");
        return driver.result(ended ? null : driver.onlyWaiting() ? RunResult.Outcome.WAITING : RunResult.Outcome.INTERRUPTED,
                record, outputs);
    }
}
