package io.specgraph.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

/** The record keeps facts and makes triples when it is read, bringing the graph up to date on each read. */
class RunRecorderTest {
    private static final String RUN = "urn:specgraph:run:test";
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void theGraphHoldsWhatWasRecordedUpToEachRead() {
        RunRecorder recorder = new RunRecorder(RUN);
        recorder.runStarted(T0, 4, null);
        recorder.attempt(0, 1, "https://ex.org/p#build", "https://ex.org/p#dev", T0, T0.plusSeconds(60), "Succeeded", "");
        RunRecord record = recorder.record();

        int first = record.size();
        Node attempt = NodeFactory.createURI(recorder.attemptIri(0, 1));
        assertThat(record.graph().contains(attempt, SG.state, SG.term("Succeeded"))).isTrue();

        recorder.measurement(0, 1, "https://ex.org/p#latency", new BigDecimal("12.5"), T0.plusSeconds(60));
        recorder.runFinished(T0.plusSeconds(61), "Succeeded");
        assertThat(record.size()).isEqualTo(first + 7 + 2); // a measurement is 7 triples, the run's end 2
        assertThat(record.graph().contains(NodeFactory.createURI(RUN), SG.state, SG.term("Succeeded"))).isTrue();
        assertThat(record.graph().getPrefixMapping().getNsPrefixURI("prov")).isEqualTo(RunRecorder.PROV);
        assertThat(record.size()).as("reading again adds nothing").isEqualTo(first + 9);
    }

    /**
     * A PROV tool without RDFS reasoning sees only the types written down: every activity, agent and entity of the
     * record states its PROV class beside its specgraph one, including the agents and gates it only points at.
     */
    @Test
    void everyActivityAgentAndEntityStatesItsProvClass() {
        RunRecorder recorder = new RunRecorder(RUN);
        recorder.runStarted(T0, 4, 0.001);
        recorder.attempt(0, 1, "https://ex.org/p#build", "https://ex.org/p#dev", T0, T0.plusSeconds(60), "Succeeded", "");
        recorder.measurement(0, 1, "https://ex.org/p#latency", new BigDecimal("12.5"), T0.plusSeconds(60));
        recorder.notRun(1, "https://ex.org/p#ship", "Skipped", "Build failed", T0.plusSeconds(61));
        recorder.gate(2, "https://ex.org/p#built", "Passed", "", T0.plusSeconds(61));
        recorder.runFinished(T0.plusSeconds(62), "Succeeded");
        Graph graph = recorder.record().graph();

        assertThat(types(graph, RUN)).containsExactlyInAnyOrder(SG.Run, prov("Activity"));
        assertThat(types(graph, recorder.attemptIri(0, 1))).containsExactlyInAnyOrder(SG.TaskAttempt, prov("Activity"));
        assertThat(types(graph, RUN + ":task:1")).containsExactlyInAnyOrder(SG.TaskAttempt, prov("Activity"));
        assertThat(types(graph, RUN + ":gate:2")).containsExactlyInAnyOrder(SG.GateEvaluation, prov("Activity"));
        assertThat(types(graph, RUN + ":measurement:1")).containsExactlyInAnyOrder(SG.Measurement, prov("Entity"));
        assertThat(types(graph, "https://ex.org/p#dev")).containsExactly(prov("Agent"));
        assertThat(types(graph, "https://ex.org/p#built")).containsExactly(prov("Entity"));
        // what the record only names and PROV has no class for stays untyped: a task is a step of the plan
        assertThat(types(graph, "https://ex.org/p#build")).isEmpty();
    }

    private static Node prov(String local) {
        return NodeFactory.createURI(RunRecorder.PROV + local);
    }

    private static java.util.List<Node> types(Graph graph, String iri) {
        return graph.find(NodeFactory.createURI(iri), RDF.type.asNode(), Node.ANY).mapWith(Triple::getObject).toList();
    }
}
