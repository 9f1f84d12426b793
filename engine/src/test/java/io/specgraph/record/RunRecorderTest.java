package io.specgraph.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
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
        assertThat(record.size()).isEqualTo(first + 6 + 2); // a measurement is 6 triples, the run's end 2
        assertThat(record.graph().contains(NodeFactory.createURI(RUN), SG.state, SG.term("Succeeded"))).isTrue();
        assertThat(record.graph().getPrefixMapping().getNsPrefixURI("prov")).isEqualTo(RunRecorder.PROV);
        assertThat(record.size()).as("reading again adds nothing").isEqualTo(first + 8);
    }
}
