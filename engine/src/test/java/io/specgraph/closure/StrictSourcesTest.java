package io.specgraph.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.load.SourcePosition;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanRefusedException;
import org.junit.jupiter.api.Test;

/** With strict sources, a spec that loads with warnings is not closed, so CI fails on it. */
class StrictSourcesTest {
    private static final String PLAN = """
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix :    <https://ex.org/s#> .
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                sg:estimatedDuration "PT1H"^^xsd:duration .
            """;
    /** The gate of this file vanishes: its sg: prefix has a typo. */
    private static final String GATES = """
            @prefix :   <https://ex.org/s#> .
            @prefix sg: <http://w3id.org/specgraph#> .
            :done a sg:Gate ; sg:requires :build ; sg:condition [ sg:predicate "built" ] .
            """;

    private static final ClosureOptions STRICT = ClosureOptions.builder().strictSources(true).build();

    @Test
    void aSpecWithANamespaceTypoIsClosedByDefaultButNotUnderStrictSources() {
        Spec spec = Specgraph.load(l -> l.string("plan.ttl", PLAN).string("gates.ttl", GATES));

        assertThat(spec.validate().closed()).isTrue();
        ClosureReport strict = spec.validate(STRICT);

        assertThat(strict.closed()).isFalse();
        assertThat(strict.violations()).extracting(Violation::ruleId)
                .containsExactly("sg-namespace-exact", "source-declares-specgraph");
        Violation typo = strict.violations().get(0);
        assertThat(typo.category()).isEqualTo("sources");
        assertThat(typo.position()).isEqualTo(new SourcePosition("gates.ttl", 2, 9));
        assertThat(typo.message()).contains("<http://w3id.org/specgraph#>").contains("<https://w3id.org/specgraph#>");
        assertThat(typo.focusNode().getLiteralLexicalForm()).isEqualTo("gates.ttl");
        assertThat(strict.coverage().get(0).category()).isEqualTo("sources");

        assertThatThrownBy(() -> spec.plan(PlanOptions.builder().closure(STRICT).build()))
                .isInstanceOf(PlanRefusedException.class);
    }

    @Test
    void aCleanSpecIsClosedUnderStrictSourcesWithTheSourceChecksCounted() {
        ClosureReport report = Specgraph.load(l -> l.string("plan.ttl", PLAN)).validate(STRICT);

        assertThat(report.closed()).isTrue();
        assertThat(report.coverage()).anySatisfy(c -> {
            assertThat(c.category()).isEqualTo("sources");
            assertThat(c.total()).isEqualTo(io.specgraph.load.LoadWarning.Kind.values().length);
        });
    }

    @Test
    void strictSourcesIsPartOfTheOptionsValue() {
        assertThat(STRICT).isNotEqualTo(ClosureOptions.defaults());
        assertThat(STRICT).isEqualTo(ClosureOptions.builder().strictSources(true).build());
        assertThat(STRICT.hashCode()).isEqualTo(ClosureOptions.builder().strictSources(true).build().hashCode());
    }
}
