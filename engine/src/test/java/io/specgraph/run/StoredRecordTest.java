package io.specgraph.run;

import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import io.specgraph.store.GateDecision;
import io.specgraph.store.QueryAnswer;
import io.specgraph.store.RunStore;
import io.specgraph.vocab.SG;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record a store keeps of a run is the run's record, though the engine hands the store what was recorded and
 * not its triples: the disk store writes it as a line per fact ({@code record.jsonl}, not {@code record.trdf}),
 * the in-memory store keeps it until asked; either gives back the very graph the run had, and history queries
 * see it. A run that stopped waiting and was resumed replaces the record saved when it stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoredRecordTest {
    @TempDir
    Path dir;

    private static Engine.Builder engine(RunStore store) {
        return Engine.builder().store(store).stopWhenWaiting(true).handler("work", ctx -> null);
    }

    @Test
    void theDiskStoreKeepsTheFactsAndGivesBackTheRunsRecord() throws Exception {
        Plan plan = plan(ApprovalGateTest.spec("[ ]"));
        try (RunStore store = RunStore.onDisk(dir.resolve("store"))) {
            RunHandle first = engine(store).build().start(plan, RunOrigin.of("kept as facts"));
            RunResult waiting = first.await();
            assertThat(waiting.outcome()).isEqualTo(RunResult.Outcome.WAITING);
            Path run = dir.resolve("store/runs/" + first.runId());
            assertThat(run.resolve("record.jsonl")).exists();
            assertThat(run.resolve("record.trdf")).doesNotExist();
            assertSame(store.record(first.runId()).orElseThrow(), waiting.record().graph());

            Approvers.Resolved who = Approvers.resolve(store.registration(first.runId()).specGraph(), "signoff", "lead");
            store.decide(first.runId(), new GateDecision(who.gateIri(), true, who.agentIri(), "fine", Instant.now()));
            RunResult done = engine(store).build().resume(plan, first.runId()).await();
            assertThat(done.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertSame(store.record(first.runId()).orElseThrow(), done.record().graph());
            assertThat(store.query("PREFIX sg: <" + SG.NS + ">\nASK { ?a sg:task <" + RunSpecs.iri("release") + "> ; sg:state sg:Succeeded }",
                    Duration.ofSeconds(30))).isEqualTo(new QueryAnswer.Answer(true));
        }
        try (RunStore again = RunStore.onDisk(dir.resolve("store"))) {
            String id = again.runs().get(0).id();
            assertThat(again.record(id).orElseThrow().contains(org.apache.jena.graph.Node.ANY, SG.term("comment"), org.apache.jena.graph.NodeFactory.createLiteralString("fine")))
                    .as("the approval's comment").isTrue();
        }
    }

    @Test
    void theMemoryStoreGivesBackTheRunsRecord() throws Exception {
        Plan plan = plan(ApprovalGateTest.spec("[ ]"));
        try (RunStore store = RunStore.inMemory()) {
            RunHandle first = engine(store).build().start(plan, RunOrigin.of("kept in memory"));
            RunResult waiting = first.await();
            assertSame(store.record(first.runId()).orElseThrow(), waiting.record().graph());
            assertThat(store.query("PREFIX sg: <" + SG.NS + ">\nASK { ?a sg:task <" + RunSpecs.iri("build") + "> ; sg:state sg:Succeeded }",
                    Duration.ofSeconds(30))).isEqualTo(new QueryAnswer.Answer(true));
        }
    }

    private static void assertSame(Graph stored, Graph run) {
        assertThat(stored.size()).isEqualTo(run.size()).isGreaterThan(20);
        assertThat(stored.isIsomorphicWith(run)).isTrue();
    }
}
