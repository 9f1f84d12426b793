package io.specgraph.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.vocab.SG;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

class RecordedChecksTest {
    private static final String RUN = "urn:specgraph:run:abc123";

    @Test
    void readsEachChecksVerdictReasonsInTheirNumberedOrderAndTheAttemptACachedTaskReused() {
        Graph record = GraphMemFactory.createDefaultGraph();
        List<String> given = new ArrayList<>();
        for (int k = 1; k <= 11; k++) {
            given.add("reason " + k);
        }
        check(record, 0, "https://example.org/x#ran", "MustRun", given);
        check(record, 1, "https://example.org/x#kept", "Reuse", List.of("up to date"));
        Node cached = NodeFactory.createURI(RUN + ":task:1");
        record.add(Triple.create(cached, SG.task, NodeFactory.createURI("https://example.org/x#kept")));
        record.add(Triple.create(cached, SG.term("cachedFrom"), NodeFactory.createURI("urn:specgraph:run:old:task:1:attempt:1")));

        Map<String, RecordedChecks.Check> checks = RecordedChecks.of(record);
        // reason 10 and 11 after 9: the number orders them, not the IRI's spelling (":10" < ":2" as strings)
        assertThat(checks.get("https://example.org/x#ran").reasons()).containsExactlyElementsOf(given);
        assertThat(checks.get("https://example.org/x#ran").reused()).isFalse();
        assertThat(checks.get("https://example.org/x#ran").cachedFrom()).isNull();
        assertThat(checks.get("https://example.org/x#kept").reused()).isTrue();
        assertThat(checks.get("https://example.org/x#kept").cachedFrom()).isEqualTo("urn:specgraph:run:old:task:1:attempt:1");
        assertThat(RecordedChecks.of(GraphMemFactory.createDefaultGraph())).isEmpty();
    }

    private static void check(Graph g, int index, String task, String verdict, List<String> reasons) {
        Node check = NodeFactory.createURI(RUN + ":task:" + index + ":check");
        g.add(Triple.create(check, RDF.type.asNode(), SG.term("UpToDateCheck")));
        g.add(Triple.create(check, SG.term("checkOf"), NodeFactory.createURI(task)));
        g.add(Triple.create(check, SG.term("verdict"), SG.term(verdict)));
        for (int k = 0; k < reasons.size(); k++) {
            Node why = NodeFactory.createURI(RUN + ":task:" + index + ":check:reason:" + (k + 1));
            g.add(Triple.create(check, SG.term("because"), why));
            g.add(Triple.create(why, SG.reason, NodeFactory.createLiteralString(reasons.get(k))));
        }
    }
}
