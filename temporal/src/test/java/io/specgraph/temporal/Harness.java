package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.run.CoreDecision;
import io.specgraph.run.CoreDriver;
import io.specgraph.run.Engine;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunOrigin;
import io.specgraph.store.RunStore;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test Temporal service with one worker for a plan, and the runs' events read back from their journals. */
final class Harness implements AutoCloseable {
    final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    final RunStore store = RunStore.inMemory();
    final TemporalRuns runs = new TemporalRuns(env.getWorkflowClient());

    Harness(Plan plan, Engine handlers, Path work) {
        this(plan, handlers, work, true);
    }

    /** {@code keep} false: the worker keeps no record (a plan built from parts has no spec graph to register). */
    Harness(Plan plan, Engine handlers, Path work, boolean keep) {
        SpecgraphWorker.register(q -> env.newWorker(q, SpecgraphWorker.OPTIONS), new SpecgraphWorker.Config(plan, handlers,
                keep ? store : null, RunOrigin.of("test"), "worker-1", work), Queues.CONTROL, null);
        env.start();
    }

    static Messages.Settings simulated(int workers) {
        return TemporalRuns.settings(workers, "FAIL_FAST", 0, 100, null, 30_000, 2_000, "CRITICAL_PATH", true, null, Queues.CONTROL);
    }

    static Messages.Settings real(String policy, int retries) {
        return TemporalRuns.settings(4, policy, retries, 100, null, 30_000, 2_000, "CRITICAL_PATH", false, null, Queues.CONTROL);
    }

    /** Runs a plan to its end through the workflow. */
    Messages.RunOutcome run(String id, Plan plan, Messages.Settings settings) {
        WorkflowStub stub = runs.start(id, plan, settings);
        return stub.getResult(Messages.RunOutcome.class);
    }

    /** The events the workflow's core published, in order, from its journal. */
    static List<String> events(Plan plan, Messages.Settings settings, String runIri, List<String> journal) {
        List<String> out = new ArrayList<>();
        for (CoreDecision d : new CoreDriver(settings.engine(), plan, runIri).replay(journal)) {
            if (d instanceof CoreDecision.Publish p) {
                out.add(render(p.event()));
            }
        }
        return out;
    }

    /** An event as text, without what differs between two runs of the same plan (the run's IRI, its start). */
    static String render(RunEvent e) {
        return switch (e) {
            case RunEvent.RunStarted s -> "RunStarted " + s.workers() + " " + s.simulated();
            default -> e.toString();
        };
    }

    @Override
    public void close() {
        env.close();
        store.close();
    }
}
