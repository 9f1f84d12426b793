package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A plan whose tasks lack durations says so, and uses a phase's estimate only when the spec opts in. */
class SparsePlansTest {
    private static final String SPEC = """
            @prefix : <https://example.org/s#> .
            @prefix sg: <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            :p a sg:Phase ; sg:order 1 ; sg:estimatedDuration "PT6H"^^xsd:duration .
            :a a sg:Agent ; sg:responsibility "x" ; sg:concurrency 2 .
            :t1 a sg:Task ; sg:agent :a ; sg:phase :p ; sg:handler "h" .
            :t2 a sg:Task ; sg:agent :a ; sg:phase :p ; sg:handler "h" ; sg:estimatedDuration "PT2H"^^xsd:duration .
            """;

    private static Plan plan(String extra) {
        return Specgraph.load(l -> l.string("plan.ttl", SPEC + extra)).plan(PlanOptions.builder().allowUnclosed(true).build());
    }

    @Test
    void tasksWithoutDurationAreNamedAndTheFiguresOfTimeAreLowerLimits() {
        Plan plan = plan("");
        assertThat(plan.unknownDurations()).containsExactly("https://example.org/s#t1");
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("1 task has no estimated duration") && w.contains(": t1;"));
        String text = PlanWriter.write(plan, PlanFormat.TEXT, 4);
        assertThat(text).contains("critical path (at least 2 h)").contains("estimated with 4 workers unknown")
                .doesNotContain("estimated with 4 workers 2 h");
        assertThat(PlanWriter.write(plan, PlanFormat.JSON, 4)).containsPattern("\"unknownDurations\": \\[\\s*\"https://example.org/s#t1\"\\s*\\]");
    }

    @Test
    void aSpecMayShareItsPhasesEstimateOverTheirUnestimatedTasks() {
        Plan plan = plan(":spec a sg:Spec ; sg:durationFallback sg:ShareOfPhaseEstimate .\n");
        assertThat(plan.durationsKnown()).isTrue();
        assertThat(plan.task("https://example.org/s#t1").orElseThrow().estimatedDuration()).isEqualTo(Duration.ofHours(4));
        assertThat(plan.warnings()).anyMatch(w -> w.contains("a share of the phase's estimate") && w.contains("t1 4 h"));
    }
}
