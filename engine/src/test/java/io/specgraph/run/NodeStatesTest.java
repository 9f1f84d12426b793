package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Node states on their own: attempts, the order of successes, what lets successors run. */
class NodeStatesTest {
    private static Attempt attempt(int number, TaskState state) {
        return new Attempt(number, state, Duration.ZERO, Duration.ofSeconds(1), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), "");
    }

    @Test
    void aTaskRetriesThenSucceedsAndSuccessesAreNumberedInOrder() {
        NodeStates states = new NodeStates(3);
        assertThat(states.state(0)).isEqualTo(TaskState.PENDING);

        assertThat(states.startAttempt(0)).isEqualTo(1);
        assertThat(states.state(0)).isEqualTo(TaskState.RUNNING);
        states.attemptEnded(0, attempt(1, TaskState.FAILED));
        assertThat(states.state(0)).isEqualTo(TaskState.PENDING);
        assertThat(states.terminal(0)).isFalse();
        assertThat(states.startAttempt(0)).isEqualTo(2);
        states.attemptEnded(0, attempt(2, TaskState.SUCCEEDED));

        states.startAttempt(1);
        states.attemptEnded(1, attempt(1, TaskState.SUCCEEDED));
        states.finishTask(1, TaskState.SUCCEEDED, "");
        states.finishTask(0, TaskState.SUCCEEDED, "");
        states.finishTask(2, TaskState.SKIPPED, "a failed");

        assertThat(states.attempts(0)).extracting(Attempt::state).containsExactly(TaskState.FAILED, TaskState.SUCCEEDED);
        assertThat(states.completedSeq(1)).isEqualTo(1);
        assertThat(states.completedSeq(0)).isEqualTo(2);
        assertThat(states.completedSeq(2)).isZero();
        assertThat(states.ok(2)).isFalse();
        assertThat(states.terminal(2)).isTrue();
        assertThat(states.snapshot()).containsExactly(TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.SKIPPED);
        states.addToReason(2, "and more");
        assertThat(states.reason(2)).isEqualTo("a failed; and more");
    }

    @Test
    void anUncheckedGateLetsWhatFollowsRunLikeAPassedOneAndABlockedOneDoesNot() {
        NodeStates states = new NodeStates(3);
        states.finishGate(0, new GateOutcome(null, GateState.UNCHECKED, "prose", java.util.List.of(), java.util.Optional.empty()));
        states.finishGate(1, new GateOutcome(null, GateState.BLOCKED, "", java.util.List.of(), java.util.Optional.empty()));
        states.finishBarrier(2, true);
        assertThat(states.ok(0)).isTrue();
        assertThat(states.ok(1)).isFalse();
        assertThat(states.ok(2)).isTrue();
        assertThat(states.gateOutcome(1).state()).isEqualTo(GateState.BLOCKED);
    }
}
