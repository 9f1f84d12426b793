package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanGate.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gate's outcome from its conditions' answers, and the other ways a gate ends, on their own. */
class GateVerdictsTest {
    private static final PlanGate GATE = new PlanGate("urn:g", "Green", List.of(), null, List.of(), null);
    private static final Duration AT = Duration.ofSeconds(7);

    private static ConditionOutcome condition(ConditionOutcome.Status status, String detail) {
        return new ConditionOutcome(ConditionOutcome.Kind.PREDICATE, "k", status, detail);
    }

    @Test
    void oneFailedConditionFailsTheGateAndSaysWhich() {
        GateOutcome o = GateVerdicts.fromConditions(GATE, List.of(condition(ConditionOutcome.Status.PASSED, "ok"),
                condition(ConditionOutcome.Status.FAILED, "tests red"), condition(ConditionOutcome.Status.UNCHECKED, ""),
                condition(ConditionOutcome.Status.FAILED, "lint red")), AT);
        assertThat(o.state()).isEqualTo(GateState.FAILED);
        assertThat(o.reason()).isEqualTo("tests red; lint red");
        assertThat(o.evaluatedAt()).contains(AT);
        assertThat(o.conditions()).hasSize(4);
    }

    @Test
    void proseLeavesTheGateUncheckedAndAssumedConditionsAreNotedNotCounted() {
        GateOutcome unchecked = GateVerdicts.fromConditions(GATE, List.of(condition(ConditionOutcome.Status.UNCHECKED, ""),
                condition(ConditionOutcome.Status.ASSUMED, "")), AT);
        assertThat(unchecked.state()).isEqualTo(GateState.UNCHECKED);
        assertThat(unchecked.reason()).isEqualTo("1 condition(s) are prose that nothing can check; 1 condition(s) assumed in a dry run");

        GateOutcome passed = GateVerdicts.fromConditions(GATE, List.of(condition(ConditionOutcome.Status.ASSUMED, ""),
                condition(ConditionOutcome.Status.ASSUMED, ""), condition(ConditionOutcome.Status.PASSED, "")), AT);
        assertThat(passed.state()).isEqualTo(GateState.PASSED);
        assertThat(passed.reason()).isEqualTo("2 condition(s) assumed in a dry run");
        assertThat(GateVerdicts.fromConditions(GATE, List.of(), AT).reason()).isEmpty();
    }

    @Test
    void aGateThatWasNotCheckedSaysWhy() {
        assertThat(GateVerdicts.timedOut(GATE, Duration.ofSeconds(30), AT).reason()).startsWith("its conditions gave no answer within ");
        assertThat(GateVerdicts.timedOut(GATE, Duration.ofSeconds(30), AT).state()).isEqualTo(GateState.FAILED);
        GateOutcome blocked = GateVerdicts.blocked(GATE, List.of("Build failed", "Test skipped"), AT);
        assertThat(blocked.state()).isEqualTo(GateState.BLOCKED);
        assertThat(blocked.reason()).isEqualTo("not evaluated: Build failed; Test skipped");
        GateOutcome cancelled = GateVerdicts.cancelled(GATE, "cancelled by the user");
        assertThat(cancelled.state()).isEqualTo(GateState.CANCELLED);
        assertThat(cancelled.evaluatedAt()).isEmpty();
    }

    @Test
    void onlyAnAskQueryOrARegisteredPredicateNeedsTheRecord() {
        GatePredicate yes = ctx -> true;
        PlanGate metric = new PlanGate("urn:m", "M", List.of(), null, List.of(new Condition(Condition.Kind.METRIC_MET, "urn:latency")), null);
        PlanGate ask = new PlanGate("urn:a", "A", List.of(), null, List.of(new Condition(Condition.Kind.ASK, "ASK {}")), null);
        PlanGate predicate = new PlanGate("urn:p", "P", List.of(), null, List.of(new Condition(Condition.Kind.PREDICATE, "green")), null);
        assertThat(GateVerdicts.needsRecordOrHost(metric, Map.of())).isFalse();
        assertThat(GateVerdicts.needsRecordOrHost(metric, Map.of("urn:m", yes))).as("a predicate registered for the gate").isTrue();
        assertThat(GateVerdicts.needsRecordOrHost(ask, Map.of())).isTrue();
        assertThat(GateVerdicts.needsRecordOrHost(predicate, Map.of())).as("nothing registered: nothing runs").isFalse();
        assertThat(GateVerdicts.needsRecordOrHost(predicate, Map.of("green", yes))).isTrue();
    }
}
