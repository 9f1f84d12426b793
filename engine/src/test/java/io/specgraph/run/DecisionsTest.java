package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The decision stream on its own: the time origin, the record's spelling of states, taking the decisions. */
class DecisionsTest {
    @Test
    void offsetsAndInstantsCountFromTheStartOfTheRun() {
        Decisions out = new Decisions();
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        out.origin(5_000, start);
        assertThat(out.offset(5_000 + 2_000_000_000L)).isEqualTo(Duration.ofSeconds(2));
        assertThat(out.instantAt(Duration.ofSeconds(2))).isEqualTo(Instant.parse("2026-01-01T10:00:02Z"));
        assertThat(out.startInstant()).isEqualTo(start);

        out.recordNotRun(3, "urn:t", TaskState.TIMED_OUT, "why", Duration.ofSeconds(1));
        out.recordGate(4, "urn:g", GateState.UNCHECKED, "prose", Duration.ZERO);
        out.recordRunFinished(Duration.ofSeconds(3), RunResult.Outcome.CANCELLED);
        assertThat(out.take()).containsExactly(
                new CoreDecision.RecordNotRun(3, "urn:t", "TimedOut", "why", Instant.parse("2026-01-01T10:00:01Z")),
                new CoreDecision.RecordGate(4, "urn:g", "Unchecked", "prose", start),
                new CoreDecision.RecordRunFinished(Instant.parse("2026-01-01T10:00:03Z"), "Cancelled"));
        assertThat(out.take()).as("taken once").isEmpty();
    }

    @Test
    void whatHappensAtOneInstantSharesItsOffsetAndInstantAndAnotherOriginStartsAfresh() {
        Decisions out = new Decisions();
        out.origin(0, Instant.parse("2026-01-01T10:00:00Z"));
        Duration at = out.offset(7);
        assertThat(out.offset(3)).isEqualTo(Duration.ofNanos(3));
        assertThat(out.offset(7)).as("one of the last two").isSameAs(at);
        Instant instant = out.instantAt(at);
        assertThat(out.instantAt(Duration.ofNanos(3))).isEqualTo(Instant.parse("2026-01-01T10:00:00.000000003Z"));
        assertThat(out.instantAt(Duration.ofNanos(7))).as("an equal offset").isSameAs(instant);
        out.offset(1);
        out.offset(2);
        assertThat(out.offset(7)).as("no longer kept, but equal").isNotSameAs(at).isEqualTo(at);
        out.origin(5, Instant.parse("2026-01-02T10:00:00Z"));
        assertThat(out.offset(7)).isEqualTo(Duration.ofNanos(2));
        assertThat(out.instantAt(Duration.ofNanos(7))).isEqualTo(Instant.parse("2026-01-02T10:00:00.000000007Z"));
    }

    @Test
    void onlyTerminalStatesHaveANameInTheRecord() {
        assertThat(Decisions.stateName(GateState.PASSED)).isEqualTo("Passed");
        assertThat(Decisions.stateName(TaskState.SKIPPED)).isEqualTo("Skipped");
        assertThatThrownBy(() -> Decisions.stateName(TaskState.RUNNING)).hasMessageContaining("not a terminal state");
    }
}
