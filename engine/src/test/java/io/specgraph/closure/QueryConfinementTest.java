package io.specgraph.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.internal.HttpListener;
import io.specgraph.internal.ServiceForms;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closure refuses a SERVICE however it is nested, in a spec's {@code sg:ask} (a located violation) and in a
 * user's closure query (refused before it runs), and nothing reaches the listener.
 */
class QueryConfinementTest {
    private HttpListener listener;

    @BeforeEach
    void start() throws Exception {
        listener = HttpListener.start();
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void anAskConditionWithServiceIsALocatedViolation(String form, String pattern) {
        String ask = ServiceForms.ask(pattern, listener.url());
        ClosureReport report = ClosureRulesTest.baseWith(":g1 sg:condition [ sg:ask \"" + ask + "\" ] .").validate();

        List<Violation> violations = report.violations();
        assertThat(violations).extracting(Violation::ruleId).containsExactly("condition-ask-valid");
        assertThat(violations.get(0).location()).isEqualTo("fault.ttl:5");
        assertThat(violations.get(0).message()).contains("has an sg:ask query that uses SERVICE ")
                .contains("gate conditions may only read the spec and its run record");
        assertThat(report.closed()).isFalse();
        assertThat(listener.requests()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void aClosureQueryWithServiceIsRefusedBeforeItRuns(String form, String pattern) {
        String query = "# rule: calls-out\n" + ServiceForms.select(pattern, listener.url());
        assertThatThrownBy(() -> ClosureRulesTest.baseWith("").validate(ClosureOptions.builder().query("calls-out.rq", query).build()))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageStartingWith("calls-out.rq: the query uses SERVICE ")
                .hasMessageEndingWith("; a closure query may only read the spec");
        assertThat(listener.requests()).isZero();
    }

    /** Jena's SHACL engine runs a shape's SPARQL with settings we cannot confine, so the shapes file is refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void aShapesFileWhoseSparqlUsesServiceIsRefusedBeforeItRuns(String form, String pattern) {
        String select = ServiceForms.select(pattern, listener.url()).replace("?this", "$this").replace("\"", "\\\"");
        String shapes = """
                @prefix sh: <http://www.w3.org/ns/shacl#> .
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix :   <https://ex.org/shapes#> .
                :leaky a sh:NodeShape ; sh:targetClass sg:Task ;
                    sh:sparql [ sh:message "calls out" ; sh:select \"""%s\""" ] .
                """.formatted(select);
        assertThatThrownBy(() -> ClosureRulesTest.baseWith("").validate(ClosureOptions.builder().shapes("leaky.ttl", shapes).build()))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageStartingWith("leaky.ttl: the SHACL-SPARQL query of sh:select uses SERVICE ")
                .hasMessageEndingWith("; shapes may only read the spec");
        assertThat(listener.requests()).isZero();
    }

    @org.junit.jupiter.api.Test
    void aShapesFileWithHonestSparqlStillRuns() {
        String shapes = """
                @prefix sh: <http://www.w3.org/ns/shacl#> .
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix :   <https://ex.org/shapes#> .
                :labelled a sh:NodeShape ; sh:targetClass sg:Task ;
                    sh:sparql [ sh:message "is typed" ; sh:prefixes :decl ;
                                sh:select "SELECT $this WHERE { $this rdf:type ?type }" ] .
                :decl sh:declare [ sh:prefix "rdf" ; sh:namespace "http://www.w3.org/1999/02/22-rdf-syntax-ns#"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
                """;
        ClosureReport report = ClosureRulesTest.baseWith("").validate(ClosureOptions.builder().shapes("honest.ttl", shapes).build());
        assertThat(report.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.message()).contains("is typed"));
    }

    private static String shapes(String declarations, String select) {
        return """
                @prefix sh: <http://www.w3.org/ns/shacl#> .
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix :   <https://ex.org/shapes#> .
                :leaky a sh:NodeShape ; sh:targetClass sg:Task ;
                    sh:sparql [ sh:message "loads a class" ; sh:prefixes :decl ; sh:select \"""%s\""" ] .
                %s
                """.formatted(select, declarations);
    }

    /** Found in review: CALL computes the class name, which no reading of the text sees; SHACL runs it unconfined. */
    @org.junit.jupiter.api.Test
    void aShapeQueryThatComputesTheFunctionItCallsIsRefusedAndNoClassIsLoaded() {
        String select = "SELECT $this WHERE { $this ?p ?o FILTER(CALL(IRI(CONCAT('jav', 'a:io.specgraph.internal.Traps$Shape')))) }";
        assertThatThrownBy(() -> ClosureRulesTest.baseWith("").validate(ClosureOptions.builder()
                .shapes("computed.ttl", shapes("", select)).build()))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("computed.ttl: the SHACL-SPARQL query of sh:select uses CALL");
        assertThat(io.specgraph.internal.Traps.LOADED).doesNotContain("Shape");
    }

    /** Found in review: one prefix declared twice, once as java:, and the shape picks the java: one. */
    @org.junit.jupiter.api.Test
    void aShapesFileDeclaringAJavaNamespaceIsRefusedAndNoClassIsLoaded() {
        String declarations = """
                :decl sh:declare [ sh:prefix "j" ; sh:namespace "http://ok.example/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
                :other sh:declare [ sh:prefix "j" ; sh:namespace "java:io.specgraph.internal.Traps$"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
                """;
        String select = "SELECT $this WHERE { $this ?p ?o FILTER(j:ShapePrefixed()) }";
        assertThatThrownBy(() -> ClosureRulesTest.baseWith("").validate(ClosureOptions.builder()
                .shapes("prefixed.ttl", shapes(declarations, select)).build()))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("prefixed.ttl: declares the prefix namespace <java:io.specgraph.internal.Traps$>");
        assertThat(io.specgraph.internal.Traps.LOADED).doesNotContain("ShapePrefixed");
    }

    @org.junit.jupiter.api.Test
    void aBlankNodeNamespaceIsNotAnInternalError() {
        String declarations = ":decl sh:declare [ sh:prefix \"b\" ; sh:namespace [] ] .";
        String select = "SELECT $this WHERE { $this ?p ?o FILTER(false) }";
        try {
            ClosureRulesTest.baseWith("").validate(ClosureOptions.builder().shapes("blank.ttl", shapes(declarations, select)).build());
        } catch (InvalidRuleException expected) {
            assertThat(expected).hasMessageStartingWith("blank.ttl: ");
        }
    }

    /** Found in review: a closure query stopped at run time was an internal error. */
    @org.junit.jupiter.api.Test
    void aClosureQueryStoppedWhenItRunsIsAnUnusableRuleNotAnInternalError() {
        String query = "# rule: computed\nSELECT ?this WHERE { ?this ?p ?o FILTER(CALL(IRI(CONCAT('jav', 'a:x.Y')))) }";
        assertThatThrownBy(() -> ClosureRulesTest.baseWith("").validate(ClosureOptions.builder().query("computed.rq", query).build()))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageStartingWith("computed.rq: the query was stopped: ")
                .hasMessageEndingWith("; a closure query may only read the spec");
    }
}
