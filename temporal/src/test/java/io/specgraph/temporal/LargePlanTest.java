package io.specgraph.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Action;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskRun;
import io.specgraph.run.TaskState;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan too large for one workflow history: its run continues as new before the history reaches
 * {@link RunWorkflowImpl#HISTORY_LIMIT} events, carrying its journal, so every history of the chain stays far under
 * Temporal's 51,200-event limit while the whole run takes more events than that; and it ends as a run in one
 * history would, with each task succeeded once.
 */
class LargePlanTest {
    /** Temporal's limit on the events of one workflow history. */
    static final int TEMPORAL_HISTORY_LIMIT = 51_200;
    /** Temporal's limit on one payload (a workflow's or an activity's input), 2 MB. */
    static final int TEMPORAL_PAYLOAD_LIMIT = 2 * 1024 * 1024;
    /**
     * What a run continued as new carries for each attempt so far, at most (measured: about 17); Temporal's payload
     * limit over this is about the number of attempts a run on Temporal can have (README, "Large plans").
     */
    static final int CARRIED_BYTES_PER_ATTEMPT = 24;
    static final int TASKS = 10_000;
    static final String NS = "https://example.org/large#";

    @TempDir
    Path work;

    static Plan plan(int tasks) {
        List<PlanTask> list = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            list.add(new PlanTask(NS + "t" + i, "T" + i, NS + "dev", NS + "p1", List.of(), Duration.ofSeconds(1),
                    new Action(Action.Kind.HANDLER, "work"), List.of(), List.of(), List.of(), null, null, List.of(), List.of(), null, false));
        }
        return Plan.fromParts(List.of(new PlanPhase(NS + "p1", "Work", 1, 0, null)),
                List.of(new PlanAgent(NS + "dev", "Dev", "works", 64)), list, List.of(), List.of(), List.of(), List.of(), false, Set.of());
    }

    @Test
    void aTenThousandTaskRunContinuesAsNewAndEveryHistoryStaysUnderTemporalsLimit() {
        Plan plan = plan(TASKS);
        AtomicInteger calls = new AtomicInteger();
        Engine handlers = Engine.builder().handler("work", ctx -> "done " + calls.incrementAndGet()).build();
        try (Harness h = new Harness(plan, handlers, work, false)) {
            Messages.Settings settings = TemporalRuns.settings(1, "FAIL_FAST", 0, 100, null, 30_000, 2_000, "CRITICAL_PATH", false, null,
                    Queues.CONTROL);
            long started = System.nanoTime();
            WorkflowStub stub = h.runs.start("large", plan, settings);
            Messages.RunOutcome outcome = stub.getResult(Messages.RunOutcome.class);
            long millis = (System.nanoTime() - started) / 1_000_000;

            List<Integer> lengths = new ArrayList<>();
            List<Integer> carried = new ArrayList<>();
            int largestActivityInput = 0;
            String runId = stub.getExecution().getRunId();
            while (runId != null) {
                WorkflowExecutionHistory history = h.env.getWorkflowClient().fetchHistory("large", runId);
                List<HistoryEvent> events = history.getEvents();
                lengths.add(events.size());
                carried.add(events.get(0).getWorkflowExecutionStartedEventAttributes().getInput().getSerializedSize());
                for (HistoryEvent e : events) {
                    if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                        largestActivityInput = Math.max(largestActivityInput, e.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize());
                    }
                }
                HistoryEvent last = events.get(events.size() - 1);
                runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                        ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
            }
            System.out.println("large plan: " + TASKS + " tasks in " + millis + " ms, histories " + lengths + ", inputs (bytes) "
                    + carried + ", largest activity input " + largestActivityInput + " bytes");

            assertThat(outcome.outcome()).isEqualTo("SUCCEEDED");
            assertThat(lengths).hasSizeGreaterThan(1).allSatisfy(n -> assertThat(n).isLessThan(TEMPORAL_HISTORY_LIMIT));
            assertThat(lengths.stream().mapToInt(Integer::intValue).sum()).as("events of the whole run")
                    .isGreaterThan(TEMPORAL_HISTORY_LIMIT);
            assertThat(calls.get()).isEqualTo(TASKS);
            // what grows with the run is carried gzipped (a few bytes an attempt), and no activity is sent it
            // (the first input holds the plan; each later one also the journal and workers so far, under 10k attempts)
            assertThat(carried.get(carried.size() - 1) - carried.get(0)).as("bytes the last history's input carries for up to "
                    + TASKS + " attempts").isLessThan(TASKS * CARRIED_BYTES_PER_ATTEMPT);
            assertThat(largestActivityInput).isLessThan(4_096);

            List<String> journal = h.runs.journal("large");
            RunResult result = TemporalRuns.show(plan, settings, "large", journal);
            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(result.tasks()).hasSize(TASKS).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
                assertThat(t.attempts()).hasSize(1);
            });
            assertThat(h.runs.workflow("large").workers()).hasSize(TASKS);
        }
    }
}
