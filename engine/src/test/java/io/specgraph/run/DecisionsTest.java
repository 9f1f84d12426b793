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
    void onlyTerminalStatesHaveANameInTheRecord() {
        assertThat(Decisions.stateName(GateState.PASSED)).isEqualTo("Passed");
        assertThat(Decisions.stateName(TaskState.SKIPPED)).isEqualTo("Skipped");
        assertThatThrownBy(() -> Decisions.stateName(TaskState.RUNNING)).hasMessageContaining("not a terminal state");
    }
}
