package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.shared.JenaException;
import org.junit.jupiter.api.Test;

/**
 * The loaded spec's union graph is kept in a compact frozen form (issue 11): it must answer every pattern
 * exactly as Jena's in-memory graph of the same triples does.
 */
class SpecUnionGraphTest {
    private static final String ONE = """
            @prefix ex: <https://example.org/> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            ex:a ex:p ex:b ; ex:q "1"^^xsd:int , "x" , "x"@en ; ex:r [ ex:p ex:a ] .
            ex:b ex:p ex:a , ex:b ; ex:q "01"^^xsd:int .
            ex:p ex:p ex:p .
            """;
    private static final String TWO = """
            @prefix ex: <https://example.org/> .
            ex:c ex:p ex:a ; ex:q ( ex:a ex:b ) .
            ex:a ex:p ex:b .
            """;

    @Test
    void answersEveryPatternAsAnInMemoryGraph() {
        LoadedSpec spec = new SpecLoader().string("one.ttl", ONE).string("two.ttl", TWO).load();
        Graph union = spec.union();
        // Jena's in-memory graph of the same triples (the same blank nodes too) is the reference
        Graph reference = GraphMemFactory.createDefaultGraph();
        union.find().forEachRemaining(reference::add);
        assertThat(union.size()).isEqualTo(reference.size()).isEqualTo(16);

        List<Node> nodes = new ArrayList<>();
        reference.find().forEachRemaining(t -> {
            nodes.add(t.getSubject());
            nodes.add(t.getPredicate());
            nodes.add(t.getObject());
        });
        nodes.add(NodeFactory.createURI("https://example.org/absent"));
        nodes.add(NodeFactory.createLiteralString("absent"));
        nodes.add(Node.ANY);
        int patterns = 0;
        for (Node s : nodes) {
            for (Node p : List.of(Node.ANY, uri("p"), uri("q"), uri("r"), uri("absent"))) {
                for (Node o : List.of(Node.ANY, uri("a"), uri("b"), uri("p"), s, lit("x"), int1("1"), int1("01"))) {
                    Set<Triple> got = set(union, s, p, o);
                    assertThat(got).as("find(%s, %s, %s)", s, p, o).isEqualTo(set(reference, s, p, o));
                    assertThat(union.contains(s, p, o)).isEqualTo(!got.isEmpty());
                    patterns++;
                }
            }
        }
        assertThat(patterns).isGreaterThan(1000);
        // term equality, as Jena's graphs: "1"^^xsd:int and "01"^^xsd:int are different objects
        assertThat(set(union, uri("a"), uri("q"), int1("01"))).isEmpty();
        assertThat(set(union, Node.ANY, uri("q"), int1("01"))).hasSize(1);
        assertThat(union.find(uri("b"), uri("p"), Node.ANY).toList()).hasSize(2);
        // the full walk gives each triple once
        assertThat(union.find().toList()).hasSize(16).doesNotHaveDuplicates();
        assertThat(union.getPrefixMapping().getNsPrefixURI("ex")).isEqualTo("https://example.org/");
    }

    @Test
    void refusesChanges() {
        Graph union = new SpecLoader().string("one.ttl", ONE).load().union();
        assertThatThrownBy(() -> union.add(uri("z"), uri("p"), uri("a"))).isInstanceOf(JenaException.class);
        assertThatThrownBy(() -> union.delete(uri("a"), uri("p"), uri("b"))).isInstanceOf(JenaException.class);
        assertThat(union.size()).isEqualTo(10);
    }

    private static Set<Triple> set(Graph graph, Node s, Node p, Node o) {
        return new HashSet<>(graph.find(s, p, o).toList());
    }

    private static Node uri(String local) {
        return NodeFactory.createURI("https://example.org/" + local);
    }

    private static Node lit(String text) {
        return NodeFactory.createLiteralString(text);
    }

    private static Node int1(String lexical) {
        return NodeFactory.createLiteralDT(lexical, org.apache.jena.datatypes.xsd.XSDDatatype.XSDint);
    }
}
