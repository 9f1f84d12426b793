package io.specgraph.closure;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.load.SourcePosition;
import org.junit.jupiter.api.Test;

/** A spec loaded with its unparsable statements skipped is validated, and each statement left out is a violation. */
class UnparsedStatementsTest {
    private static final String PLAN = """
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix :    <https://ex.org/s#> .
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                sg:estimatedDuration "PT1H"^^xsd:duration .
            :test a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "test" ; sg:dependsOn ( :build, :lint ) .
            :ship a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "ship" ; sg:dependsOn :test .
            """;

    @Test
    void eachStatementLeftOutIsASourceParsesViolationBesideTheClosureProblemsItCauses() {
        Spec spec = Specgraph.load(l -> l.string("plan.ttl", PLAN).skipUnparsable(true));

        ClosureReport report = spec.validate();

        assertThat(report.closed()).isFalse();
        Violation syntax = report.violations().stream().filter(v -> v.ruleId().equals("source-parses")).findFirst().orElseThrow();
        assertThat(syntax.category()).isEqualTo("sources");
        assertThat(syntax.position()).isEqualTo(new SourcePosition("plan.ttl", 8, 91));
        assertThat(syntax.message()).startsWith("does not parse: ").contains("not commas").contains("left out: the statement at line 8");
        // the task left out is then missing where it is referred to
        assertThat(report.violations()).anySatisfy(v -> {
            assertThat(v.ruleId()).isEqualTo("task-dependency-exists");
            assertThat(v.message()).contains(":test");
        });
        assertThat(report.coverage("sources")).hasValueSatisfying(c -> {
            assertThat(c.total()).isEqualTo(8); // three prefixes and five statements, one of them failed
            assertThat(c.satisfied()).isEqualTo(7);
        });
    }

    @Test
    void aSpecThatParsesWholeHasNoSourcesCategoryWhenSkippingIsOn() {
        Spec spec = Specgraph.load(l -> l.string("plan.ttl", PLAN.replace("( :build, :lint )", ":build")).skipUnparsable(true));

        ClosureReport report = spec.validate();

        assertThat(report.closed()).isTrue();
        assertThat(report.coverage("sources")).isEmpty();
    }
}
