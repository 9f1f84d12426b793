package io.specgraph.closure;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Turtle closure report is a SHACL validation report as SHACL defines it. For every fault spec of the closure
 * test suite ({@link ClosureRulesTest#faults()}), the results that come from SHACL shapes are the report Jena's own
 * {@link ShaclValidator} gives for the same data and shapes (isomorphic graphs, messages aside: SHACL leaves their
 * wording to the engine), and every result, SHACL or not, has exactly one {@code sh:sourceConstraintComponent}.
 */
class ShaclReportConformanceTest {
    private static final String SH = "http://www.w3.org/ns/shacl#";
    private static final String SGC = Origin.NS;
    private static final Node RESULT = sh("result");
    private static final Node SOURCE_SHAPE = sh("sourceShape");
    private static final Node MESSAGE = sh("resultMessage");
    private static final Node COMPONENT = sh("sourceConstraintComponent");

    /** Inverse paths met over the whole suite: at least one fault must exercise them. */
    private static final AtomicInteger INVERSE_PATHS = new AtomicInteger();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.closure.ClosureRulesTest#faults")
    void theShaclResultsAreJenasReportAndEveryResultNamesItsComponent(ClosureRulesTest.Case c) {
        Spec spec = ClosureRulesTest.baseWith(c.body());
        ClosureReport closure = spec.validate(ClosureOptions.builder().strictPhases(c.strict()).build());
        Graph ours = RDFParser.fromString(ClosureReportWriter.turtle(closure), Lang.TURTLE).toGraph();

        Graph jenas = ShaclValidator.get().validate(builtInShapes(), spec.loaded().union()).getGraph();
        Graph shaclPart = shaclPart(ours);
        assertThat(withoutMessages(shaclPart).isIsomorphicWith(withoutMessages(jenas)))
                .as("specgraph's SHACL results:%n%s%nJena's report:%n%s", turtle(shaclPart), turtle(jenas)).isTrue();

        List<Node> results = ours.find(Node.ANY, RESULT, Node.ANY).mapWith(Triple::getObject).toList();
        assertThat(results).hasSize(closure.violations().size());
        for (Node result : results) {
            List<Node> components = objects(ours, result, COMPONENT);
            assertThat(components).as("components of a result").hasSize(1);
            if (!ours.contains(result, SOURCE_SHAPE, Node.ANY)) {
                // one of specgraph's own rules: its own component, never passed off as a shape
                assertThat(components.get(0).getURI()).startsWith(SGC);
            }
            for (Node path : objects(ours, result, sh("resultPath"))) {
                if (path.isBlank() && ours.contains(path, sh("inversePath"), Node.ANY)) {
                    INVERSE_PATHS.incrementAndGet();
                }
            }
        }
        Node report = ours.find(Node.ANY, RDF.type.asNode(), sh("ValidationReport")).next().getSubject();
        assertThat(objects(ours, report, sh("conforms"))).containsExactly(bool(results.isEmpty()));
        assertThat(objects(ours, report, NodeFactory.createURI(SGC + "closed"))).containsExactly(bool(closure.closed()));
    }

    @AfterAll
    static void someFaultHasAnInversePath() {
        assertThat(INVERSE_PATHS.get()).as("results with an inverse sh:resultPath over the suite").isPositive();
    }

    /** A warning keeps a spec closed, but a report with a result does not conform in SHACL's sense. */
    @Test
    void aWarningMakesTheReportNotConformWhileTheSpecStaysClosed() {
        ClosureReport closure = ClosureRulesTest.baseWith(":x a sg:Task ; sg:agent :alice ; sg:phase :p2 ; sg:handler \"h\" .")
                .validate();
        assertThat(closure.closed()).isTrue();
        Graph ours = RDFParser.fromString(ClosureReportWriter.turtle(closure), Lang.TURTLE).toGraph();
        Node report = ours.find(Node.ANY, RDF.type.asNode(), sh("ValidationReport")).next().getSubject();

        assertThat(objects(ours, report, sh("conforms"))).containsExactly(bool(false));
        assertThat(objects(ours, report, NodeFactory.createURI(SGC + "closed"))).containsExactly(bool(true));
    }

    /** The report's results that name a shape, under a report of their own whose sh:conforms SHACL would give. */
    private static Graph shaclPart(Graph ours) {
        Graph part = GraphFactory.createDefaultGraph();
        Node report = NodeFactory.createBlankNode();
        part.add(report, RDF.type.asNode(), sh("ValidationReport"));
        List<Node> results = new ArrayList<>();
        for (Triple t : ours.find(Node.ANY, RESULT, Node.ANY).toList()) {
            if (ours.contains(t.getObject(), SOURCE_SHAPE, Node.ANY)) {
                results.add(t.getObject());
            }
        }
        part.add(report, sh("conforms"), bool(results.isEmpty()));
        Set<Node> copied = new HashSet<>();
        for (Node result : results) {
            part.add(report, RESULT, result);
            copy(ours, result, part, copied);
        }
        return part;
    }

    /** Copies a node's triples, but specgraph's own annotations, and those of the blank nodes it leads to. */
    private static void copy(Graph from, Node node, Graph to, Set<Node> copied) {
        if (!copied.add(node)) {
            return;
        }
        for (Triple t : from.find(node, Node.ANY, Node.ANY).toList()) {
            if (t.getPredicate().getURI().startsWith(SGC)) {
                continue;
            }
            to.add(t);
            // the shape a result names is referred to, not described; a path's structure is copied
            if (t.getObject().isBlank() && !t.getPredicate().equals(SOURCE_SHAPE)) {
                copy(from, t.getObject(), to, copied);
            }
        }
    }

    private static Graph withoutMessages(Graph graph) {
        Graph copy = GraphFactory.createDefaultGraph();
        graph.find().forEachRemaining(t -> {
            if (!t.getPredicate().equals(MESSAGE)) {
                copy.add(t);
            }
        });
        return copy;
    }

    private static Shapes builtInShapes() {
        Graph graph = GraphFactory.createDefaultGraph();
        try (InputStream in = ShaclReportConformanceTest.class.getClassLoader()
                .getResourceAsStream(ClosureValidator.SHAPES_RESOURCE)) {
            RDFParser.source(in).lang(Lang.TURTLE).parse(graph);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Shapes.parse(graph);
    }

    private static List<Node> objects(Graph graph, Node subject, Node predicate) {
        return graph.find(subject, predicate, Node.ANY).mapWith(Triple::getObject).toList();
    }

    private static Node sh(String local) {
        return NodeFactory.createURI(SH + local);
    }

    private static Node bool(boolean value) {
        return NodeFactory.createLiteralDT(Boolean.toString(value), org.apache.jena.datatypes.xsd.XSDDatatype.XSDboolean);
    }

    private static String turtle(Graph graph) {
        java.io.StringWriter out = new java.io.StringWriter();
        RDFDataMgr.write(out, graph, Lang.TURTLE);
        return out.toString();
    }
}
