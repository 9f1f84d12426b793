package io.specgraph.run;

import static io.specgraph.run.RunSpecs.gate;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs simulated on the virtual clock ({@link Engine.Builder#simulateInVirtualTime()}): exact timelines in
 * spec time, worked out by hand on small specs, timeouts, retries and gates on the virtual clock,
 * determinism and speed on a real example, and the two {@link TaskOrder}s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineVirtualTimeTest {
    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    /**
     * Two workers, one phase: remaining paths a 55 (a, c, e), c 45, e 30, b 25 (b, d), d 5 minutes.
     */
    private static final String FIVE_TASKS = """
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent ; sg:concurrency 4 .
            :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
            :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT20M"^^xsd:duration .
            :c a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT15M"^^xsd:duration ;
               sg:dependsOn :a .
            :d a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT5M"^^xsd:duration ;
               sg:dependsOn :a , :b .
            :e a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration ;
               sg:dependsOn :c .
            """;

    private static Engine.Builder virtual(int workers) {
        return Engine.builder().workers(workers).simulateInVirtualTime().clock(Clock.fixed(START, ZoneOffset.UTC));
    }

    private static Duration min(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    /** Each task's attempts as (task, attempt, state, start, end), in plan order. */
    private static List<String> timeline(RunResult r) {
        List<String> out = new ArrayList<>();
        for (TaskRun t : r.tasks()) {
            if (t.attempts().isEmpty()) {
                out.add(EngineInvariantTest.local(t.iri()) + " " + t.state());
            }
            for (Attempt a : t.attempts()) {
                out.add(EngineInvariantTest.local(t.iri()) + " #" + a.number() + " " + a.state() + " [" + a.start() + ", " + a.end() + ")");
            }
        }
        r.gates().forEach(g -> out.add(EngineInvariantTest.local(g.iri()) + " " + g.state() + " at " + g.evaluatedAt().orElse(null)));
        return out;
    }

    private static void assertAttempts(RunResult r, String task, Object... stateStartEnd) {
        List<org.assertj.core.groups.Tuple> expected = new ArrayList<>();
        for (int i = 0; i < stateStartEnd.length; i += 3) {
            expected.add(tuple(stateStartEnd[i], stateStartEnd[i + 1], stateStartEnd[i + 2]));
        }
        assertThat(task(r, task).attempts()).as(task + " in%n%s", String.join("\n", timeline(r)))
                .extracting(Attempt::state, Attempt::start, Attempt::end).containsExactlyElementsOf(expected);
    }

    // ------------------------------------------------------------------ exact timelines

    @Test
    void eachTaskTakesExactlyItsEstimateAndTheClockJumpsFromOneCompletionToTheNext() {
        RunResult r = virtual(2).build().run(plan(FIVE_TASKS));

        // 0: a and b start (longest remaining paths); 10: a ends, c starts; 20: b ends, d starts;
        // 25: c and d end, e starts; 55: e ends
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertAttempts(r, "a", TaskState.SUCCEEDED, min(0), min(10));
        assertAttempts(r, "b", TaskState.SUCCEEDED, min(0), min(20));
        assertAttempts(r, "c", TaskState.SUCCEEDED, min(10), min(25));
        assertAttempts(r, "d", TaskState.SUCCEEDED, min(20), min(25));
        assertAttempts(r, "e", TaskState.SUCCEEDED, min(25), min(55));
        assertThat(r.wallTime()).isEqualTo(min(55));
        assertThat(r.timeScale()).hasValue(1.0);
        assertThat(r.simulatedMakespan()).hasValue(min(55));
        assertThat(r.totalTaskTime()).isEqualTo(min(80));
        // the timestamps are the start instant plus virtual offsets
        assertThat(r.startedAt()).isEqualTo(START);
        assertThat(task(r, "e").attempts().get(0).startedAt()).isEqualTo(START.plus(min(25)));
        assertThat(task(r, "e").attempts().get(0).endedAt()).isEqualTo(START.plus(min(55)));
        // the engine's policy is the one the plan estimates with
        assertThat(r.wallTime()).isEqualTo(r.plan().estimatedMakespan(2));
    }

    @Test
    void oneWorkerRunsTheLongestRemainingPathFirstAndTakesTheTotalWork() {
        RunResult r = virtual(1).build().run(plan(FIVE_TASKS));

        // a (55), then c (45) over b (25), then e (30) over b, then b, then d
        assertAttempts(r, "a", TaskState.SUCCEEDED, min(0), min(10));
        assertAttempts(r, "c", TaskState.SUCCEEDED, min(10), min(25));
        assertAttempts(r, "e", TaskState.SUCCEEDED, min(25), min(55));
        assertAttempts(r, "b", TaskState.SUCCEEDED, min(55), min(75));
        assertAttempts(r, "d", TaskState.SUCCEEDED, min(75), min(80));
        assertThat(r.wallTime()).isEqualTo(min(80)).isEqualTo(r.plan().totalWork());
    }

    @Test
    void eventsFireInOrderAtTheirVirtualOffsets() {
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunResult r = virtual(2).listener(events::add).build().run(plan(FIVE_TASKS));

        assertThat(events.get(0)).isInstanceOf(RunEvent.RunStarted.class)
                .satisfies(e -> assertThat(((RunEvent.RunStarted) e).simulated()).isTrue());
        assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(events.get(events.size() - 1).at()).isEqualTo(min(55));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).at()).as("event %d, %s", i, events.get(i)).isGreaterThanOrEqualTo(events.get(i - 1).at());
        }
        assertThat(events).filteredOn(RunEvent.TaskStarted.class::isInstance).map(RunEvent.TaskStarted.class::cast)
                .extracting(e -> EngineInvariantTest.local(e.task().iri()), RunEvent::at)
                .containsExactly(tuple("a", min(0)), tuple("b", min(0)), tuple("c", min(10)), tuple("d", min(20)),
                        tuple("e", min(25)));
        assertThat(events).filteredOn(RunEvent.TaskFinished.class::isInstance).map(RunEvent.TaskFinished.class::cast)
                .extracting(e -> EngineInvariantTest.local(e.task().iri()), RunEvent::at)
                .containsExactly(tuple("a", min(10)), tuple("b", min(20)), tuple("c", min(25)), tuple("d", min(25)),
                        tuple("e", min(55)));
        assertThat(r.succeeded()).isTrue();
    }

    // ------------------------------------------------------------------ timeouts, retries, fail-fast

    @Test
    void aTaskEstimatedPastItsTimeoutTimesOutOnTheVirtualClockAndRetriesAfterItsBackoff() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :slow a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT2H"^^xsd:duration ;
                   sg:timeout "PT1H"^^xsd:duration ; sg:retries 1 .
                :exact a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration ;
                   sg:timeout "PT30M"^^xsd:duration .
                :after a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration ;
                   sg:dependsOn :exact .
                """;
        Duration backoff = Duration.ofSeconds(20);
        RunResult r = virtual(2).failurePolicy(FailurePolicy.KEEP_GOING).backoff(backoff).build().run(plan(spec));

        // slow times out after 1 h, waits 20 s, times out again; a task estimated at exactly its timeout succeeds
        assertAttempts(r, "slow", TaskState.TIMED_OUT, min(0), min(60), TaskState.TIMED_OUT, min(60).plus(backoff),
                min(120).plus(backoff));
        assertAttempts(r, "exact", TaskState.SUCCEEDED, min(0), min(30));
        assertAttempts(r, "after", TaskState.SUCCEEDED, min(30), min(40));
        assertThat(task(r, "slow").state()).isEqualTo(TaskState.TIMED_OUT);
        assertThat(task(r, "slow").reason()).isEqualTo("gave no result within 1 h (estimated 2 h)");
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(r.wallTime()).isEqualTo(min(120).plus(backoff));
    }

    @Test
    void failFastCancelsWhatRunsAtTheInstantOfTheFailure() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :hangs a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT2H"^^xsd:duration ;
                   sg:timeout "PT1H"^^xsd:duration .
                :long a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT3H"^^xsd:duration .
                :later a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        RunResult r = virtual(2).build().run(plan(spec));

        assertAttempts(r, "hangs", TaskState.TIMED_OUT, min(0), min(60));
        assertAttempts(r, "long", TaskState.CANCELLED, min(0), min(60));
        assertThat(task(r, "later").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(task(r, "long").reason()).isEqualTo("cancelled: fail-fast after hangs timed out");
        assertThat(r.wallTime()).isEqualTo(min(60));
    }

    // ------------------------------------------------------------------ gates

    /** Phase 1 (build 1 h, check 30 min) closed by a gate with a predicate; ship (1 h) in phase 2; undo compensates build. */
    private static final String GATED = """
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :dev a sg:Agent ; sg:concurrency 4 .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
               sg:compensatedBy :undo .
            :check a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration .
            :undo a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT15M"^^xsd:duration .
            :ship a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
            :g1 a sg:Gate ; sg:closes :p1 ; sg:condition [ sg:predicate "ok" ] .
            """;

    @Test
    void aGateThatFailsBlocksWhatFollowsAndStartsCompensationAtItsInstant() {
        RunResult r = virtual(2).predicate("ok", ctx -> false).build().run(plan(GATED));

        assertThat(gate(r, "g1").state()).isEqualTo(GateState.FAILED);
        assertThat(gate(r, "g1").evaluatedAt()).hasValue(min(60));
        assertThat(task(r, "ship").state()).isEqualTo(TaskState.SKIPPED);
        assertAttempts(r, "undo", TaskState.SUCCEEDED, min(60), min(75));
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(r.wallTime()).isEqualTo(min(75));
    }

    @Test
    void gateConditionsTakeNoVirtualTimeHoweverLongTheyTakeForReal() {
        RunResult r = virtual(2).predicate("ok", ctx -> {
            Thread.sleep(150);
            return true;
        }).build().run(plan(GATED));

        assertThat(gate(r, "g1").state()).isEqualTo(GateState.PASSED);
        assertThat(gate(r, "g1").evaluatedAt()).hasValue(min(60));
        assertAttempts(r, "ship", TaskState.SUCCEEDED, min(60), min(120));
        assertThat(task(r, "undo").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(r.wallTime()).isEqualTo(min(120));
    }

    @Test
    void aGateWhoseConditionsDoNotAnswerWithinTheGateTimeoutInRealTimeFailsAtItsInstant() {
        long before = System.nanoTime();
        RunResult r = virtual(2).gateTimeout(Duration.ofMillis(200)).predicate("ok", ctx -> {
            Thread.sleep(30_000); // interrupted when the gate times out
            return true;
        }).build().run(plan(GATED));

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(15));
        assertThat(gate(r, "g1").state()).isEqualTo(GateState.FAILED);
        assertThat(gate(r, "g1").reason()).isEqualTo("its conditions gave no answer within 200 ms");
        assertThat(gate(r, "g1").evaluatedAt()).hasValue(min(60));
        assertAttempts(r, "undo", TaskState.SUCCEEDED, min(60), min(75));
    }

    @Test
    void aDryRunInVirtualTimeAssumesWhatItCannotCheck() {
        RunResult r = virtual(2).build().run(plan(GATED));

        assertThat(gate(r, "g1").state()).isEqualTo(GateState.PASSED);
        assertThat(gate(r, "g1").conditions()).extracting(ConditionOutcome::status)
                .containsExactly(ConditionOutcome.Status.PASSED, ConditionOutcome.Status.ASSUMED);
        assertThat(r.wallTime()).isEqualTo(min(120));
    }

    // ------------------------------------------------------------------ a real example

    @Test
    void buildOptimizationIsDeterministicAtLeastTheLowerBoundAndTakesMilliseconds() {
        Plan plan = Specgraph.load(Path.of("..", "specs", "build-optimization")).plan();
        long before = System.nanoTime();
        RunResult first = virtual(4).build().run(plan);
        Duration real = Duration.ofNanos(System.nanoTime() - before);
        RunResult second = virtual(4).build().run(plan);

        assertThat(first.outcome()).as(String.join("\n", timeline(first))).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(first.wallTime()).isGreaterThanOrEqualTo(plan.lowerBound(4)).isEqualTo(plan.estimatedMakespan(4));
        assertThat(first.simulatedMakespan()).hasValue(first.wallTime());
        assertThat(timeline(second)).isEqualTo(timeline(first));
        assertThat(second.wallTime()).isEqualTo(first.wallTime());
        // tens of hours of spec time: a few seconds at most even on a loaded machine (it takes milliseconds)
        assertThat(first.wallTime()).isGreaterThan(Duration.ofHours(10));
        assertThat(real).isLessThan(Duration.ofSeconds(5));
    }

    /**
     * {@link Plan#estimatedMakespan} simulates the engine's policy with the engine's own admission policy
     * ({@link io.specgraph.internal.Admission}: phase, agent and resource limits, one class for both); on the virtual
     * clock the engine itself must come to the same makespan, on every example and worker count, when
     * everything succeeds.
     */
    @ParameterizedTest
    @CsvSource({"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void theVirtualMakespanIsThePlansEstimateForEveryWorkerCount(String example) {
        Plan plan = Specgraph.load(Path.of("..", "specs", example)).plan();
        for (int w = 1; w <= 8; w++) {
            RunResult r = virtual(w).build().run(plan);
            assertThat(r.outcome()).as("%s, %d workers", example, w).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(r.wallTime()).as("%s, %d workers:%n%s", example, w, String.join("\n", timeline(r)))
                    .isEqualTo(plan.estimatedMakespan(w)).isGreaterThanOrEqualTo(plan.lowerBound(w));
        }
    }

    // ------------------------------------------------------------------ task order

    /** Three short independent tasks declared before a long chain. */
    private static final String SHORT_BEFORE_LONG = """
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent ; sg:concurrency 4 .
            :a1 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
            :a2 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
            :a3 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
            :z1 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration .
            :z2 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration ;
               sg:dependsOn :z1 .
            """;

    @Test
    void criticalPathStartsTheLongChainFirstAndFifoInTheOrderTasksBecameReady() {
        Plan plan = plan(SHORT_BEFORE_LONG);
        RunResult critical = virtual(2).order(TaskOrder.CRITICAL_PATH).build().run(plan);
        RunResult fifo = virtual(2).order(TaskOrder.FIFO).build().run(plan);

        // critical path: z1 with a1, then a2, a3 beside z1; z2 after z1 at 30: 60 min, the lower bound
        assertAttempts(critical, "z1", TaskState.SUCCEEDED, min(0), min(30));
        assertAttempts(critical, "a1", TaskState.SUCCEEDED, min(0), min(10));
        assertAttempts(critical, "a2", TaskState.SUCCEEDED, min(10), min(20));
        assertAttempts(critical, "a3", TaskState.SUCCEEDED, min(20), min(30));
        assertAttempts(critical, "z2", TaskState.SUCCEEDED, min(30), min(60));
        assertThat(critical.wallTime()).isEqualTo(min(60)).isEqualTo(plan.lowerBound(2));
        // FIFO: a1 and a2, then a3 and z1 at 10, z2 after z1 at 40: 70 min
        assertAttempts(fifo, "a1", TaskState.SUCCEEDED, min(0), min(10));
        assertAttempts(fifo, "a2", TaskState.SUCCEEDED, min(0), min(10));
        assertAttempts(fifo, "a3", TaskState.SUCCEEDED, min(10), min(20));
        assertAttempts(fifo, "z1", TaskState.SUCCEEDED, min(10), min(40));
        assertAttempts(fifo, "z2", TaskState.SUCCEEDED, min(40), min(70));
        assertThat(fifo.wallTime()).isEqualTo(min(70));
        // the default is the critical path
        assertThat(timeline(virtual(2).build().run(plan))).isEqualTo(timeline(critical));
    }

    @Test
    void fifoKeepsThePlaceOfATaskThatWaitedForItsAgent() {
        // x and y share agent A (one at a time); k became ready after y but has no limit to wait for
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :A a sg:Agent .
                :B a sg:Agent .
                :C a sg:Agent .
                :x a sg:Task ; sg:agent :A ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration .
                :y a sg:Task ; sg:agent :A ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
                :z a sg:Task ; sg:agent :B ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT40M"^^xsd:duration .
                :k a sg:Task ; sg:agent :C ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
                """;
        RunResult r = virtual(2).order(TaskOrder.FIFO).build().run(plan(spec));

        // 0: x starts, y waits for A, z starts, k waits for a worker; 30: x ends and y, ready before k, goes first
        assertAttempts(r, "x", TaskState.SUCCEEDED, min(0), min(30));
        assertAttempts(r, "z", TaskState.SUCCEEDED, min(0), min(40));
        assertAttempts(r, "y", TaskState.SUCCEEDED, min(30), min(40));
        assertAttempts(r, "k", TaskState.SUCCEEDED, min(40), min(50));
    }

    @Test
    void fifoStillRunsCompensationFirst() {
        // one worker; "other" became ready at 0, long before the gate fails and queues "undo"
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                   sg:compensatedBy :undo .
                :other a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration .
                :undo a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT15M"^^xsd:duration .
                :built a sg:Gate ; sg:requires :build ; sg:condition [ sg:predicate "ok" ] .
                :ship a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration ;
                   sg:dependsOn :built .
                """;
        RunResult r = virtual(1).order(TaskOrder.FIFO).failurePolicy(FailurePolicy.KEEP_GOING)
                .predicate("ok", ctx -> false).build().run(plan(spec));

        // build 0–60, the gate fails at 60, undo 60–75 ahead of other, which has waited since 0: other 75–105
        assertThat(gate(r, "built").evaluatedAt()).hasValue(min(60));
        assertAttempts(r, "build", TaskState.SUCCEEDED, min(0), min(60));
        assertAttempts(r, "undo", TaskState.SUCCEEDED, min(60), min(75));
        assertAttempts(r, "other", TaskState.SUCCEEDED, min(75), min(105));
        assertThat(task(r, "ship").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(r.wallTime()).isEqualTo(min(105));
    }

    @Test
    void theBuilderRefusesANullOrderAndALaterSimulateReplacesVirtualTime() {
        org.assertj.core.api.Assertions.assertThatNullPointerException().isThrownBy(() -> Engine.builder().order(null))
                .withMessage("order");
        long before = System.nanoTime();
        RunResult r = Engine.builder().workers(2).simulateInVirtualTime().simulate(0.00001).build().run(plan(FIVE_TASKS));
        // at scale 0.00001, 55 min take 33 ms of real time, and the wall time is real
        assertThat(r.timeScale()).hasValue(0.00001);
        assertThat(r.wallTime()).isLessThan(min(1));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }
}
