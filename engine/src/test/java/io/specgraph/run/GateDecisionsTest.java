package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.PlanGate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gate checks on their own: out with a snapshot and a deadline, back as an outcome; late answers ignored. */
class GateDecisionsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final PlanGate[] gates = {null, gate("g1"), gate("g2")};
    private final Decisions out = new Decisions();
    private final List<String> decided = new ArrayList<>();

    private static PlanGate gate(String label) {
        return new PlanGate("urn:" + label, label, List.of(), null, List.of(), null);
    }

    private void decided(int v, GateOutcome outcome) {
        decided.add(v + " " + outcome.state() + (outcome.reason().isEmpty() ? "" : " " + outcome.reason()));
    }

    private static CoreInput.GateAnswered answer(int v, int evaluation, ConditionOutcome.Status status) {
        return new CoreInput.GateAnswered(0, v, evaluation,
                List.of(new ConditionOutcome(ConditionOutcome.Kind.PREDICATE, "k", status, "red")));
    }

    @Test
    void inRealTimeACheckGoesOutWithADeadlineAndALateAnswerIsIgnored() {
        out.origin(0, Instant.EPOCH);
        GateDecisions checks = new GateDecisions(gates, out, false, TIMEOUT, Map.of());
        checks.check(1, 2, List.of(TaskState.SUCCEEDED), Map.of("urn:m", BigDecimal.ONE), 100);
        assertThat(out.take()).containsExactly(
                new CoreDecision.EvaluateGate(1, 1, 2, List.of(TaskState.SUCCEEDED), Map.of("urn:m", BigDecimal.ONE), false),
                new CoreDecision.ArmTimer(100 + TIMEOUT.toNanos(), CoreDecision.ArmTimer.Kind.GATE, 1, 1));
        assertThat(checks.awaitsAnswer(1)).isTrue();

        checks.deadlinePassed(1, 1, Duration.ofSeconds(30), this::decided);
        assertThat(out.take()).containsExactly(new CoreDecision.AbandonGate(1, 1));
        checks.answered(answer(1, 1, ConditionOutcome.Status.PASSED), Duration.ofSeconds(31), this::decided);
        assertThat(decided).singleElement().asString().startsWith("1 FAILED its conditions gave no answer within ");
        assertThat(checks.any()).isFalse();
    }

    @Test
    void inRealTimeAnAnswerInTimeDecidesAndTheDeadlineThenDoesNothing() {
        GateDecisions checks = new GateDecisions(gates, out, false, TIMEOUT, Map.of());
        checks.check(2, 0, List.of(), Map.of(), 0);
        checks.answered(answer(2, 1, ConditionOutcome.Status.FAILED), Duration.ofSeconds(1), this::decided);
        checks.deadlinePassed(2, 1, Duration.ofSeconds(30), this::decided);
        assertThat(decided).containsExactly("2 FAILED red");
        assertThat(out.take()).doesNotHaveAnyElementsOfTypes(CoreDecision.AbandonGate.class);
    }

    @Test
    void inVirtualTimeAnswersWaitForEveryGateInFlightThenGoInNodeOrder() {
        GateDecisions checks = new GateDecisions(gates, out, true, TIMEOUT, Map.of());
        checks.check(2, 0, List.of(), Map.of(), 0);
        checks.check(1, 0, List.of(), Map.of(), 0);
        assertThat(out.take()).as("no timer on the virtual clock").hasOnlyElementsOfType(CoreDecision.EvaluateGate.class);

        checks.answered(answer(2, 1, ConditionOutcome.Status.PASSED), Duration.ZERO, this::decided);
        assertThat(decided).as("gate 1 has not answered yet").isEmpty();
        assertThat(checks.awaitsAnswer(2)).isFalse();
        assertThat(checks.awaitsAnswer(1)).isTrue();
        checks.answered(new CoreInput.GateDeadline(0, 1, 2), Duration.ZERO, this::decided);
        assertThat(decided).containsExactly("1 FAILED its conditions gave no answer within 30 s", "2 PASSED");
        assertThat(out.take()).containsExactly(new CoreDecision.AbandonGate(1, 2));
    }
}
