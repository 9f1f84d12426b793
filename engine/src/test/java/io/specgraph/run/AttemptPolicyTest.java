package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time limits, retries and backoff on their own: the task's own settings first, doubling waits, dry-run scaling. */
class AttemptPolicyTest {
    static PlanTask task(Integer retries, Duration timeout) {
        return new PlanTask("urn:t", "T", null, null, List.of(), Duration.ofMinutes(5), null, List.of(), List.of(), List.of(),
                retries, timeout, List.of(), List.of(), null, false);
    }

    @Test
    void theBackoffDoublesWithEachRetryUpToItsCap() {
        AttemptPolicy policy = new AttemptPolicy(null, 0, Duration.ofMillis(100), Duration.ofSeconds(1), null);
        assertThat(List.of(1, 2, 3, 4, 5, 40)).extracting(policy::backoff).containsExactly(Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(policy.backoffNanos(2)).isEqualTo(200_000_000L);
    }

    @Test
    void aTasksOwnTimeoutAndRetriesComeBeforeTheEngines() {
        AttemptPolicy policy = new AttemptPolicy(Duration.ofSeconds(10), 1, Duration.ZERO, Duration.ofSeconds(30), null);
        assertThat(policy.timeLimit(task(null, null))).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.timeLimit(task(null, Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.retriesAfter(task(null, null), 1)).as("engine default: one retry").isTrue();
        assertThat(policy.retriesAfter(task(null, null), 2)).isFalse();
        assertThat(policy.retriesAfter(task(3, null), 3)).isTrue();
        assertThat(policy.retriesAfter(task(0, null), 1)).as("sg:retries 0 overrides the engine's 1").isFalse();
        assertThat(new AttemptPolicy(null, 0, Duration.ZERO, Duration.ZERO, null).timeLimit(task(null, null))).isNull();
    }

    @Test
    void aDryRunScalesEveryWaitLikeTheEstimates() {
        AttemptPolicy policy = new AttemptPolicy(null, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.001);
        assertThat(policy.backoffNanos(1)).isEqualTo(1_000_000L);
        assertThat(policy.timeLimitNanos(Duration.ofHours(1))).isEqualTo(3_600_000_000L);
        assertThat(policy.timeLimitNanos(Duration.ofNanos(1))).as("a limit never falls at the start itself").isEqualTo(1);
        assertThat(policy.timedOut(Duration.ofHours(1), task(null, null), false)).endsWith("(scaled by 0.001)");
        assertThat(policy.timedOut(Duration.ofHours(1), task(null, null), true)).startsWith("gave no result within ")
                .contains("(estimated ").doesNotContain("scaled");
        assertThat(new AttemptPolicy(null, 0, Duration.ZERO, Duration.ZERO, null).timedOut(Duration.ofHours(1), task(null, null), false))
                .doesNotContain("(");
    }
}
