package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compensation queue on its own: one at a time, in the order queued, each at most once. */
class CompensationsTest {
    @Test
    void compensationsRunOneAtATimeEachAtMostOnce() {
        Compensations c = new Compensations(10);
        assertThat(c.idle()).isTrue();

        assertThat(c.add(1, "deploy", 8, false)).isEqualTo(Compensations.Added.QUEUED);
        assertThat(c.add(2, "migrate", 9, false)).isEqualTo(Compensations.Added.QUEUED);
        assertThat(c.add(3, "deploy-eu", 8, false)).isEqualTo(Compensations.Added.JOINED);
        assertThat(c.covered(1)).isTrue();
        assertThat(c.covered(4)).isFalse();
        assertThat(c.reason(8)).isEqualTo("compensating deploy, deploy-eu");

        assertThat(c.startNext()).isEqualTo(8);
        assertThat(c.startNext()).as("one at a time").isEqualTo(-1);
        assertThat(c.idle()).isFalse();
        c.ended();
        assertThat(c.startNext()).isEqualTo(9);
        c.ended();
        assertThat(c.idle()).isTrue();

        assertThat(c.add(5, "deploy-us", 8, true)).as("8 has run: it does not run twice").isEqualTo(Compensations.Added.TOO_LATE);
        assertThat(c.startNext()).isEqualTo(-1);
    }

    @Test
    void queuedCompensationsCanBeTakenOffToCancelThem() {
        Compensations c = new Compensations(10);
        c.add(1, "a", 7, false);
        c.add(2, "b", 8, false);
        assertThat(c.takeQueued()).isEqualTo(7);
        assertThat(c.takeQueued()).isEqualTo(8);
        assertThat(c.takeQueued()).isEqualTo(-1);
        assertThat(c.idle()).isTrue();
    }

    @Test
    void aGateThatDidNotPassHandsTheSucceededWorkBeforeItToItsCompensationMostRecentFirst() {
        io.specgraph.plan.Plan plan = RunSpecs.plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :a a sg:Task ; rdfs:label "A" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ;
                   sg:compensatedBy :undoA .
                :b a sg:Task ; rdfs:label "B" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ;
                   sg:compensatedBy :undoB ; sg:dependsOn :a .
                :c a sg:Task ; rdfs:label "C" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ;
                   sg:compensatedBy :undoA .
                :undoA a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :undoB a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :g1 a sg:Gate ; sg:requires :b , :c ; sg:condition [ sg:predicate "ok" ] .
                :g2 a sg:Gate ; sg:requires :b ; sg:condition [ sg:predicate "ok" ] .
                :d a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ;
                   sg:dependsOn :g1 , :g2 .
                """);
        RunNodes nodes = new RunNodes(plan);
        NodeStates states = new NodeStates(nodes.total);
        int a = nodes.indexOf.get(RunSpecs.iri("a"));
        int b = nodes.indexOf.get(RunSpecs.iri("b"));
        int c = nodes.indexOf.get(RunSpecs.iri("c"));
        int undoA = nodes.indexOf.get(RunSpecs.iri("undoA"));
        int undoB = nodes.indexOf.get(RunSpecs.iri("undoB"));
        states.finishTask(a, TaskState.SUCCEEDED, "");
        states.finishTask(b, TaskState.SUCCEEDED, "");
        states.finishTask(c, TaskState.FAILED, "broke");
        Compensations compensations = new Compensations(nodes.total);

        compensations.didNotPass(nodes.indexOf.get(RunSpecs.iri("g1")), plan.dag(), states, nodes::compensationOf, nodes::label);
        assertThat(compensations.covered(c)).as("c did not succeed: nothing to undo").isFalse();
        assertThat(compensations.startNext()).as("b completed last: undone first").isEqualTo(undoB);
        compensations.ended();
        assertThat(compensations.startNext()).isEqualTo(undoA);
        assertThat(compensations.reason(undoA)).isEqualTo("compensating A");
        states.finishTask(undoA, TaskState.SUCCEEDED, compensations.reason(undoA));
        compensations.ended();

        states.finishTask(c, TaskState.SUCCEEDED, ""); // as if c had succeeded after all, after undoA ran
        compensations.didNotPass(nodes.indexOf.get(RunSpecs.iri("g2")), plan.dag(), states, nodes::compensationOf, nodes::label);
        assertThat(compensations.startNext()).as("a and b are covered already").isEqualTo(-1);
        compensations.didNotPass(nodes.indexOf.get(RunSpecs.iri("g1")), plan.dag(), states, nodes::compensationOf, nodes::label);
        assertThat(compensations.startNext()).as("undoA has run: it does not run twice").isEqualTo(-1);
        assertThat(states.reason(undoA)).isEqualTo("compensating A; C completed after it ran and was not compensated");
    }
}
