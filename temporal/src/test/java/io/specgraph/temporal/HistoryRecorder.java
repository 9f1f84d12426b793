package io.specgraph.temporal;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import io.specgraph.run.Engine;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the histories {@link WorkflowReplayTest} replays: runs of the example specs through the workflow on the
 * test service, simulated and with handlers, and runs that retry, time out, fail, compensate and wait for
 * approvals, each written as Temporal's JSON history to {@code src/test/resources/histories/}. Run it only when the
 * workflow was changed on purpose, in a way old histories need not replay (a new workflow type or version):
 * <pre>mvn -B -q -pl temporal -am test -Dtest=HistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false -Dspecgraph.recordHistories=true</pre>
 * then commit the files it rewrote.
 */
@EnabledIfSystemProperty(named = "specgraph.recordHistories", matches = "true")
class HistoryRecorder {
    static final Path HISTORIES = Path.of("src", "test", "resources", "histories");
    static final String[] EXAMPLES = {"build-optimization", "codegen", "gadugi-v03", "review-all"};

    @TempDir
    Path work;

    private static void keep(Harness h, String id) throws IOException {
        Files.createDirectories(HISTORIES);
        Files.writeString(HISTORIES.resolve(id + ".json"), h.env.getWorkflowClient().fetchHistory(id).toJson(true),
                StandardCharsets.UTF_8);
    }

    /** Every handler key of the plan, doing nothing but answer. */
    private static Engine answering(Plan plan) {
        Engine.Builder b = Engine.builder();
        plan.tasks().stream().map(PlanTask::action).filter(a -> a.kind() == io.specgraph.plan.Action.Kind.HANDLER)
                .map(a -> a.value()).distinct().forEach(key -> b.handler(key, ctx -> "done " + key));
        return b.build();
    }

    @Test
    void recordTheExampleRuns() throws IOException {
        for (String example : EXAMPLES) {
            Plan plan = Specgraph.load(Path.of("..", "specs", example)).plan();
            try (Harness h = new Harness(plan, answering(plan), work)) {
                h.run("sim-" + example, plan, Harness.simulated(3));
                keep(h, "sim-" + example);
                h.run("real-" + example, plan, Harness.real("KEEP_GOING", 1));
                keep(h, "real-" + example);
            }
        }
    }

    @Test
    void recordRetriesTimeoutsFailuresAndApprovals() throws Exception {
        WorkflowBehaviourTest behaviour = new WorkflowBehaviourTest();
        behaviour.work = work;
        Plan tasks = WorkflowBehaviourTest.plan(WorkflowBehaviourTest.TASKS);
        try (Harness h = new Harness(tasks, behaviour.handlers(), work)) {
            h.run("keep-going", tasks, Harness.real("KEEP_GOING", 0));
            keep(h, "keep-going");
        }
        Plan approval = WorkflowBehaviourTest.plan(WorkflowBehaviourTest.approval("[ ]"));
        try (Harness h = new Harness(approval, behaviour.handlers(), work)) {
            WorkflowStub stub = h.runs.start("approved", approval, Harness.real("FAIL_FAST", 0));
            RunWorkflow w = h.runs.workflow("approved");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (w.status().waitingGates().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            w.decide(new Messages.Decision(WorkflowBehaviourTest.NS + "signoff", WorkflowBehaviourTest.NS + "lead", true, "ok", 1_000));
            stub.getResult(Messages.RunOutcome.class);
            keep(h, "approved");
        }
        Plan timeout = WorkflowBehaviourTest.plan(WorkflowBehaviourTest.approval("[ sg:timeout \"PT1H\"^^xsd:duration ]"));
        try (Harness h = new Harness(timeout, behaviour.handlers(), work)) {
            h.run("timed-out", timeout, Harness.real("FAIL_FAST", 0));
            keep(h, "timed-out");
        }
    }
}
