package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.Test;

/** A reference to something never defined is located where it is written, not at its subject's first line. */
class ReferencePositionTest {
    private static final String SPEC = """
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix :    <https://ex.org/s#> .
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent .
            :build a sg:Task ;
                sg:agent :dev ;
                sg:phase :p1 ;
                sg:handler "build" ;
                sg:dependsOn :lint ,
                    :ghost .
            :test a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "test" ;
                sg:note ( :a
                          :ghost ) .
            :lint a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "lint" .
            """;

    private static Node ex(String local) {
        return NodeFactory.createURI("https://ex.org/s#" + local);
    }

    @Test
    void theReferencePositionIsWhereTheObjectIsWrittenForEachReferrerIncludingInsideALists() {
        LoadedSpec spec = new SpecLoader().string("plan.ttl", SPEC).load();

        assertThat(spec.referencePosition(ex("build"), ex("ghost"))).contains(new SourcePosition("plan.ttl", 10, 9));
        assertThat(spec.referencePosition(ex("test"), ex("ghost"))).contains(new SourcePosition("plan.ttl", 13, 15));
        // only dangling references are kept: :lint is defined (later)
        assertThat(spec.referencePosition(ex("build"), ex("lint"))).isEmpty();
        assertThat(spec.referencePosition(ex("lint"), ex("ghost"))).isEmpty();
    }

    @Test
    void anUndefinedDependencyIsReportedAtTheLineThatNamesIt() {
        ClosureReport report = Specgraph.load(l -> l.string("plan.ttl", SPEC)).validate();

        Violation v = report.violations().stream().filter(x -> x.ruleId().equals("task-dependency-exists")).findFirst().orElseThrow();
        assertThat(v.location()).isEqualTo("plan.ttl:10");
        assertThat(v.message()).contains(":ghost is not defined anywhere");
    }
}
