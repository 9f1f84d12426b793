package io.specgraph.run;

import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.internal.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import org.junit.jupiter.api.Test;

/** Contentions on their own: a wait for a resource's writer, once per task and resource, with its conflict. */
class ContentionsTest {
    @Test
    void aWaitForAWriterIsOneContentionAndAWaitForAnAgentIsNone() {
        Plan plan = plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :x a sg:Agent . :y a sg:Agent .
                :t1 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:writes "db" ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :t2 a sg:Task ; sg:agent :y ; sg:phase :p1 ; sg:writes "db" ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :c1 a sg:Conflict ; sg:between :x , :y ; sg:resource "db" ; sg:resolution sg:FirstWins .
                """);
        RunNodes nodes = new RunNodes(plan);
        PlanTask[] task = nodes.task;
        Admission admission = new Admission(plan, task);
        Contentions contentions = new Contentions(plan, admission, task);
        int t1 = nodes.indexOf.get(iri("t1"));
        int t2 = nodes.indexOf.get(iri("t2"));

        admission.start(t1);
        Admission.Limit limit = admission.blocker(t2);
        contentions.blocked(t2, limit);
        contentions.blocked(t2, limit);
        contentions.blocked(t2, new Admission.Limit(Admission.Limit.Kind.AGENT, 0));
        assertThat(contentions.list()).singleElement().satisfies(c -> {
            assertThat(c.resource()).isEqualTo("db");
            assertThat(c.holder()).isEqualTo(iri("t1"));
            assertThat(c.waiter()).isEqualTo(iri("t2"));
            assertThat(c.conflict()).hasValueSatisfying(conflict -> assertThat(conflict.iri()).isEqualTo(iri("c1")));
        });
    }
}
