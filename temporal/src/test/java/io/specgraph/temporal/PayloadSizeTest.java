package io.specgraph.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.GateState;
import io.specgraph.run.RunResult;
import io.specgraph.store.RunInfo;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the workflow sends its activities stays small however long the run: the record activity and a gate whose
 * condition reads the record get the journal by reading it from the workflow page by page, not inside their
 * request, where it would pass Temporal's 2 MB payload limit once a run has some tens of thousands of attempts
 * (and the workflow could then never schedule them: a run stuck after its last task).
 */
class PayloadSizeTest {
    static final String NS = "https://example.org/payload#";
    static final int TASKS = 600;
    /** Far below what this run's journal takes (asserted), and far below Temporal's limit. */
    static final int MAX_ACTIVITY_INPUT = 12_288;

    @TempDir
    Path work;

    static Plan plan() {
        String tasks = IntStream.range(0, TASKS).mapToObj(i -> ":t" + i + " a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler \"work\" ; "
                + "sg:estimatedDuration \"PT1M\"^^xsd:duration .").collect(Collectors.joining("\n"));
        String required = IntStream.range(0, TASKS).mapToObj(i -> ":t" + i).collect(Collectors.joining(" , "));
        return Specgraph.load(l -> l.string("payload.ttl", """
                @prefix :     <https://example.org/payload#> .
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 16 .
                :all-ran a sg:Gate ; sg:closes :p1 ; sg:owner :dev ; sg:requires %s ;
                    sg:condition [ sg:ask ""\"
                PREFIX sg: <https://w3id.org/specgraph#>
                ASK { { SELECT (COUNT(?a) AS ?n) WHERE { ?a a sg:TaskAttempt ; sg:state sg:Succeeded } } FILTER (?n = %d) }
                ""\" ] .
                %s
                """.formatted(required, TASKS, tasks))).plan();
    }

    @Test
    void theRecordActivityAndARecordReadingGateGetTheJournalByPagesAndKeepItWhole() {
        Plan plan = plan();
        Engine handlers = Engine.builder().handler("work", ctx -> "done").build();
        try (Harness h = new Harness(plan, handlers, work)) {
            Messages.Settings settings = TemporalRuns.settings(8, "FAIL_FAST", 0, 100, null, 30_000, 2_000, "CRITICAL_PATH", false, null,
                    Queues.CONTROL);
            WorkflowStub stub = h.runs.start("payload", plan, settings);
            Messages.RunOutcome outcome = stub.getResult(Messages.RunOutcome.class);

            List<String> journal = h.runs.journal("payload");
            int journalBytes = journal.stream().mapToInt(line -> line.getBytes(StandardCharsets.UTF_8).length + 1).sum();
            assertThat(journalBytes).as("the run must journal far more than an activity may be sent").isGreaterThan(MAX_ACTIVITY_INPUT);

            RunResult result = TemporalRuns.show(plan, settings, "payload", journal);
            assertThat(outcome.outcome()).isEqualTo("SUCCEEDED");
            // the gate's ASK counted every attempt in the record it was given
            assertThat(result.gate(NS + "all-ran").orElseThrow().state()).isEqualTo(GateState.PASSED);

            List<HistoryEvent> events = h.env.getWorkflowClient().fetchHistory("payload", stub.getExecution().getRunId()).getEvents();
            List<Integer> inputs = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                    .map(e -> e.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize()).toList();
            assertThat(inputs).hasSizeGreaterThan(TASKS).allSatisfy(size -> assertThat(size).isLessThan(MAX_ACTIVITY_INPUT));

            // the worker kept the whole record: every attempt, each with the worker that ran it
            RunInfo kept = h.store.runs().get(0);
            assertThat(outcome.storedRun()).isEqualTo(kept.id());
            Graph record = h.store.record(kept.id()).orElseThrow();
            long attempts = record.stream(null, RDF.type.asNode(), NodeFactory.createURI("https://w3id.org/specgraph#TaskAttempt")).count();
            assertThat(attempts).isEqualTo(TASKS);
            long byWorker = record.stream(null, NodeFactory.createURI("http://www.w3.org/ns/prov#wasAssociatedWith"), null)
                    .filter(t -> t.getObject().isURI() && t.getObject().getURI().contains("worker-1")).count();
            assertThat(byWorker).isEqualTo(TASKS);
        }
    }
}
