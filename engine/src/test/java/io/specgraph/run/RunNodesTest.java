package io.specgraph.run;

import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanNode;
import org.junit.jupiter.api.Test;

/** The run's node index on its own: the plan's nodes as the DAG numbers them, compensation tasks after. */
class RunNodesTest {
    @Test
    void compensationTasksFollowThePlansNodesAndAreFoundFromTheWorkTheyUndo() {
        Plan plan = plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :a a sg:Task ; rdfs:label "Deploy" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration ;
                   sg:compensatedBy :undo .
                :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :undo a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :g1 a sg:Gate ; rdfs:label "Green" ; sg:closes :p1 ; sg:condition [ sg:predicate "ok" ] .
                """);
        RunNodes nodes = new RunNodes(plan);
        assertThat(nodes.n).isEqualTo(plan.nodes().size());
        assertThat(nodes.total).isEqualTo(nodes.n + 1);
        int a = nodes.indexOf.get(iri("a"));
        int b = nodes.indexOf.get(iri("b"));
        int undo = nodes.indexOf.get(iri("undo"));
        int g1 = nodes.indexOf.get(iri("g1"));
        assertThat(a).isEqualTo(plan.dag().indexOf(iri("a")));
        assertThat(g1).isEqualTo(plan.dag().indexOf(iri("g1")));
        assertThat(undo).isEqualTo(nodes.n);
        assertThat(nodes.kind[undo]).isEqualTo(PlanNode.Kind.TASK);
        assertThat(nodes.gate[g1].label()).isEqualTo("Green");
        assertThat(nodes.task[g1]).isNull();
        assertThat(nodes.label(a)).isEqualTo("Deploy");
        assertThat(nodes.compensationOf(a)).isEqualTo(undo);
        assertThat(nodes.compensationOf(b)).as("b declares no sg:compensatedBy").isEqualTo(-1);
        assertThat(nodes.compensationOf(g1)).isEqualTo(-1);
        for (int v = 0; v < nodes.n; v++) {
            if (nodes.kind[v] == PlanNode.Kind.BARRIER) {
                assertThat(nodes.label(v)).isEqualTo(plan.nodes().get(v).id());
            }
        }
        assertThat(nodes.indexOf.get(iri("nothing"))).isNull();
        assertThat(nodes.indexOf).as("every node and compensation task, by id").hasSize(nodes.total)
                .containsEntry(iri("undo"), undo).containsEntry(iri("a"), a);
        assertThat(plan.tasks()).extracting(t -> nodes.nodeOfTask[plan.tasks().indexOf(t)])
                .containsExactlyElementsOf(plan.tasks().stream().map(t -> nodes.indexOf.get(t.iri())).toList());
        assertThat(nodes.nodeOfGate).containsExactly(g1);
        assertThat(nodes.admission.phaseOf(a)).isEqualTo(0);
        assertThat(nodes.admission.phaseOf(g1)).as("not a task").isEqualTo(-1);
    }

    @Test
    void theIndexIsMadeOncePerPlanAndEveryRunOfItSharesIt() {
        Plan plan = plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """);
        RunNodes first = RunNodes.of(plan);
        Engine engine = Engine.builder().simulateInVirtualTime().build();
        RunResult one = engine.run(plan);
        RunResult two = engine.run(plan);
        assertThat(RunNodes.of(plan)).isSameAs(first);
        assertThat(two.tasks()).extracting(TaskRun::state, t -> t.attempts().size()).isEqualTo(one.tasks().stream()
                .map(t -> org.assertj.core.groups.Tuple.tuple(t.state(), t.attempts().size())).toList());
        assertThat(two.task(iri("a")).orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(RunNodes.of(plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """))).as("another plan, even an equal one, has its own").isNotSameAs(first);
    }
}
