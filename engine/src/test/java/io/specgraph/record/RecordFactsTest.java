package io.specgraph.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.junit.jupiter.api.Test;

/**
 * A record kept as what was recorded gives back the very triples its graph had: every kind of fact, the reasons of
 * a check with their empty parts, trace links, text that needs escaping.
 */
class RecordFactsTest {
    private static final String RUN = "urn:specgraph:run:facts";
    private static final String P = "https://ex.org/p#";
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00.123456789Z");

    static RunRecord everyKindOfFact() {
        RunRecorder recorder = new RunRecorder(RUN);
        recorder.traceLinks(new TraceLinks() {
            @Override
            public Optional<SpanLink> run() {
                return Optional.of(new SpanLink("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
            }

            @Override
            public Optional<SpanLink> attempt(String taskIri, int attempt) {
                return taskIri.endsWith("build") ? Optional.of(new SpanLink("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b" + attempt))
                        : Optional.empty();
            }

            @Override
            public Optional<SpanLink> gate(String gateIri) {
                throw new IllegalStateException("a tracer's fault costs only the link");
            }
        });
        recorder.runStarted(T0, 4, 0.1);
        recorder.attempt(0, 1, P + "build", P + "dev", T0, T0.plusSeconds(60), "Failed", "exit 1: \"quoted\"\nsecond line é ☃");
        recorder.attempt(0, 2, P + "build", null, T0, T0.plusSeconds(61), "Succeeded", "");
        recorder.notRun(1, P + "deploy", "Skipped", "an upstream task failed", T0.plusSeconds(62));
        recorder.check(2, P + "test", "abc123", false, List.of(
                new RunRecorder.Reason("InputChanged", "input a.txt changed", "a.txt", null, null, "h1", "h2", null),
                new RunRecorder.Reason("StatementChanged", "sg:timeout changed", null, P + "build", "https://w3id.org/specgraph#timeout",
                        "PT1S", "PT2S", "spec.ttl:12")), T0.plusSeconds(63));
        recorder.cached(3, P + "lint", "urn:specgraph:run:earlier:task:3:attempt:1", "up to date", T0.plusSeconds(64));
        recorder.measurement(0, 2, P + "latency", new BigDecimal("12.50"), T0.plusSeconds(65));
        recorder.measurement(3, 0, P + "latency", new BigDecimal("-3E+2"), T0.plusSeconds(66));
        recorder.gate(4, P + "release-gate", "Passed", "", T0.plusSeconds(67));
        recorder.approval(5, P + "signoff", true, P + "lead", "ship it, \\ \t", T0.plusSeconds(68));
        recorder.approval(6, P + "signoff-2", false, null, null, T0.plusSeconds(69));
        recorder.runFinished(T0.plusSeconds(70), "Failed");
        return recorder.record();
    }

    @Test
    void theFactsReadBackGiveTheSameTriples() throws IOException {
        RunRecord record = everyKindOfFact();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordFacts.write(record, out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).as("one line per fact, links and the header")
                .hasSize(1 + 12 + 3);

        Graph back = GraphMemFactory.createDefaultGraph();
        RecordFacts.read(new ByteArrayInputStream(out.toByteArray()), back);
        assertThat(back.isIsomorphicWith(record.graph())).isTrue();
        assertThat(back.size()).isEqualTo(record.graph().size());
        assertThat(back.getPrefixMapping().getNsPrefixMap()).isEqualTo(record.graph().getPrefixMapping().getNsPrefixMap());
    }

    @Test
    void aRecordReadBackAndWrittenAgainIsTheSameFile() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        RecordFacts.write(everyKindOfFact(), first);
        Graph back = GraphMemFactory.createDefaultGraph();
        RecordFacts.read(new ByteArrayInputStream(first.toByteArray()), back);
        // the graph is what the store gives; the file it came from is read the same way twice
        Graph again = GraphMemFactory.createDefaultGraph();
        RecordFacts.read(new ByteArrayInputStream(first.toByteArray()), again);
        assertThat(again.isIsomorphicWith(back)).isTrue();
    }

    @Test
    void aFileThatIsNotARecordOrHasADamagedLineIsRefusedSayingWhere() throws IOException {
        Graph g = GraphMemFactory.createDefaultGraph();
        assertThatThrownBy(() -> RecordFacts.read(new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), g))
                .isInstanceOf(IOException.class).hasMessageContaining("not a specgraph run record");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordFacts.write(everyKindOfFact(), out);
        List<String> lines = new java.util.ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
        lines.set(3, lines.get(3).substring(0, 10));
        byte[] damaged = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordFacts.read(new ByteArrayInputStream(damaged), g))
                .isInstanceOf(IOException.class).hasMessageStartingWith("line 4 of the run record cannot be read");
        assertThat(Arrays.asList(lines.get(0).split(","))).first().isEqualTo("[\"specgraph-record\"");
    }
}
