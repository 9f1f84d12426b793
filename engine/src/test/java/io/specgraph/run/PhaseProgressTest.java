package io.specgraph.run;

import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Phase progress on its own: a phase starts with its first task and finishes with its last. */
class PhaseProgressTest {
    private static final Plan PLAN = plan("""
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :dev a sg:Agent .
            :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ; sg:compensatedBy :undo .
            :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :c a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ; sg:dependsOn :a , :b .
            :undo a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
            """);

    private static final RunNodes NODES = RunNodes.of(PLAN);

    private static int task(String local) {
        return NODES.indexOf.get(iri(local));
    }

    @Test
    void aPhaseStartsOnceAndFinishesWithItsLastTaskFailedIfAnyDidNotSucceed() {
        PhaseProgress phases = new PhaseProgress(PLAN.phases(), NODES);
        Duration t = Duration.ofSeconds(1);
        assertThat(phases.taskStarted(task("a"), t)).isEqualTo(new RunEvent.PhaseStarted(t, PLAN.phases().get(0)));
        assertThat(phases.taskStarted(task("b"), t)).isNull();
        assertThat(phases.taskEnded(task("a"), false, t)).isNull();
        assertThat(phases.taskEnded(task("b"), true, t.plusSeconds(1)))
                .as("the compensation task of p1 does not count: b is its last")
                .isEqualTo(new RunEvent.PhaseFinished(t.plusSeconds(1), PLAN.phases().get(0), false));
        assertThat(phases.taskStarted(task("c"), t)).isNotNull();
        assertThat(phases.taskEnded(task("c"), true, t)).extracting(RunEvent.PhaseFinished::succeeded).isEqualTo(true);
    }
}
