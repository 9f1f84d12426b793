package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Gates being checked, on their own: numbered checks, stale answers, answers released together in node order. */
class GatesInFlightTest {
    @Test
    void answersAreHeldUntilEveryGateInFlightHasOneThenReleasedInNodeOrder() {
        GatesInFlight gates = new GatesInFlight(10);
        int seven = gates.start(7);
        int three = gates.start(3);
        assertThat(gates.any()).isTrue();
        CoreInput late = new CoreInput.GateAnswered(0, 7, seven, List.of());
        CoreInput early = new CoreInput.GateDeadline(0, 3, three);

        assertThat(gates.hold(7, seven, late)).isEmpty();
        assertThat(gates.awaitsAnswer(7)).isFalse();
        assertThat(gates.awaitsAnswer(3)).isTrue();
        assertThat(gates.hold(3, three, early)).containsExactly(early, late);
    }

    @Test
    void anAnswerOfACheckGivenUpOnIsStale() {
        GatesInFlight gates = new GatesInFlight(4);
        int first = gates.start(2);
        assertThat(gates.current(2, first)).isTrue();
        gates.end(2);
        assertThat(gates.current(2, first)).isFalse();
        assertThat(gates.any()).isFalse();
        int second = gates.start(2);
        assertThat(second).isNotEqualTo(first);
        assertThat(gates.hold(2, first, new CoreInput.GateAnswered(0, 2, first, List.of()))).isEmpty();
        assertThat(gates.current(2, second)).isTrue();
    }
}
