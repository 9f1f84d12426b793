package io.specgraph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.internal.Admission.Limit;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one admission policy, on its own: phase, agent and resource limits, what blocks first, what frees. */
class AdmissionTest {
    private static final String NS = "https://ex.org/admission#";

    private static Plan plan() {
        return Specgraph.load(l -> l.string("plan.ttl", """
                @prefix sg:  <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                @prefix :    <https://ex.org/admission#> .
                :p1 a sg:Phase ; sg:order 1 ; sg:maxParallel 2 .
                :solo a sg:Agent .
                :pair a sg:Agent ; sg:concurrency 2 .
                :a a sg:Task ; sg:agent :pair ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" .
                :b a sg:Task ; sg:agent :pair ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" .
                :c a sg:Task ; sg:agent :solo ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
                :d a sg:Task ; sg:agent :solo ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
                :w a sg:Task ; sg:agent :pair ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Makefile" .
                """)).plan(PlanOptions.builder().allowUnclosed(true).build());
    }

    private static int slot(Plan plan, String local) {
        return plan.dag().indexOf(NS + local);
    }

    @Test
    void aWriterKeepsOtherWritersOfItsResourceOutAndFreesItWhenItEnds() {
        Plan plan = plan();
        Admission admission = new Admission(plan, Admission.nodeSlots(plan));
        int a = slot(plan, "a");
        int b = slot(plan, "b");

        assertThat(admission.blocker(a)).isNull();
        admission.start(a);
        Limit limit = admission.blocker(b);
        assertThat(limit.kind()).isEqualTo(Limit.Kind.RESOURCE);
        assertThat(admission.resourceName(limit)).isEqualTo("Cargo.toml");
        assertThat(admission.writerOf(limit)).isEqualTo(a);

        List<Limit> freed = admission.end(a);
        assertThat(freed).contains(limit);
        assertThat(admission.writerOf(limit)).isEqualTo(-1);
        assertThat(admission.blocker(b)).isNull();
    }

    @Test
    void anAgentRunsAtMostItsConcurrencyAndAPhaseAtMostItsMaxParallel() {
        Plan plan = plan();
        Admission admission = new Admission(plan, Admission.nodeSlots(plan));
        int c = slot(plan, "c");
        int d = slot(plan, "d");
        int w = slot(plan, "w");
        int a = slot(plan, "a");

        admission.start(c);
        assertThat(admission.blocker(d)).extracting(Limit::kind).isEqualTo(Limit.Kind.AGENT); // :solo does one at a time
        admission.start(w);
        // two tasks of :p1 run (its sg:maxParallel): the phase blocks first, before the agent or a resource
        assertThat(admission.blocker(a)).extracting(Limit::kind).isEqualTo(Limit.Kind.PHASE);
        assertThat(admission.end(c)).extracting(Limit::kind).containsExactly(Limit.Kind.PHASE, Limit.Kind.AGENT);
        assertThat(admission.blocker(a)).isNull();
        assertThat(admission.blocker(d)).isNull();
    }

    @Test
    void gatesAndBarriersAreNeverBlocked() {
        Plan plan = Specgraph.load(l -> l.resource("closure/base.ttl")).plan();
        Admission admission = new Admission(plan, Admission.nodeSlots(plan));
        for (int v = 0; v < plan.dag().size(); v++) {
            if (plan.dag().task(v) == null) {
                assertThat(admission.blocker(v)).isNull();
                assertThat(admission.end(v)).isEmpty();
            }
        }
    }
}
