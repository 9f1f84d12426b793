package io.specgraph.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.dialect.Dialect;
import io.specgraph.plan.PlanOptions;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import io.specgraph.vocab.SG;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.InfModel;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.reasoner.Reasoner;
import org.apache.jena.reasoner.ReasonerRegistry;
import org.apache.jena.reasoner.ValidityReport;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.Test;

/**
 * Run records, together with their spec and the specgraph vocabulary, are consistent with PROV-O: Jena's OWL
 * micro rule reasoner, given the W3C ontology's axioms (test data {@code prov-o.ttl}), finds no conflict — in
 * particular no node that is both a {@code prov:Activity} and a {@code prov:Entity}, which PROV-O declares
 * disjoint. The two clashes the vocabulary used to have are put back in two tests to show the check sees them.
 */
class ProvConsistencyTest {
    private static final String PROV = RunRecorder.PROV;
    private static final String NS = "https://example.org/prov#";
    private static final String PREFIXES = """
            @prefix :     <https://example.org/prov#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;

    /** Build (measures the build time) → gate Built (asks the host) → Ship; Build is undone by Undo build. */
    private static final String MEASURED = """
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
            :dev a sg:Agent ; rdfs:label "Dev" .
            :ops a sg:Agent ; rdfs:label "Ops" .
            :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                sg:estimatedDuration "PT1M"^^xsd:duration ; sg:measures :time ; sg:compensatedBy :undo .
            :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :ops ; sg:phase :p2 ; sg:handler "work" ;
                sg:estimatedDuration "PT1M"^^xsd:duration .
            :undo a sg:Task ; rdfs:label "Undo build" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "work" ;
                sg:estimatedDuration "PT1M"^^xsd:duration .
            :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:owner :ops ; sg:condition [ sg:predicate "ok" ] .
            :time a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                sg:direction sg:Minimize ; sg:measuredBy :build .
            """;

    private static Spec spec(String turtle) {
        return Specgraph.load(l -> l.string("prov-spec.ttl", PREFIXES + turtle));
    }

    private static RunResult runMeasured(Spec spec, boolean gatePasses) {
        return Engine.builder()
                .handler("build", ctx -> {
                    ctx.measure(NS + "time", 8);
                    return "built";
                })
                .handler("work", ctx -> "done")
                .predicate("ok", ctx -> gatePasses)
                .build()
                .run(spec.plan());
    }

    @Test
    void theSimulatedBuildOptimizationExampleIsConsistent() {
        Spec spec = Specgraph.load(Path.of("..", "specs", "build-optimization"));
        RunResult result = Engine.builder().simulateInVirtualTime().build().run(spec.plan());
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);

        assertConsistent(result.record().graph(), spec.loaded().union());
    }

    @Test
    void aRunWithAMeasurementIsConsistent() {
        Spec spec = spec(MEASURED);
        RunResult result = runMeasured(spec, true);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        Graph record = result.record().graph();
        assertThat(count(record, SG.Measurement)).isEqualTo(1);

        assertConsistent(record, spec.loaded().union());
    }

    @Test
    void aFailedRunWithCompensationIsConsistent() {
        Spec spec = spec(MEASURED);
        RunResult result = runMeasured(spec, false);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        Graph record = result.record().graph();
        // the gate failed, Ship was skipped and Undo build ran
        List<Node> undone = record.find(Node.ANY, SG.task, NodeFactory.createURI(NS + "undo")).mapWith(Triple::getSubject).toList();
        assertThat(undone).as(turtle(record)).hasSize(1);
        assertThat(record.contains(undone.get(0), SG.state, SG.term("Succeeded"))).as(turtle(record)).isTrue();

        assertConsistent(record, spec.loaded().union());
    }

    /**
     * A dialect derives phases from tasks with {@code prov:wasDerivedFrom}, which makes those tasks entities: with
     * {@code sg:agent} a sub-property of {@code prov:wasAssociatedWith} they were activities too.
     */
    @Test
    void aDialectMappedSpecAndItsRunAreConsistent() {
        Path tracker = Path.of("src", "test", "resources", "dialects", "tracker");
        Spec spec = Specgraph.load(l -> l.path(tracker.resolve("example")), Dialect.fromFolder(tracker));
        RunResult result = Engine.builder().simulateInVirtualTime().build()
                .run(spec.plan(PlanOptions.builder().allowUnclosed(true).build()));

        assertConsistent(result.record().graph(), spec.loaded().union());

        Graph oldVocabulary = vocabulary();
        oldVocabulary.add(Triple.create(SG.agent, RDFS.subPropertyOf.asNode(), NodeFactory.createURI(PROV + "wasAssociatedWith")));
        assertThat(validate(result.record().graph(), spec.loaded().union(), oldVocabulary).isValid())
                .as("sg:agent as a sub-property of prov:wasAssociatedWith makes a derived-from task an activity and an entity")
                .isFalse();
    }

    @Test
    void sgRunAsASubPropertyOfWasInformedByMadeEveryMeasurementAnActivity() {
        Spec spec = spec(MEASURED);
        Graph record = runMeasured(spec, true).record().graph();
        Graph oldVocabulary = vocabulary();
        oldVocabulary.add(Triple.create(SG.run, RDFS.subPropertyOf.asNode(), NodeFactory.createURI(PROV + "wasInformedBy")));

        ValidityReport report = validate(record, spec.loaded().union(), oldVocabulary);

        assertThat(report.isValid()).isFalse();
        assertThat(describe(report)).contains("disjoint").contains(":measurement:1");
    }

    /** The ranges the recorder types objects with are the ones PROV-O declares. */
    @Test
    void theRangesTheRecorderUsesAreProvOs() {
        Graph provO = provO();
        int checked = 0;
        for (Triple t : provO.find(Node.ANY, RDFS.range.asNode(), Node.ANY).toList()) {
            Node range = ProvTypes.rangeOf(t.getSubject());
            if (range != null) {
                assertThat(range).as(t.getSubject().getLocalName()).isEqualTo(t.getObject());
                checked++;
            }
        }
        for (String property : List.of("wasAssociatedWith", "used", "wasGeneratedBy", "agent", "hadPlan", "qualifiedAssociation")) {
            assertThat(ProvTypes.rangeOf(NodeFactory.createURI(PROV + property))).as(property).isNotNull();
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    // ------------------------------------------------------------------ helpers

    private static void assertConsistent(Graph record, Graph spec) {
        ValidityReport report = validate(record, spec, vocabulary());
        assertThat(report.isClean()).as("%s%n%s", describe(report), turtle(record)).isTrue();
    }

    private static ValidityReport validate(Graph record, Graph spec, Graph vocabulary) {
        Model schema = ModelFactory.createModelForGraph(provO()).add(ModelFactory.createModelForGraph(vocabulary));
        Reasoner reasoner = ReasonerRegistry.getOWLMicroReasoner().bindSchema(schema);
        Graph data = GraphFactory.createDefaultGraph();
        record.find().forEachRemaining(data::add);
        spec.find().forEachRemaining(data::add);
        InfModel inferred = ModelFactory.createInfModel(reasoner, ModelFactory.createModelForGraph(data));
        return inferred.validate();
    }

    private static String describe(ValidityReport report) {
        List<String> lines = new ArrayList<>();
        for (Iterator<ValidityReport.Report> it = report.getReports(); it.hasNext(); ) {
            lines.add(it.next().toString());
        }
        return String.join("\n", lines);
    }

    private static long count(Graph graph, Node type) {
        return graph.find(Node.ANY, RDF.type.asNode(), type).toList().size();
    }

    private static String turtle(Graph graph) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.jena.riot.RDFDataMgr.write(out, graph, Lang.TURTLE);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Graph provO() {
        return resource("io/specgraph/record/prov-o.ttl");
    }

    private static Graph vocabulary() {
        return resource(SG.VOCABULARY_RESOURCE);
    }

    private static Graph resource(String name) {
        Graph graph = GraphFactory.createDefaultGraph();
        try (InputStream in = ProvConsistencyTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            RDFParser.source(in).lang(Lang.TURTLE).parse(graph);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return graph;
    }
}
