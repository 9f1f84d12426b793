package io.specgraph.run;

import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.internal.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.run.CoreDecision.ArmTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attempts on their own: what starts on the free workers, a failure retried after its backoff, an interruption. */
class AttemptsTest {
    private static final Plan PLAN = plan("""
            :p a sg:Phase ; sg:order 1 .
            :dev a sg:Agent ; sg:concurrency 4 .
            :a a sg:Task ; sg:agent :dev ; sg:phase :p ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :b a sg:Task ; sg:agent :dev ; sg:phase :p ; sg:handler "h" ; sg:estimatedDuration "PT2M"^^xsd:duration .
            :c a sg:Task ; sg:agent :dev ; sg:phase :p ; sg:handler "h" ; sg:estimatedDuration "PT3M"^^xsd:duration .
            """);
    private static final long S = 1_000_000_000L;

    private final RunNodes nodes = RunNodes.of(PLAN);
    private final Decisions out = new Decisions();
    private final ReadyQueue ready = new ReadyQueue(TaskOrder.FIFO, v -> 0, nodes.n, nodes.total);
    private final NodeStates states = new NodeStates(nodes.total);
    private final List<String> flow = new ArrayList<>();

    private int node(String local) {
        return nodes.indexOf.get(iri(local));
    }

    private Attempts attempts(Engine engine) {
        out.origin(0, Instant.EPOCH);
        Admission admission = new Admission(nodes.admission);
        return new Attempts(engine, nodes, out, ready, admission, new Contentions(PLAN, admission, nodes.task), states,
                new Attempts.Flow() {
                    @Override
                    public void finishTask(int v, TaskState as, String why) {
                        flow.add(nodes.label(v) + " " + as + " (" + why + ")");
                    }

                    @Override
                    public void failed(int v) {
                        flow.add("the run failed at " + nodes.label(v));
                    }

                    @Override
                    public boolean mayRetry(int v) {
                        return true;
                    }

                    @Override
                    public String successReason(int v) {
                        return "";
                    }
                });
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsBackoffAnInterruptedOneStartsAgainAndTheLastFailureEndsTheTask() {
        Engine engine = Engine.builder().workers(2).retries(1).backoff(Duration.ofSeconds(1)).simulateInVirtualTime().build();
        Attempts attempts = attempts(engine);
        int a = node("a");
        int b = node("b");
        int c = node("c");
        ready.becameReady(a);
        ready.becameReady(b);
        ready.becameReady(c);
        List<Integer> started = new ArrayList<>();

        attempts.startReady(0, started::add);
        assertThat(started).as("two workers, in the order they became ready").containsExactly(a, b);
        assertThat(out.take()).contains(new CoreDecision.StartAttempt(a, 1), new CoreDecision.StartAttempt(b, 1),
                new ArmTimer(60 * S, ArmTimer.Kind.SIMULATED_DONE, a, 1), new ArmTimer(120 * S, ArmTimer.Kind.SIMULATED_DONE, b, 1));

        attempts.ended(a, 1, null, new IllegalStateException("disk full"), 60 * S);
        assertThat(flow).as("it will be retried: not ended").isEmpty();
        assertThat(attempts.anyRetrying()).isTrue();
        assertThat(out.take()).contains(new ArmTimer(61 * S, ArmTimer.Kind.RETRY, a, 1));
        attempts.startReady(60 * S, started::add);
        assertThat(started).as("the worker a freed").containsExactly(a, b, c);

        attempts.timerFired(new ArmTimer(61 * S, ArmTimer.Kind.RETRY, a, 1), 61 * S);
        assertThat(attempts.anyRetrying()).isFalse();
        attempts.startReady(61 * S, started::add);
        assertThat(started).as("both workers busy").hasSize(3);

        attempts.interrupted(b, 1, 70 * S);
        assertThat(states.attempts(b)).extracting(Attempt::state).containsExactly(TaskState.INTERRUPTED);
        attempts.startReady(70 * S, started::add);
        assertThat(started).as("a was back in line before b").containsExactly(a, b, c, a);
        assertThat(attempts.runningAttempt(a)).isEqualTo(2);

        attempts.ended(a, 2, null, new IllegalStateException("disk still full"), 80 * S);
        assertThat(flow).containsExactly("a FAILED (IllegalStateException: disk still full)", "the run failed at a");
        assertThat(states.attempts(a)).extracting(Attempt::state).containsExactly(TaskState.FAILED, TaskState.FAILED);
        assertThat(states.attempts(a).get(1).start()).isEqualTo(Duration.ofSeconds(70));
        assertThat(attempts.runningCount()).as("c").isEqualTo(1);
    }

    @Test
    void stoppingEndsTheWaitsToRetryInNodeOrder() {
        Engine engine = Engine.builder().workers(3).retries(2).simulateInVirtualTime().build();
        Attempts attempts = attempts(engine);
        for (String local : List.of("c", "a")) {
            ready.becameReady(node(local));
        }
        attempts.startReady(0, v -> { });
        attempts.ended(node("c"), 1, null, new IllegalStateException("x"), S);
        attempts.ended(node("a"), 1, null, new IllegalStateException("y"), S);
        attempts.stopRetrying(nodes.total, TaskState.CANCELLED, "cancelled while the task waited to retry");
        assertThat(flow).containsExactly("a CANCELLED (cancelled while the task waited to retry)",
                "c CANCELLED (cancelled while the task waited to retry)");
        assertThat(attempts.anyRetrying()).isFalse();
    }
}
