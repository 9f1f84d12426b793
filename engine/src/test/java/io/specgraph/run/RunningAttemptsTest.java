package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The attempts holding a slot on their own: which attempt is current, how a stop is told, how an attempt ends. */
class RunningAttemptsTest {
    private final Decisions out = new Decisions();

    @Test
    void anAttemptThatHasEndedIsNotCurrentAndSlotsAreCounted() {
        RunningAttempts running = new RunningAttempts(3, out, false, Duration.ofSeconds(10));
        running.start(0, 1, 0, null);
        running.start(2, 4, 0, Duration.ofSeconds(5));
        assertThat(running.count()).isEqualTo(2);
        assertThat(running.current(0, 1)).isNotNull();
        assertThat(running.current(0, 2)).as("another attempt's number").isNull();
        assertThat(running.of(2).limit).isEqualTo(Duration.ofSeconds(5));
        assertThat(running.end(0).number).isEqualTo(1);
        assertThat(running.current(0, 1)).isNull();
        assertThat(running.count()).isEqualTo(1);
    }

    @Test
    void inRealTimeAStopArmsTheGracePeriodAndTheFirstReasonWins() {
        out.origin(0, Instant.EPOCH);
        RunningAttempts running = new RunningAttempts(2, out, false, Duration.ofSeconds(10));
        running.start(1, 2, 0, null);
        running.stop(1, TaskState.TIMED_OUT, "gave no result within 1 s", 1_000);
        running.stop(1, TaskState.CANCELLED, "cancelled", 2_000);
        running.stop(0, TaskState.CANCELLED, "nothing runs at 0", 2_000);
        assertThat(out.take()).containsExactly(new CoreDecision.StopAttempt(1, 2),
                new CoreDecision.ArmTimer(1_000 + 10_000_000_000L, CoreDecision.ArmTimer.Kind.GRACE, 1, 2));
        assertThat(running.of(1).stopping()).isTrue();
        assertThat(running.of(1).returned(null)).isEqualTo(new RunningAttempts.Ending(TaskState.TIMED_OUT, "gave no result within 1 s"));
        assertThat(running.of(1).abandoned(Duration.ofSeconds(10)).reason())
                .startsWith("gave no result within 1 s; its handler did not stop within ").endsWith(" and was abandoned");
    }

    @Test
    void inVirtualTimeAStopArmsNoTimer() {
        RunningAttempts running = new RunningAttempts(1, out, true, Duration.ofSeconds(10));
        running.start(0, 1, 0, null);
        running.stop(0, TaskState.CANCELLED, "cancelled", 5);
        assertThat(out.take()).containsExactly(new CoreDecision.StopAttempt(0, 1));
    }

    @Test
    void anAttemptEndsAsItsHandlerDidUnlessTheCoreStoppedIt() {
        RunningAttempts running = new RunningAttempts(4, out, true, Duration.ZERO);
        assertThat(running.start(0, 1, 0, null).returned(null)).isEqualTo(new RunningAttempts.Ending(TaskState.SUCCEEDED, ""));
        assertThat(running.start(1, 1, 0, null).returned(new IllegalStateException("disk full")))
                .isEqualTo(new RunningAttempts.Ending(TaskState.FAILED, "IllegalStateException: disk full"));
        running.start(2, 1, 0, null);
        running.stop(2, TaskState.CANCELLED, "cancelled: fail-fast after x failed", 0);
        assertThat(running.of(2).returned(null)).as("it finished its work before it saw the cancel")
                .isEqualTo(new RunningAttempts.Ending(TaskState.SUCCEEDED, ""));
        assertThat(running.of(2).returned(new InterruptedException()))
                .isEqualTo(new RunningAttempts.Ending(TaskState.CANCELLED, "cancelled: fail-fast after x failed"));
    }
}
