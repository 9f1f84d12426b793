package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanGate.Condition;
import io.specgraph.plan.PlanMetric;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.GraphMemFactory;
import org.junit.jupiter.api.Test;

/**
 * The check of a gate's conditions on its own: a snapshot of the run in, one outcome per condition out, no
 * scheduler involved.
 */
class GateCheckTest {
    private static final String M = "https://ex.org/gates#latency";
    private static final PlanMetric LATENCY = new PlanMetric(M, "Latency", new BigDecimal("120"), new BigDecimal("15"), "s",
            true, 1, List.of());
    private static final Plan PLAN = Specgraph.load(l -> l.resource("closure/base.ttl")).plan();

    private static List<ConditionOutcome> check(Engine engine, Map<String, BigDecimal> values, Condition... conditions) {
        PlanGate gate = new PlanGate("https://ex.org/gates#g", "g", List.of(), null, List.of(conditions), null);
        GateCheck check = new GateCheck(engine, PLAN, Map.of(M, LATENCY), gate, 2, iri -> TaskState.SUCCEEDED, values,
                GraphMemFactory.createDefaultGraph(), Map.of(), new ContextStore());
        return check.conditions();
    }

    private static ConditionOutcome only(List<ConditionOutcome> outcomes) {
        assertThat(outcomes.get(0).kind()).isEqualTo(ConditionOutcome.Kind.REQUIREMENTS);
        assertThat(outcomes.get(0).detail()).contains("the 2 tasks and gates it waits for succeeded");
        assertThat(outcomes).hasSize(2);
        return outcomes.get(1);
    }

    @Test
    void aMetricIsMetWhenItsLastValueReachesTheTargetInItsDirection() {
        Engine real = Engine.builder().build();
        assertThat(only(check(real, Map.of(M, new BigDecimal("12")), new Condition(Condition.Kind.METRIC_MET, M))).status())
                .isEqualTo(ConditionOutcome.Status.PASSED);
        ConditionOutcome missed = only(check(real, Map.of(M, new BigDecimal("16")), new Condition(Condition.Kind.METRIC_MET, M)));
        assertThat(missed.status()).isEqualTo(ConditionOutcome.Status.FAILED);
        assertThat(missed.detail()).isEqualTo("Latency measured 16 s, target ≤ 15 s");
        assertThat(only(check(real, Map.of(), new Condition(Condition.Kind.METRIC_MET, M))).status())
                .isEqualTo(ConditionOutcome.Status.FAILED);
    }

    @Test
    void inADryRunAnUnmeasuredMetricAndAnUnregisteredPredicateAreAssumed() {
        Engine dry = Engine.builder().simulate(0.001).build();
        List<ConditionOutcome> outcomes = check(dry, Map.of(), new Condition(Condition.Kind.METRIC_MET, M),
                new Condition(Condition.Kind.PREDICATE, "signed-off"));
        assertThat(outcomes.subList(1, outcomes.size())).extracting(ConditionOutcome::status)
                .containsExactly(ConditionOutcome.Status.ASSUMED, ConditionOutcome.Status.ASSUMED);
    }

    @Test
    void askConditionsReadTheSpecAndRecordAndAPredicateThatThrowsFails() {
        Engine engine = Engine.builder()
                .predicate("holds", g -> g.state("https://ex.org/any") == TaskState.SUCCEEDED)
                .predicate("throws", g -> {
                    throw new IllegalStateException("no answer");
                })
                .build();
        List<ConditionOutcome> outcomes = check(engine, Map.of(),
                new Condition(Condition.Kind.ASK, "ASK { ?t a <https://w3id.org/specgraph#Task> }"),
                new Condition(Condition.Kind.ASK, "ASK { ?t a <https://ex.org/Nothing> }"),
                new Condition(Condition.Kind.PREDICATE, "holds"),
                new Condition(Condition.Kind.PREDICATE, "throws"));
        assertThat(outcomes.subList(1, outcomes.size())).extracting(ConditionOutcome::status).containsExactly(ConditionOutcome.Status.PASSED,
                ConditionOutcome.Status.FAILED, ConditionOutcome.Status.PASSED, ConditionOutcome.Status.FAILED);
        assertThat(outcomes.get(4).detail()).isEqualTo("predicate \"throws\" threw: IllegalStateException: no answer");
    }
}
