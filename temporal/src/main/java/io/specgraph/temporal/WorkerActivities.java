package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.run.ConditionOutcome;
import io.specgraph.run.CoreDriver;
import io.specgraph.run.Engine;
import io.specgraph.run.RemoteWork;
import io.specgraph.run.TaskState;
import io.specgraph.store.RunStore;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a worker does for the runs of its spec: the one dynamic activity that dispatches an attempt to the handler
 * the worker registered, checks a gate against the spec and the predicates, keeps a run's record in the worker's
 * store, and hands out the plan by reference. Every request names the plan by its digest: a worker whose spec
 * gives another plan refuses the work rather than do the wrong thing.
 */
final class WorkerActivities implements DynamicActivity {
    /** How often a running attempt tells Temporal it is alive (and learns that it was cancelled). */
    static final long HEARTBEAT_MILLIS = 2_000;

    private final SpecgraphWorker.Config config;
    private final byte[] planValue;
    private final String digest;

    WorkerActivities(SpecgraphWorker.Config config) {
        this.config = config;
        this.planValue = PlanJson.encode(config.plan());
        this.digest = PlanJson.digest(planValue);
    }

    String digest() {
        return digest;
    }

    @Override
    public Object execute(EncodedValues args) {
        String type = Activity.getExecutionContext().getInfo().getActivityType();
        if (type.startsWith(RunWorkflowImpl.ATTEMPT)) {
            return attempt(args.get(0, Messages.AttemptRequest.class));
        }
        if (type.startsWith(RunWorkflowImpl.GATE)) {
            return gate(args.get(0, Messages.GateRequest.class));
        }
        if (type.equals(RunWorkflowImpl.RECORD)) {
            return record(args.get(0, Messages.RecordRequest.class));
        }
        if (type.equals(RunWorkflowImpl.PLAN)) {
            return chunk(args.get(0, String.class), args.get(1, Integer.class), args.get(2, Integer.class));
        }
        throw ApplicationFailure.newNonRetryableFailure("this worker does not know the activity " + type, "UnknownActivity");
    }

    private void samePlan(String planDigest) {
        if (!digest.equals(planDigest)) {
            throw ApplicationFailure.newNonRetryableFailure("this worker's spec gives another plan than the run's (plan SHA-256 "
                    + digest + ", the run's " + planDigest + "); start the worker with the run's spec", "OtherPlan");
        }
    }

    /** Runs the handler on a thread of its own and heartbeats meanwhile, so that a cancel reaches it. */
    private Messages.AttemptReply attempt(Messages.AttemptRequest r) {
        samePlan(r.planDigest());
        ActivityExecutionContext context = Activity.getExecutionContext();
        Map<String, Object> outputs = new HashMap<>();
        r.outputs().forEach((task, encoded) -> outputs.put(task, CoreDriver.decodeOutput(encoded)));
        java.nio.file.Path runRoot = config.workRoot().resolve(r.runIri().substring(r.runIri().lastIndexOf(':') + 1));
        try {
            // the engine makes each task's folder inside the run's, which must be there first
            java.nio.file.Files.createDirectories(runRoot);
        } catch (java.io.IOException e) {
            throw ApplicationFailure.newNonRetryableFailure("this worker cannot create the work folder " + runRoot + ": " + e.getMessage(),
                    "NoWorkFolder");
        }
        RemoteWork.Stop stop = new RemoteWork.Stop();
        CompletableFuture<RemoteWork.AttemptResult> result = new CompletableFuture<>();
        Thread.ofVirtual().name("specgraph-attempt").start(() -> {
            try {
                result.complete(RemoteWork.runAttempt(config.engine(), config.plan(), r.runIri(), r.taskIri(), r.attempt(), outputs,
                        runRoot, stop));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        ActivityCompletionException cancelled = null;
        while (true) {
            try {
                RemoteWork.AttemptResult done = result.get(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                List<Messages.Measured> measured = new ArrayList<>();
                done.measurements().forEach(m -> measured.add(new Messages.Measured(m.metricIri(), m.value().toString())));
                Messages.AttemptReply reply = new Messages.AttemptReply(config.name(), done.error(), done.output(), measured,
                        System.currentTimeMillis());
                if (cancelled != null) {
                    throw cancelled; // the run stopped the attempt and its handler has returned: tell Temporal so
                }
                return reply;
            } catch (TimeoutException e) {
                try {
                    context.heartbeat(null);
                } catch (ActivityCompletionException gone) {
                    // cancelled by the run (or the run is gone): stop the handler, then report how it ended
                    cancelled = gone;
                    stop.stop();
                }
            } catch (ExecutionException e) {
                throw ApplicationFailure.newNonRetryableFailure(e.getCause().getMessage(), "NoHandler");
            } catch (InterruptedException e) {
                stop.stop();
                Thread.currentThread().interrupt();
                throw new io.temporal.failure.CanceledFailure("the worker is stopping");
            }
        }
    }

    private Messages.GateReply gate(Messages.GateRequest r) {
        samePlan(r.planDigest());
        // a dry run's gate reads as the dry run's engine has it (approvals and unmeasured metrics assumed)
        Engine engine = r.settings().simulate() ? r.settings().engine() : config.engine();
        List<TaskState> states = r.states().stream().map(TaskState::valueOf).toList();
        Map<String, BigDecimal> measured = new TreeMap<>();
        r.measured().forEach((k, v) -> measured.put(k, new BigDecimal(v)));
        Map<String, Object> outputs = new HashMap<>();
        org.apache.jena.graph.Graph record;
        if (r.outputs() != null) { // a workflow of an earlier version: outputs and journal inline
            r.outputs().forEach((task, encoded) -> outputs.put(task, CoreDriver.decodeOutput(encoded)));
            record = r.journal() == null ? null : RemoteWork.record(r.settings().engine(), config.plan(), r.runIri(), r.journal(), Map.of());
        } else {
            List<String> journal = ownJournal(r.journalUpTo());
            // the outputs the run had kept when the core sent the check: the journal up to then gives exactly those
            for (io.specgraph.run.CoreDecision d : new CoreDriver(r.settings().engine(), config.plan(), r.runIri()).replay(journal)) {
                if (d instanceof io.specgraph.run.CoreDecision.KeepOutput k) {
                    outputs.put(k.taskIri(), k.output());
                }
            }
            record = r.withRecord() ? RemoteWork.record(r.settings().engine(), config.plan(), r.runIri(), journal, Map.of()) : null;
        }
        List<List<String>> out = new ArrayList<>();
        for (ConditionOutcome c : RemoteWork.checkGate(engine, config.plan(), r.gateIri(), r.waitedFor(), states, measured, record, outputs)) {
            out.add(Arrays.asList(c.kind().name(), c.value(), c.status().name(), c.detail()));
        }
        return new Messages.GateReply(out);
    }

    private String record(Messages.RecordRequest r) {
        samePlan(r.planDigest());
        RunStore store = config.store();
        if (store == null) {
            return null;
        }
        List<String> journal = r.journal() != null ? r.journal() : ownJournal(Integer.MAX_VALUE);
        Map<String, String> workers = r.workers() != null ? r.workers() : ownWorkers();
        return RemoteWork.keep(store, r.settings().engine(), config.plan(), config.origin(), r.runIri(), journal, workers);
    }

    /**
     * The calling workflow's journal, its first {@code upTo} entries at most, read page by page through its query
     * (the workflow waits on this activity meanwhile, so the entries asked for are there and stay as they are).
     */
    private static List<String> ownJournal(int upTo) {
        RunWorkflow workflow = ownWorkflow();
        List<String> all = new ArrayList<>();
        while (all.size() < upTo) {
            List<String> page = workflow.journal(all.size(), Math.min(TemporalRuns.PAGE, upTo - all.size()));
            all.addAll(page);
            if (page.isEmpty()) {
                break;
            }
        }
        return all;
    }

    /** The worker of each attempt of the calling workflow, read page by page. */
    private static Map<String, String> ownWorkers() {
        RunWorkflow workflow = ownWorkflow();
        Map<String, String> all = new TreeMap<>();
        while (true) {
            Map<String, String> page = workflow.workersPage(all.size(), TemporalRuns.PAGE);
            all.putAll(page);
            if (page.size() < TemporalRuns.PAGE) {
                return all;
            }
        }
    }

    /** The workflow execution (this very run of it, not a later one it continued as) that scheduled this activity. */
    private static RunWorkflow ownWorkflow() {
        ActivityExecutionContext context = Activity.getExecutionContext();
        return context.getWorkflowClient().newWorkflowStub(RunWorkflow.class, context.getInfo().getWorkflowId(),
                java.util.Optional.of(context.getInfo().getWorkflowRunId()));
    }

    private byte[] chunk(String planDigest, int index, int count) {
        samePlan(planDigest);
        int size = (planValue.length + count - 1) / count;
        int from = Math.min(planValue.length, index * size);
        return Arrays.copyOfRange(planValue, from, Math.min(planValue.length, from + size));
    }

    /** The record a run's journal gives, for tests and the client (no worker names). */
    static org.apache.jena.graph.Graph recordOf(Messages.Settings settings, Plan plan, String runIri, List<String> journal) {
        return RemoteWork.record(settings.engine(), plan, runIri, journal, Map.of());
    }
}
