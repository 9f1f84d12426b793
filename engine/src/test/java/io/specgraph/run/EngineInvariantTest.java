package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanEdge;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Invariants of the engine over random runs, checked only from what a run records: every task's attempts
 * with their start and end offsets, every gate's state and evaluation time, and the run's outcome.
 *
 * <p>Each seed gives a closed, strictly phased spec (as in {@code RandomPlansTest}: Turtle loaded with
 * {@link Specgraph#load}), with 2–4 phases closed by gates, 2–4 agents, 5–25 tasks, dependencies within the
 * same or an earlier phase, shared resources, retries and compensation tasks, together with a plan of how
 * each handler behaves, decided before the run: succeed, throw on the first attempt or on every attempt,
 * hang past a short timeout on the first attempt or on every one, and whether each gate's predicate holds.
 * The same spec then runs under {@link FailurePolicy#FAIL_FAST} and {@link FailurePolicy#KEEP_GOING}: 150
 * seeds, 300 runs. Every third seed (by its value) also runs both ways
 * {@linkplain Engine.Builder#simulateInVirtualTime() in virtual time}, 100 runs more: there no handler runs,
 * so every task succeeds unless it hangs (its estimate, minutes, exceeds its 150 ms timeout on every
 * attempt), and the same invariants must hold on the virtual clock, in {@link TaskOrder#FIFO} order for
 * odd seeds; a second run must give the same timeline. The invariants are numbered in every violation:
 *
 * <ol>
 *   <li>every task and gate ends in one terminal state, and the attempts agree with it: numbered 1..k, at
 *       most retries + 1, only failures retried (after the backoff), each attempt's state what its handler
 *       was planned to do on that attempt (or cancelled by fail-fast);</li>
 *   <li>nothing starts before what it depends on succeeded and ended (tasks, gate requirements), and a
 *       gate is evaluated only after everything it waits for ended;</li>
 *   <li>with strict phases, no task of a phase starts before the gate closing the previous phase passed and
 *       every task of the earlier phases succeeded;</li>
 *   <li>at no instant more attempts hold a slot than the workers, a phase's {@code sg:maxParallel}, an
 *       agent's {@code sg:concurrency}, or one writer per resource allow;</li>
 *   <li>a skipped task says why; keep-going runs exactly what is not downstream of a failure (each task's
 *       and gate's final state follows from the handler plan); fail-fast starts nothing, retries included,
 *       after the first failure, and with no failure planned runs like keep-going;</li>
 *   <li>compensation runs exactly for the succeeded work before a gate that did not pass, after that gate,
 *       one task at a time, in reverse completion order of the work it compensates;</li>
 *   <li>the run succeeded iff every scheduled task succeeded and every gate passed;</li>
 *   <li>the run ends by itself, without stalls: no stretch of seconds in which nothing runs and nothing is
 *       recorded (a run still going after a few seconds is cancelled and reported).</li>
 * </ol>
 *
 * <p>Two small deterministic tests at the end reproduce, on minimal specs, what the random runs found.
 *
 * <p>Reproduce one seed with {@code -Dspecgraph.invariants.seed=<seed>}; add
 * {@code -Dspecgraph.invariants.print=true} to print every run's timeline.
 */
class EngineInvariantTest {
    private static final long BASE_SEED = 20_260_301L;
    private static final int SPECS = 150;
    /**
     * The short timeout of the scenarios where handlers hang. Every attempt of such a scenario has it, those
     * that return at once too, so it must outlast what a loaded CI machine takes to schedule a virtual thread and
     * pass its end to the engine: at 30 ms, such an attempt now and then timed out and broke invariant 1.
     */
    private static final Duration HANG_TIMEOUT = Duration.ofMillis(150);
    private static final long HANG_MILLIS = 2_000;
    private static final Duration BACKOFF = Duration.ofMillis(1);
    private static final Duration CANCEL_GRACE = Duration.ofMillis(50);
    /**
     * A run here takes well under a second (a few hanging attempts in a row, a second or two); one still going
     * after this is stuck, and is cancelled. Far below the 30 s of the stale timers this caught.
     */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(10);
    /**
     * Longer than this with no attempt running and nothing recorded is a stall (retries back off for a few ms);
     * with room for a loaded machine's pauses.
     */
    private static final Duration STALL = Duration.ofSeconds(2);
    private static final String PREFIXES = """
            @prefix :    <https://example.org/inv#> .
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            """;
    private static final String NS = "https://example.org/inv#";

    @TestFactory
    Stream<DynamicNode> invariantsHoldOnRandomRuns() {
        String only = System.getProperty("specgraph.invariants.seed");
        LongStream seeds = only != null && !only.isBlank() ? LongStream.of(Long.parseLong(only.trim()))
                : LongStream.range(0, SPECS).map(i -> BASE_SEED + i);
        Map<String, Integer> exercised = new TreeMap<>();
        Stream<DynamicNode> runs = seeds.mapToObj(seed -> {
            Plan[] plan = new Plan[1]; // loaded by the first run of the seed, reused by the others
            Scenario real = Scenario.random(seed);
            Stream<Scenario> scenarios = seed % 3 == 0 ? Stream.of(real, real.inVirtualTime()) : Stream.of(real);
            return DynamicContainer.dynamicContainer("seed " + seed, scenarios.flatMap(s -> Stream.of(FailurePolicy.FAIL_FAST, FailurePolicy.KEEP_GOING)
                    .map(policy -> DynamicTest.dynamicTest(policy.name() + (s.virtual ? " in virtual time" : ""), () -> {
                        if (plan[0] == null) {
                            plan[0] = s.plan();
                        }
                        // half the runs have a listener: the core makes events only when someone listens, and the
                        // replay below must hold either way
                        List<RunEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
                        boolean listened = seed % 2 == 0;
                        RunResult result = runGuarded(s.engine(policy, listened ? heard::add : null), plan[0]);
                        if (listened) {
                            assertHeardEveryAttempt(result, heard);
                        }
                        if (Boolean.getBoolean("specgraph.invariants.print")) {
                            System.out.printf("seed %d, %s%s, %d workers%n%s%n%s%n", seed, policy, s.virtual ? " in virtual time" : "",
                                    s.workers, s.describe(), timeline(result));
                        }
                        Checker checker = new Checker(s, policy, result);
                        List<String> violations = checker.check();
                        checker.exercised.forEach(what -> exercised.merge(what, 1, Integer::sum));
                        assertNoViolations(s, policy, result, violations);
                        if (s.virtual) {
                            // on the virtual clock the same plan and settings give the same timeline, to the nanosecond
                            assertThat(timeline(runGuarded(s.engine(policy), plan[0]))).as("a second run in virtual time")
                                    .isEqualTo(timeline(result));
                        }
                    }))));
        });
        if (only != null && !only.isBlank()) {
            return runs;
        }
        // the runs are random: make sure they keep reaching what the invariants are about
        return Stream.concat(runs, Stream.of(DynamicTest.dynamicTest("the runs reached every case the invariants cover",
                () -> assertThat(exercised).as("how many runs reached each case").containsKeys(Checker.CASES.toArray(String[]::new)))));
    }

    /** The checker on a run it must accept, then on copies of it broken one invariant at a time. */
    @Test
    void theCheckerReportsEachBrokenInvariant() throws Exception {
        Scenario s = Scenario.fixed();
        Plan plan = s.plan();
        RunResult run = runGuarded(s.engine(FailurePolicy.KEEP_GOING), plan);
        assertNoViolations(s, FailurePolicy.KEEP_GOING, run);
        assertNoViolations(s, FailurePolicy.FAIL_FAST, runGuarded(s.engine(FailurePolicy.FAIL_FAST), plan));

        TaskRun t0 = run.task(NS + "t0").orElseThrow();
        TaskRun t2 = run.task(NS + "t2").orElseThrow();
        Duration g1 = run.gate(NS + "g1").orElseThrow().evaluatedAt().orElseThrow();

        // 1: a task that ran, reported as skipped
        assertViolation(s, tamper(run, NS + "t2", t -> new TaskRun(t.task(), TaskState.SKIPPED, "x", t.attempts(), false)), "[1]");
        // 2: t1 starts together with t0, which it depends on (and shares an agent and a resource with)
        assertViolation(s, tamper(run, NS + "t1", t -> moved(t, t0.attempts().get(0).start(), t0.attempts().get(0).end())), "[2]");
        assertViolation(s, tamper(run, NS + "t1", t -> moved(t, t0.attempts().get(0).start(), t0.attempts().get(0).end())), "[4]");
        // 3: t3 starts before the gate closing phase 1 was evaluated
        assertViolation(s, tamper(run, NS + "t3", t -> moved(t, g1.minusNanos(2), g1.minusNanos(1))), "[3]");
        // 4: t3 overlaps t2 in phase 2, whose sg:maxParallel is 1
        assertViolation(s, tamper(run, NS + "t3", t -> moved(t, t2.attempts().get(0).start(), t2.attempts().get(0).end())), "[4]");
        // 5: keep-going skipped a task downstream of nothing that failed
        assertViolation(s, tamper(run, NS + "t3", t -> new TaskRun(t.task(), TaskState.SKIPPED, "", List.of(), false)), "[5]");
        // 6: compensation ran although every gate passed
        assertViolation(s, tamper(run, NS + "c0", t -> new TaskRun(t.task(), TaskState.SUCCEEDED, "",
                List.of(new Attempt(1, TaskState.SUCCEEDED, run.wallTime(), run.wallTime().plusNanos(1),
                        run.startedAt(), run.startedAt(), "")), true)), "[6]");
        // 7: a run where everything succeeded, reported as failed
        assertThat(check(s, FailurePolicy.KEEP_GOING, copy(run, run.tasks(), run.gates(), RunResult.Outcome.FAILED)))
                .anyMatch(v -> v.startsWith("[7]"));
        // 8: the run ended seconds after its last task and gate
        RunResult late = new RunResult(run.plan(), run.runIri(), run.outcome(), run.tasks(), run.gates(), run.slos(),
                run.contentions(), run.startedAt(), run.wallTime().plus(STALL.multipliedBy(2)), run.workers(), run.timeScale(),
                run.store(), run.record(), java.util.Map.of());
        assertThat(check(s, FailurePolicy.KEEP_GOING, late)).anyMatch(v -> v.startsWith("[8]"));
    }

    // ------------------------------------------------------------------ minimal reproductions

    /**
     * Fail-fast while a task waits for a worker and another task depends on it: the waiting task is skipped,
     * and what depends on it must then be resolved too, so that the run ends. Found by the random runs
     * (e.g. seed 20260311, fail-fast), where the run sat idle until a stale 30 s timeout timer fired.
     */
    @Test
    void failFastEndsWhenASkippedTaskThatWaitedForAWorkerHasDependents() throws Exception {
        Plan plan = Specgraph.load(l -> l.string("waiting.ttl", PREFIXES + """
                :p1 a sg:Phase ; rdfs:label "p1" ; sg:order 1 .
                :a0 a sg:Agent ; rdfs:label "a0" ; sg:concurrency 3 .
                :fails a sg:Task ; rdfs:label "fails" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                    sg:estimatedDuration "PT10M"^^xsd:duration .
                :waits a sg:Task ; rdfs:label "waits" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration .
                :after a sg:Task ; rdfs:label "after" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration ; sg:dependsOn :waits .
                """)).plan();
        Engine engine = Engine.builder().workers(1).failurePolicy(FailurePolicy.FAIL_FAST)
                .handler("h", ctx -> "done")
                .handlerForTask(NS + "fails", ctx -> {
                    throw new IllegalStateException("planned failure");
                })
                .build();

        RunResult result = runGuarded(engine, plan); // one worker: "fails" runs first (longest path), "waits" stays ready

        assertThat(result.outcome()).as("the run must end by itself (CANCELLED means it was stuck after %s):%n%s",
                RUN_LIMIT, timeline(result)).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(result.tasks()).as(timeline(result)).extracting(TaskRun::state)
                .containsExactly(TaskState.FAILED, TaskState.SKIPPED, TaskState.SKIPPED);
    }

    /**
     * Fail-fast while a task's retry is due but waits for a worker: the retry is called off, and the task
     * ends in its last attempt's state (as it does when fail-fast comes during the backoff), not SKIPPED
     * with attempts. Found by the random runs (e.g. seeds 20260395 and 20260412, fail-fast).
     */
    @Test
    void failFastEndsARetryWaitingForAWorkerInItsLastAttemptsState() throws Exception {
        Plan plan = Specgraph.load(l -> l.string("retry.ttl", PREFIXES + """
                :p1 a sg:Phase ; rdfs:label "p1" ; sg:order 1 .
                :a0 a sg:Agent ; rdfs:label "a0" ; sg:concurrency 2 .
                :flaky a sg:Task ; rdfs:label "flaky" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                    sg:estimatedDuration "PT10M"^^xsd:duration ; sg:retries 1 .
                :broken a sg:Task ; rdfs:label "broken" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                    sg:estimatedDuration "PT5M"^^xsd:duration .
                """)).plan();
        Engine engine = Engine.builder().workers(1).failurePolicy(FailurePolicy.FAIL_FAST).backoff(BACKOFF)
                .handlerForTask(NS + "flaky", ctx -> {
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException("planned failure on attempt 1");
                    }
                    return "done";
                })
                .handlerForTask(NS + "broken", ctx -> {
                    Thread.sleep(100); // "flaky"'s retry is due after 1 ms, and waits for this worker
                    throw new IllegalStateException("planned failure");
                })
                .build();

        RunResult result = runGuarded(engine, plan);

        TaskRun flaky = result.task(NS + "flaky").orElseThrow();
        assertThat(flaky.attempts()).as(timeline(result)).extracting(Attempt::state).containsExactly(TaskState.FAILED);
        assertThat(flaky.state()).as("a task with a failed attempt whose retry fail-fast called off:%n%s", timeline(result))
                .isEqualTo(TaskState.FAILED);
    }

    /** The replay check is not vacuous: a journal missing one input no longer replays. */
    @Test
    void theReplayCheckNoticesAJournalThatLostAnInput() throws Exception {
        Scenario s = Scenario.random(BASE_SEED + 3).inVirtualTime();
        Plan plan = s.plan();
        Engine engine = s.engine(FailurePolicy.KEEP_GOING);
        RunHandle handle = engine.startJournaled(plan);
        handle.await(RUN_LIMIT).orElseThrow();
        List<Scheduler.Step> journal = handle.scheduler().journal();
        int dispatch = 0;
        while (!(journal.get(dispatch).input() instanceof CoreInput.Dispatch) || journal.get(dispatch).decisions().isEmpty()) {
            dispatch++;
        }
        journal.remove(dispatch); // the first dispatch that started something

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertReplays(engine, plan, handle.scheduler()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("decisions of step");
    }

    // ------------------------------------------------------------------ assertions

    private static void assertNoViolations(Scenario s, FailurePolicy policy, RunResult result) {
        assertNoViolations(s, policy, result, check(s, policy, result));
    }

    private static void assertNoViolations(Scenario s, FailurePolicy policy, RunResult result, List<String> violations) {
        assertThat(violations)
                .as("seed %d, %s, %d workers: %d invariant(s) broken (reproduce with -Dspecgraph.invariants.seed=%d)%n"
                                + "%s%nTimeline:%n%s%nSpec:%n%s", s.seed, policy, s.workers, violations.size(), s.seed,
                        s.describe(), timeline(result), s.turtle)
                .isEmpty();
    }

    private static void assertViolation(Scenario s, RunResult tampered, String tag) {
        assertThat(check(s, FailurePolicy.KEEP_GOING, tampered)).as("tampered run, expected a violation %s", tag)
                .anyMatch(v -> v.startsWith(tag));
    }

    /** A listener heard each attempt start and each task finish once, as the result has them. */
    static void assertHeardEveryAttempt(RunResult result, List<RunEvent> heard) {
        for (TaskRun t : result.tasks()) {
            long started = heard.stream().filter(e -> e instanceof RunEvent.TaskStarted s && s.task().iri().equals(t.iri())).count();
            long finished = heard.stream().filter(e -> e instanceof RunEvent.TaskFinished f && f.task().iri().equals(t.iri()) && !f.willRetry())
                    .count();
            assertThat(started).as("TaskStarted events heard for %s", t.iri()).isEqualTo(t.attempts().size());
            assertThat(finished).as("final TaskFinished events heard for %s (%s)", t.iri(), t.state()).isEqualTo(1);
        }
    }

    /**
     * Runs the plan in the background and waits at most {@link #RUN_LIMIT}; a run still going then is
     * cancelled, so a stuck run fails the test (invariant 8) rather than hanging it.
     */
    static RunResult runGuarded(Engine engine, Plan plan) throws InterruptedException {
        RunHandle handle = engine.startJournaled(plan);
        Optional<RunResult> result = handle.await(RUN_LIMIT);
        if (result.isEmpty()) {
            handle.cancel();
            result = Optional.of(handle.await(Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("the run had not ended after " + RUN_LIMIT + " and did not end when cancelled")));
        }
        assertReplays(engine, plan, handle.scheduler());
        return result.get();
    }

    /**
     * The replay property: the inputs the run's core was given, written as journal entries and read back (as a
     * durable run's store keeps them), fed to a fresh core, give exactly the same decisions, step by step, and the
     * same final state.
     */
    static void assertReplays(Engine engine, Plan plan, Scheduler run) {
        RunCore fresh = new RunCore(engine, plan, run.runIri());
        java.util.Map<String, io.specgraph.plan.PlanMetric> metrics = new java.util.HashMap<>();
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        List<Scheduler.Step> journal = run.journal();
        for (int i = 0; i < journal.size(); i++) {
            Scheduler.Step step = journal.get(i);
            String entry = JournalEntries.encode(step.input());
            assertThat(entry).as("journal entry of step %d", i).doesNotContain("\n", "\r");
            CoreInput read = JournalEntries.decode(entry, metrics);
            assertThat(fresh.apply(read)).as("decisions of step %d of %d (%s, journaled as %s)", i, journal.size(), step.input(), entry)
                    .isEqualTo(step.decisions());
        }
        RunCore original = run.core();
        for (int v = 0; v < original.nodes.total; v++) {
            assertThat(fresh.states.state(v)).as("state of node %d after the replay", v).isEqualTo(original.states.state(v));
            assertThat(fresh.states.reason(v)).as("reason of node %d after the replay", v).isEqualTo(original.states.reason(v));
            assertThat(fresh.states.attempts(v)).as("attempts of node %d after the replay", v).isEqualTo(original.states.attempts(v));
            assertThat(fresh.states.gateOutcome(v)).as("outcome of node %d after the replay", v)
                    .isEqualTo(original.states.gateOutcome(v));
        }
        assertThat(fresh.measured).isEqualTo(original.measured);
        assertThat(fresh.contentions.list()).isEqualTo(original.contentions.list());
        assertThat(fresh.outcome()).isEqualTo(original.outcome());
        assertThat(fresh.finished()).isEqualTo(original.finished());
    }

    private static List<String> check(Scenario s, FailurePolicy policy, RunResult result) {
        return new Checker(s, policy, result).check();
    }

    private static RunResult tamper(RunResult r, String iri, UnaryOperator<TaskRun> change) {
        List<TaskRun> tasks = r.tasks().stream().map(t -> t.iri().equals(iri) ? change.apply(t) : t).toList();
        return copy(r, tasks, r.gates(), r.outcome());
    }

    private static RunResult copy(RunResult r, List<TaskRun> tasks, List<GateOutcome> gates, RunResult.Outcome outcome) {
        return new RunResult(r.plan(), r.runIri(), outcome, tasks, gates, r.slos(), r.contentions(), r.startedAt(),
                r.wallTime(), r.workers(), r.timeScale(), r.store(), r.record(), java.util.Map.of());
    }

    private static TaskRun moved(TaskRun t, Duration start, Duration end) {
        Attempt a = t.attempts().get(0);
        return new TaskRun(t.task(), t.state(), t.reason(),
                List.of(new Attempt(1, a.state(), start, end, a.startedAt(), a.endedAt(), a.reason())), t.compensation());
    }

    // ------------------------------------------------------------------ scenarios

    /** How a handler behaves, per attempt. */
    enum Behaviour {
        OK, FAIL_FIRST, FAIL_ALWAYS, HANG_FIRST, HANG_ALWAYS;

        boolean badOn(int attempt) {
            return this == FAIL_ALWAYS || this == HANG_ALWAYS || (attempt == 1 && (this == FAIL_FIRST || this == HANG_FIRST));
        }

        boolean hangs() {
            return this == HANG_FIRST || this == HANG_ALWAYS;
        }

        /** What attempt {@code k} ends in when nothing stops it. */
        TaskState on(int attempt) {
            return !badOn(attempt) ? TaskState.SUCCEEDED : hangs() ? TaskState.TIMED_OUT : TaskState.FAILED;
        }

        /** The attempts of a task that starts and is not stopped, with this many retries. */
        List<TaskState> attempts(int retries) {
            List<TaskState> out = new ArrayList<>();
            for (int k = 1; k <= retries + 1; k++) {
                out.add(on(k));
                if (!badOn(k)) {
                    break;
                }
            }
            return out;
        }
    }

    /**
     * A spec and everything decided before its runs: engine settings, each handler's behaviour and pause,
     * each gate's verdict, and the {@code sg:retries} written in the spec (absent when not written).
     */
    static final class Scenario {
        final long seed;
        final String turtle;
        final int workers;
        final int builderRetries;
        final Duration builderTimeout;
        final Map<String, Behaviour> behaviour = new HashMap<>();
        final Map<String, Integer> pause = new HashMap<>();
        final Map<String, Boolean> verdict = new HashMap<>();
        final Map<String, Integer> declaredRetries = new HashMap<>();
        /** Simulated in virtual time: no handler runs, and {@link #behaviour} is what the virtual clock makes of it. */
        final boolean virtual;

        private Scenario(long seed, String turtle, int workers, int builderRetries, Duration builderTimeout) {
            this(seed, turtle, workers, builderRetries, builderTimeout, false);
        }

        private Scenario(long seed, String turtle, int workers, int builderRetries, Duration builderTimeout, boolean virtual) {
            this.seed = seed;
            this.turtle = turtle;
            this.workers = workers;
            this.builderRetries = builderRetries;
            this.builderTimeout = builderTimeout;
            this.virtual = virtual;
        }

        static Scenario random(long seed) {
            Random rnd = new Random(seed);
            int phases = 2 + rnd.nextInt(3);
            int agents = 2 + rnd.nextInt(3);
            int n = 5 + rnd.nextInt(21);
            boolean clean = rnd.nextInt(10) < 3; // no failure planned: fail-fast must then run like keep-going
            double bad = clean ? 0 : 0.02 + 0.13 * rnd.nextDouble();
            double gateFails = clean ? 0 : 0.08;
            double depends = 0.04 + 0.26 * rnd.nextDouble();
            boolean builderHangs = rnd.nextBoolean(); // the short timeout comes from the builder, not sg:timeout
            int workers = 1 + rnd.nextInt(4);
            int builderRetries = rnd.nextInt(3) == 0 ? 1 : 0;
            // an hour: never reached by a handler that does not hang, nor by any estimate in virtual time
            Duration builderTimeout = builderHangs ? HANG_TIMEOUT : rnd.nextBoolean() ? null : Duration.ofHours(1);

            StringBuilder ttl = new StringBuilder(PREFIXES);
            for (int k = 1; k <= phases; k++) {
                ttl.append(":p").append(k).append(" a sg:Phase ; rdfs:label \"p").append(k).append("\" ; sg:order ").append(k);
                if (rnd.nextInt(5) < 2) {
                    ttl.append(" ; sg:maxParallel ").append(1 + rnd.nextInt(3));
                }
                ttl.append(" .\n");
            }
            for (int a = 0; a < agents; a++) {
                ttl.append(":a").append(a).append(" a sg:Agent ; rdfs:label \"a").append(a).append('"');
                if (rnd.nextInt(3) == 0) {
                    ttl.append(" ; sg:concurrency 2");
                }
                ttl.append(" .\n");
            }
            // phases in ascending order, each with at least one task, so dependencies never point to a later phase
            int[] count = new int[phases + 1];
            for (int k = 1; k <= phases; k++) {
                count[k] = 1;
            }
            for (int i = phases; i < n; i++) {
                count[1 + rnd.nextInt(phases)]++;
            }
            int[] phase = new int[n];
            for (int i = 0, k = 1; i < n; i++) {
                while (count[k] == 0) {
                    k++;
                }
                phase[i] = k;
                count[k]--;
            }
            int compensations = rnd.nextInt(4);
            int[] compensatedBy = new int[n];
            boolean[] compensating = new boolean[Math.max(1, compensations)];
            for (int i = 0; i < n; i++) {
                compensatedBy[i] = compensations > 0 && rnd.nextInt(10) < 3 ? rnd.nextInt(compensations) : -1;
                if (compensatedBy[i] >= 0) {
                    compensating[compensatedBy[i]] = true;
                }
            }
            Scenario s = new Scenario(seed, null, workers, builderRetries, builderTimeout);
            for (int i = 0; i < n; i++) {
                StringBuilder extra = new StringBuilder();
                for (int j = 0; j < i; j++) {
                    if (rnd.nextDouble() < depends) {
                        extra.append(" ; sg:dependsOn :t").append(j);
                    }
                }
                if (compensatedBy[i] >= 0) {
                    extra.append(" ; sg:compensatedBy :c").append(compensatedBy[i]);
                }
                s.task(ttl, rnd, "t" + i, i < agents ? i : rnd.nextInt(agents), phase[i], bad, builderHangs, extra.toString());
            }
            for (int c = 0; c < compensations; c++) {
                if (compensating[c]) { // a task nobody is compensated by would be an ordinary scheduled task
                    s.task(ttl, rnd, "c" + c, rnd.nextInt(agents), 1 + rnd.nextInt(phases), bad / 2, builderHangs, "");
                }
            }
            for (int k = 1; k <= phases; k++) {
                ttl.append(":g").append(k).append(" a sg:Gate ; rdfs:label \"g").append(k).append("\" ; sg:closes :p").append(k)
                        .append(" ; sg:condition [ sg:predicate \"verdict\" ]");
                for (int i = 0; i < n; i++) {
                    if (phase[i] <= k && rnd.nextInt(n) == 0) {
                        ttl.append(" ; sg:requires :t").append(i);
                    }
                }
                if (rnd.nextBoolean()) {
                    ttl.append(" ; sg:owner :a").append(rnd.nextInt(agents));
                }
                ttl.append(" .\n");
                s.verdict.put(NS + "g" + k, rnd.nextDouble() >= gateFails);
            }
            return s.withTurtle(ttl.toString());
        }

        /** One task: its Turtle, its behaviour and pause, its retries and timeout. */
        private void task(StringBuilder ttl, Random rnd, String name, int agent, int phase, double bad, boolean builderHangs,
                          String extra) {
            Behaviour b = Behaviour.OK;
            if (rnd.nextDouble() < bad) {
                int w = rnd.nextInt(100);
                b = w < 35 ? Behaviour.FAIL_FIRST : w < 60 ? Behaviour.FAIL_ALWAYS : w < 85 ? Behaviour.HANG_FIRST : Behaviour.HANG_ALWAYS;
            }
            behaviour.put(NS + name, b);
            pause.put(NS + name, rnd.nextInt(4));
            ttl.append(':').append(name).append(" a sg:Task ; rdfs:label \"").append(name).append("\" ; sg:agent :a").append(agent)
                    .append(" ; sg:phase :p").append(phase).append(" ; sg:handler \"h\" ; sg:estimatedDuration \"PT")
                    .append(1 + rnd.nextInt(9)).append("M\"^^xsd:duration");
            if (rnd.nextInt(10) < 3) {
                ttl.append(" ; sg:writes \"res-").append(rnd.nextInt(3)).append('"');
            }
            if (rnd.nextInt(10) < 3) {
                int retries = 1 + rnd.nextInt(2);
                ttl.append(" ; sg:retries ").append(retries);
                declaredRetries.put(NS + name, retries);
            }
            if (b.hangs() && !builderHangs) {
                ttl.append(" ; sg:timeout \"PT0.03S\"^^xsd:duration");
            } else if (!b.hangs() && (builderHangs || rnd.nextBoolean())) {
                // never reached by a handler that does not hang, nor by an estimate (at most 9 min) in virtual time
                ttl.append(" ; sg:timeout \"PT1H\"^^xsd:duration");
            }
            ttl.append(extra).append(" .\n");
        }

        private Scenario withTurtle(String ttl) {
            Scenario s = new Scenario(seed, ttl, workers, builderRetries, builderTimeout);
            s.behaviour.putAll(behaviour);
            s.pause.putAll(pause);
            s.verdict.putAll(verdict);
            s.declaredRetries.putAll(declaredRetries);
            return s;
        }

        /**
         * The same spec and engine settings, simulated in virtual time. No handler runs, so a planned failure
         * does not happen; a hanging task has a 150 ms timeout and an estimate of minutes, so every attempt
         * of it times out, and every other task's timeout (none or an hour) exceeds its estimate.
         */
        Scenario inVirtualTime() {
            Scenario s = new Scenario(seed, turtle, workers, builderRetries, builderTimeout, true);
            behaviour.forEach((iri, b) -> s.behaviour.put(iri, b.hangs() ? Behaviour.HANG_ALWAYS : Behaviour.OK));
            s.pause.putAll(pause);
            s.verdict.putAll(verdict);
            s.declaredRetries.putAll(declaredRetries);
            return s;
        }

        /** The order of ready tasks: the default, but FIFO in virtual time for odd seeds (the invariants hold for both). */
        TaskOrder order() {
            return virtual && seed % 2 != 0 ? TaskOrder.FIFO : TaskOrder.CRITICAL_PATH;
        }

        /** A small spec written out, every handler succeeding, for checking the checker. */
        static Scenario fixed() {
            String ttl = PREFIXES + """
                    :p1 a sg:Phase ; rdfs:label "p1" ; sg:order 1 .
                    :p2 a sg:Phase ; rdfs:label "p2" ; sg:order 2 ; sg:maxParallel 1 .
                    :a0 a sg:Agent ; rdfs:label "a0" .
                    :a1 a sg:Agent ; rdfs:label "a1" ; sg:concurrency 2 .
                    :t0 a sg:Task ; rdfs:label "t0" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                        sg:estimatedDuration "PT1M"^^xsd:duration ; sg:writes "res-0" ; sg:compensatedBy :c0 .
                    :t1 a sg:Task ; rdfs:label "t1" ; sg:agent :a0 ; sg:phase :p1 ; sg:handler "h" ;
                        sg:estimatedDuration "PT1M"^^xsd:duration ; sg:writes "res-0" ; sg:dependsOn :t0 .
                    :t2 a sg:Task ; rdfs:label "t2" ; sg:agent :a1 ; sg:phase :p2 ; sg:handler "h" ;
                        sg:estimatedDuration "PT1M"^^xsd:duration .
                    :t3 a sg:Task ; rdfs:label "t3" ; sg:agent :a1 ; sg:phase :p2 ; sg:handler "h" ;
                        sg:estimatedDuration "PT1M"^^xsd:duration .
                    :c0 a sg:Task ; rdfs:label "c0" ; sg:agent :a1 ; sg:phase :p1 ; sg:handler "h" ;
                        sg:estimatedDuration "PT1M"^^xsd:duration .
                    :g1 a sg:Gate ; rdfs:label "g1" ; sg:closes :p1 ; sg:requires :t1 ; sg:condition [ sg:predicate "verdict" ] .
                    :g2 a sg:Gate ; rdfs:label "g2" ; sg:closes :p2 ; sg:condition [ sg:predicate "verdict" ] .
                    """;
            Scenario s = new Scenario(0, ttl, 2, 0, null);
            for (String t : List.of("t0", "t1", "t2", "t3", "c0")) {
                s.behaviour.put(NS + t, Behaviour.OK);
                s.pause.put(NS + t, 2);
            }
            s.verdict.put(NS + "g1", true);
            s.verdict.put(NS + "g2", true);
            return s;
        }

        Plan plan() {
            return Specgraph.load(l -> l.string("seed-" + seed + ".ttl", turtle)).plan();
        }

        /** Retries as the engine documents them: the spec's sg:retries when written, else the builder's. */
        int retries(String taskIri) {
            return declaredRetries.getOrDefault(taskIri, builderRetries);
        }

        Engine engine(FailurePolicy policy) {
            return engine(policy, null);
        }

        Engine engine(FailurePolicy policy, RunListener listener) {
            Engine.Builder b = Engine.builder().workers(workers).failurePolicy(policy).retries(builderRetries)
                    .backoff(BACKOFF).timeout(builderTimeout).cancelGrace(CANCEL_GRACE)
                    .predicate("verdict", ctx -> verdict.get(ctx.gate().iri()));
            if (virtual) {
                b.simulateInVirtualTime(); // the predicate still decides each gate; no handler runs
                b.order(order());
            } else {
                behaviour.forEach((iri, how) -> b.handlerForTask(iri, handler(how, pause.get(iri))));
            }
            if (listener != null) {
                b.listener(listener);
            }
            return b.build();
        }

        private static TaskHandler handler(Behaviour how, int pauseMillis) {
            return ctx -> {
                boolean bad = how.badOn(ctx.attempt());
                if (bad && how.hangs()) {
                    Thread.sleep(HANG_MILLIS); // far past the timeout; interrupted when it fires
                    return "woke up";
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
                if (bad) {
                    throw new IllegalStateException("planned failure of " + ctx.task().label() + " on attempt " + ctx.attempt());
                }
                return ctx.task().label();
            };
        }

        String describe() {
            StringBuilder sb = new StringBuilder((virtual ? "simulated in virtual time, order " + order() + "; " : "") + "builder: retries " + builderRetries + ", timeout " + builderTimeout
                    + ", backoff " + BACKOFF.toMillis() + " ms, cancelGrace " + CANCEL_GRACE.toMillis() + " ms\nhandlers:");
            new TreeMap<>(behaviour).forEach((iri, b) -> {
                if (b != Behaviour.OK) {
                    sb.append(' ').append(local(iri)).append('=').append(b);
                }
            });
            sb.append("\ngates that fail:");
            new TreeMap<>(verdict).forEach((iri, pass) -> {
                if (!pass) {
                    sb.append(' ').append(local(iri));
                }
            });
            return sb.toString();
        }
    }

    // ------------------------------------------------------------------ the checker

    /** Checks one run from its recorded timeline; returns one line per violation, tagged with its invariant. */
    static final class Checker {
        private final Scenario s;
        private final FailurePolicy policy;
        private final RunResult r;
        private final Plan plan;
        private final List<String> violations = new ArrayList<>();
        /** Which of {@link #CASES} the run reached. */
        final Set<String> exercised = new HashSet<>();
        static final List<String> CASES = List.of("run succeeded", "run failed", "task failed", "task timed out by sg:timeout",
                "task timed out by the builder's timeout", "task cancelled by fail-fast", "task skipped", "retry succeeded",
                "gate failed", "gate blocked", "compensation ran", "two compensations ran", "fail-fast stopped the run",
                "keep-going started work after a failure", "workers limit reached", "sg:maxParallel reached",
                "sg:concurrency 2 reached", "resource contended");
        private final Map<String, TaskRun> runs = new HashMap<>();
        private final Map<String, GateOutcome> gates = new HashMap<>();
        private final Map<String, List<String>> predecessors = new HashMap<>();
        private final Map<String, PlanNode.Kind> kinds = new HashMap<>();
        // the model: what keep-going must do, from the handler plan
        private final Map<String, Boolean> modelOk = new HashMap<>();
        private final Map<String, List<TaskState>> modelAttempts = new HashMap<>();
        private final Map<String, GateState> modelGate = new HashMap<>();
        private boolean modelFails;

        Checker(Scenario s, FailurePolicy policy, RunResult r) {
            this.s = s;
            this.policy = policy;
            this.r = r;
            this.plan = r.plan();
            r.tasks().forEach(t -> runs.put(t.iri(), t));
            r.gates().forEach(g -> {
                if (g != null) {
                    gates.put(g.iri(), g);
                }
            });
            plan.nodes().forEach(v -> {
                kinds.put(v.id(), v.kind());
                predecessors.put(v.id(), new ArrayList<>());
            });
            for (PlanEdge e : plan.edges()) {
                predecessors.get(e.to()).add(e.from());
            }
        }

        List<String> check() {
            if (!structure()) {
                return violations;
            }
            if (r.outcome() == RunResult.Outcome.CANCELLED) { // only runGuarded cancels: the run was stuck
                fail(8, "the run had not ended after %s (its handlers take milliseconds) and was cancelled", ms(RUN_LIMIT));
                noStalls();
                return violations;
            }
            plan.nodes().forEach(v -> model(v.id()));
            terminalStates();
            dependencies();
            strictPhases();
            limits();
            policy();
            compensation();
            outcome();
            noStalls();
            tally();
            return violations;
        }

        private void fail(int invariant, String what, Object... args) {
            violations.add("[" + invariant + "] " + what.formatted(args));
        }

        private boolean structure() {
            Set<String> seen = new HashSet<>();
            for (TaskRun t : r.tasks()) {
                if (!seen.add(t.iri())) {
                    fail(1, "%s appears more than once in the timeline", local(t.iri()));
                }
            }
            for (PlanTask t : plan.tasks()) {
                if (!runs.containsKey(t.iri())) {
                    fail(1, "%s is missing from the timeline", t.label());
                }
            }
            for (PlanGate g : plan.gates()) {
                if (!gates.containsKey(g.iri())) {
                    fail(1, "gate %s has no outcome", g.label());
                }
            }
            for (PlanNode v : plan.nodes()) {
                if (v.kind() == PlanNode.Kind.BARRIER) {
                    fail(3, "the plan has a barrier %s although every phase is closed by a gate", v.id());
                }
            }
            return violations.isEmpty();
        }

        /** Keep-going's run of the plan: a node runs when all its predecessors are ok. */
        private boolean model(String id) {
            Boolean known = modelOk.get(id);
            if (known != null) {
                return known;
            }
            boolean predecessorsOk = true;
            for (String p : predecessors.get(id)) {
                predecessorsOk &= model(p);
            }
            boolean ok;
            switch (kinds.get(id)) {
                case TASK -> {
                    List<TaskState> attempts = predecessorsOk ? s.behaviour.get(id).attempts(s.retries(id)) : List.of();
                    modelAttempts.put(id, attempts);
                    ok = !attempts.isEmpty() && attempts.get(attempts.size() - 1) == TaskState.SUCCEEDED;
                    modelFails |= predecessorsOk && !ok;
                }
                case GATE -> {
                    GateState g = !predecessorsOk ? GateState.BLOCKED : s.verdict.get(id) ? GateState.PASSED : GateState.FAILED;
                    modelGate.put(id, g);
                    ok = g == GateState.PASSED;
                    modelFails |= g == GateState.FAILED;
                }
                default -> ok = predecessorsOk;
            }
            modelOk.put(id, ok);
            return ok;
        }

        // 1 ------------------------------------------------------------

        private void terminalStates() {
            long wall = r.wallTime().toNanos();
            for (TaskRun t : r.tasks()) {
                String name = t.task().label();
                if (!t.state().terminal()) {
                    fail(1, "%s ended in %s, which is not terminal", name, t.state());
                }
                if (t.compensation() != t.task().compensation()) {
                    fail(1, "%s: compensation flag %s in the timeline, %s in the plan", name, t.compensation(), t.task().compensation());
                }
                if (!t.state().equals(TaskState.SUCCEEDED) && t.reason().isBlank()) {
                    fail(t.state() == TaskState.SKIPPED ? 5 : 1, "%s is %s without a reason", name, t.state());
                }
                List<Attempt> as = t.attempts();
                int retries = s.retries(t.iri());
                if (as.size() > retries + 1) {
                    fail(1, "%s has %d attempts, more than its %d retries + 1", name, as.size(), retries);
                }
                for (int i = 0; i < as.size(); i++) {
                    Attempt a = as.get(i);
                    boolean last = i == as.size() - 1;
                    if (a.number() != i + 1) {
                        fail(1, "%s: attempt %d is numbered %d", name, i + 1, a.number());
                    }
                    if (a.start().isNegative() || a.end().compareTo(a.start()) < 0 || a.end().toNanos() > wall) {
                        fail(1, "%s: attempt %d spans [%s, %s), outside [0, wall time %s]", name, a.number(), ms(a.start()),
                                ms(a.end()), ms(r.wallTime()));
                    }
                    if ((a.state() == TaskState.SUCCEEDED) != a.reason().isEmpty()) {
                        fail(1, "%s: attempt %d is %s with reason \"%s\"", name, a.number(), a.state(), a.reason());
                    }
                    if (!last) {
                        if (a.state() != TaskState.FAILED && a.state() != TaskState.TIMED_OUT) {
                            fail(1, "%s: attempt %d was followed by another although it ended %s", name, a.number(), a.state());
                        }
                        Duration wait = backoff(a.number());
                        if (as.get(i + 1).start().compareTo(a.end().plus(wait)) < 0) {
                            fail(1, "%s: attempt %d started at %s, before attempt %d ended (%s) plus the backoff %s", name,
                                    a.number() + 1, ms(as.get(i + 1).start()), a.number(), ms(a.end()), ms(wait));
                        }
                    }
                    TaskState planned = s.behaviour.get(t.iri()).on(a.number());
                    boolean cancelledByFailFast = a.state() == TaskState.CANCELLED && last && policy == FailurePolicy.FAIL_FAST
                            && !t.compensation();
                    if (a.state() != planned && !cancelledByFailFast) {
                        fail(1, "%s: attempt %d ended %s, but its handler was planned to end %s (%s)", name, a.number(),
                                a.state(), planned, s.behaviour.get(t.iri()));
                    }
                }
                TaskState lastState = as.isEmpty() ? null : as.get(as.size() - 1).state();
                switch (t.state()) {
                    case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED -> {
                        if (lastState != t.state()) {
                            fail(1, "%s is %s but its last attempt is %s", name, t.state(),
                                    lastState == null ? "missing (no attempts)" : lastState);
                        }
                    }
                    case SKIPPED -> {
                        if (!as.isEmpty()) {
                            fail(1, "%s is SKIPPED (\"%s\") but has %d attempt(s), the last %s", name, t.reason(), as.size(), lastState);
                        }
                    }
                    default -> { }
                }
                if (t.state() == TaskState.CANCELLED && (policy != FailurePolicy.FAIL_FAST || t.compensation())) {
                    fail(1, "%s is CANCELLED, but only fail-fast cancels here, and never compensation", name);
                }
                if ((t.state() == TaskState.FAILED || t.state() == TaskState.TIMED_OUT) && as.size() < retries + 1
                        && policy != FailurePolicy.FAIL_FAST) {
                    fail(1, "%s is %s after %d attempt(s) although it has %d retries and nothing stopped it", name, t.state(),
                            as.size(), retries);
                }
            }
            for (GateOutcome g : r.gates()) {
                if (g.state() == GateState.PENDING || g.state() == GateState.CANCELLED) {
                    fail(1, "gate %s ended %s in a run that was not cancelled", g.gate().label(), g.state());
                } else if (g.evaluatedAt().isEmpty() || g.evaluatedAt().get().toNanos() > wall) {
                    fail(1, "gate %s is %s with evaluation time %s (wall time %s)", g.gate().label(), g.state(), g.evaluatedAt(),
                            ms(r.wallTime()));
                }
            }
        }

        private static Duration backoff(int attempt) {
            return BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
        }

        // 2 ------------------------------------------------------------

        private void dependencies() {
            for (PlanTask task : plan.tasks()) {
                TaskRun t = runs.get(task.iri());
                for (String d : task.dependsOn()) {
                    TaskRun dep = runs.get(d);
                    for (Attempt a : t.attempts()) {
                        if (dep == null || dep.state() != TaskState.SUCCEEDED) {
                            fail(2, "%s attempt %d started at %s although its dependency %s is %s", task.label(), a.number(),
                                    ms(a.start()), local(d), dep == null ? "unknown" : dep.state());
                        } else if (a.start().compareTo(dep.end().orElse(Duration.ZERO)) < 0) {
                            fail(2, "%s attempt %d started at %s, before its dependency %s ended at %s", task.label(), a.number(),
                                    ms(a.start()), dep.task().label(), ms(dep.end().orElse(Duration.ZERO)));
                        }
                    }
                }
            }
            // every edge of the plan: gate requirements and phase closures too
            for (PlanEdge e : plan.edges()) {
                Optional<Duration> done = doneAt(e.from());
                boolean fromOk = ok(e.from());
                if (kinds.get(e.to()) == PlanNode.Kind.TASK) {
                    for (Attempt a : runs.get(e.to()).attempts()) {
                        if (!fromOk || done.isEmpty() || a.start().compareTo(done.get()) < 0) {
                            fail(2, "%s attempt %d started at %s, but %s (%s) %s", local(e.to()), a.number(), ms(a.start()),
                                    local(e.from()), e.reason(), fromOk ? "ended at " + done.map(EngineInvariantTest::ms).orElse("?")
                                            : "did not succeed");
                        }
                    }
                } else if (kinds.get(e.to()) == PlanNode.Kind.GATE) {
                    GateOutcome g = gates.get(e.to());
                    Optional<Duration> at = g.evaluatedAt();
                    if ((g.state() == GateState.PASSED || g.state() == GateState.FAILED) && !fromOk) {
                        fail(2, "gate %s was evaluated (%s) although %s, which it waits for, did not succeed", g.gate().label(),
                                g.state(), local(e.from()));
                    }
                    if (at.isPresent() && done.isPresent() && at.get().compareTo(done.get()) < 0) {
                        fail(2, "gate %s was evaluated at %s, before %s, which it waits for, ended at %s", g.gate().label(),
                                ms(at.get()), local(e.from()), ms(done.get()));
                    }
                }
            }
            for (GateOutcome g : r.gates()) {
                if (g.state() == GateState.BLOCKED && predecessors.get(g.iri()).stream().allMatch(this::ok)) {
                    fail(2, "gate %s is BLOCKED although everything it waits for succeeded", g.gate().label());
                }
            }
        }

        private boolean ok(String id) {
            return switch (kinds.get(id)) {
                case TASK -> runs.get(id).state() == TaskState.SUCCEEDED;
                case GATE -> gates.get(id).state() == GateState.PASSED;
                default -> false;
            };
        }

        /** When a task's last attempt ended or a gate was evaluated. */
        private Optional<Duration> doneAt(String id) {
            return switch (kinds.get(id)) {
                case TASK -> runs.get(id).end();
                case GATE -> gates.get(id).evaluatedAt();
                default -> Optional.empty();
            };
        }

        // 3 ------------------------------------------------------------

        private void strictPhases() {
            List<PlanPhase> phases = plan.phases();
            for (int k = 1; k < phases.size(); k++) {
                PlanPhase previous = phases.get(k - 1);
                List<GateOutcome> closing = r.gates().stream().filter(g -> previous.iri().equals(g.gate().closes())).toList();
                if (closing.isEmpty()) {
                    fail(3, "no gate closes phase %s", previous.label());
                }
                for (PlanTask task : plan.tasks()) {
                    if (task.compensation() || !phases.get(k).iri().equals(task.phase())) {
                        continue;
                    }
                    Optional<Duration> start = runs.get(task.iri()).start();
                    if (start.isEmpty()) {
                        continue;
                    }
                    for (GateOutcome g : closing) {
                        if (g.state() != GateState.PASSED || g.evaluatedAt().isEmpty() || g.evaluatedAt().get().compareTo(start.get()) > 0) {
                            fail(3, "%s of phase %s started at %s, but gate %s closing phase %s is %s (evaluated at %s)",
                                    task.label(), phases.get(k).label(), ms(start.get()), g.gate().label(), previous.label(),
                                    g.state(), g.evaluatedAt().map(EngineInvariantTest::ms).orElse("never"));
                        }
                    }
                    for (PlanTask earlier : plan.tasks()) {
                        if (earlier.compensation() || earlier.phase() == null || order(earlier.phase()) >= phases.get(k).order()) {
                            continue;
                        }
                        TaskRun e = runs.get(earlier.iri());
                        if (e.state() != TaskState.SUCCEEDED || e.end().orElse(Duration.ZERO).compareTo(start.get()) > 0) {
                            fail(3, "%s of phase %s started at %s, but %s of the earlier phase %s is %s (ended %s)", task.label(),
                                    phases.get(k).label(), ms(start.get()), earlier.label(), local(earlier.phase()), e.state(),
                                    e.end().map(EngineInvariantTest::ms).orElse("never"));
                        }
                    }
                }
            }
        }

        private int order(String phaseIri) {
            return plan.phases().stream().filter(p -> p.iri().equals(phaseIri)).findFirst().orElseThrow().order();
        }

        // 4 ------------------------------------------------------------

        private record Slot(long start, long end, String who) {}

        private void limits() {
            Map<String, List<Slot>> held = new LinkedHashMap<>();
            Map<String, Integer> limit = new HashMap<>();
            limit.put("workers", r.workers());
            plan.phases().forEach(p -> limit.put("phase " + p.label() + " (sg:maxParallel)", p.maxParallel() > 0 ? p.maxParallel() : Integer.MAX_VALUE));
            for (PlanAgent a : plan.agents()) {
                limit.put("agent " + a.label() + " (sg:concurrency)", a.concurrency());
            }
            for (TaskRun t : r.tasks()) {
                for (Attempt a : t.attempts()) {
                    if (a.end().compareTo(a.start()) <= 0) {
                        continue; // held no slot for any time
                    }
                    Slot slot = new Slot(a.start().toNanos(), a.end().toNanos(), t.task().label() + "#" + a.number());
                    List<String> keys = new ArrayList<>();
                    keys.add("workers");
                    plan.phases().stream().filter(p -> p.iri().equals(t.task().phase()))
                            .forEach(p -> keys.add("phase " + p.label() + " (sg:maxParallel)"));
                    plan.agents().stream().filter(ag -> ag.iri().equals(t.task().agent()))
                            .forEach(ag -> keys.add("agent " + ag.label() + " (sg:concurrency)"));
                    for (String w : t.task().writes()) {
                        keys.add("resource " + w + " (one writer)");
                        limit.put("resource " + w + " (one writer)", 1);
                    }
                    keys.forEach(k -> held.computeIfAbsent(k, x -> new ArrayList<>()).add(slot));
                }
            }
            held.forEach((key, slots) -> {
                int most = sweep(key, slots, limit.getOrDefault(key, 1));
                int of = limit.getOrDefault(key, 1);
                if (most == of && key.equals("workers") && of > 1) {
                    exercised.add("workers limit reached");
                } else if (most == of && key.startsWith("phase ")) {
                    exercised.add("sg:maxParallel reached");
                } else if (most == of && key.startsWith("agent ") && of == 2) {
                    exercised.add("sg:concurrency 2 reached");
                }
            });
            if (!r.contentions().isEmpty()) {
                exercised.add("resource contended");
            }
        }

        /** The most slots held at once, by a sweep over starts and ends (an end frees its slot before a start at the same instant). */
        private int sweep(String key, List<Slot> slots, int limit) {
            List<long[]> events = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                events.add(new long[] {slots.get(i).start(), 1, i});
                events.add(new long[] {slots.get(i).end(), -1, i});
            }
            events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
            Set<Integer> holding = new java.util.TreeSet<>();
            int most = 0;
            for (long[] e : events) {
                if (e[1] < 0) {
                    holding.remove((int) e[2]);
                    continue;
                }
                holding.add((int) e[2]);
                most = Math.max(most, holding.size());
                if (holding.size() > limit) {
                    fail(4, "%s: %d attempts held a slot at %s, limit %d: %s", key, holding.size(), ms(Duration.ofNanos(e[0])), limit,
                            holding.stream().map(i -> slots.get(i).who() + " [" + ms(Duration.ofNanos(slots.get(i).start())) + ", "
                                    + ms(Duration.ofNanos(slots.get(i).end())) + ")").toList());
                    return most; // once per limit
                }
            }
            return most;
        }

        // 5 ------------------------------------------------------------

        private void policy() {
            Optional<Duration> first = firstFailure();
            if (first.isPresent() && policy == FailurePolicy.KEEP_GOING && r.tasks().stream().filter(t -> !t.compensation())
                    .flatMap(t -> t.attempts().stream()).anyMatch(a -> a.start().compareTo(first.get()) > 0)) {
                exercised.add("keep-going started work after a failure");
            }
            if (policy == FailurePolicy.KEEP_GOING || !modelFails) {
                // keep-going (and fail-fast when nothing is planned to fail) runs exactly what is not downstream of a failure
                for (PlanTask task : plan.tasks()) {
                    if (task.compensation()) {
                        continue;
                    }
                    TaskRun t = runs.get(task.iri());
                    List<TaskState> expected = modelAttempts.get(task.iri());
                    List<TaskState> actual = t.attempts().stream().map(Attempt::state).toList();
                    TaskState expectedState = expected.isEmpty() ? TaskState.SKIPPED : expected.get(expected.size() - 1);
                    if (t.state() != expectedState || !actual.equals(expected)) {
                        fail(5, "%s: %s with attempts %s, expected %s with attempts %s (%s, %d retries, %s)", task.label(),
                                t.state(), actual, expectedState, expected, s.behaviour.get(task.iri()), s.retries(task.iri()),
                                expected.isEmpty() ? "downstream of a failure" : "not downstream of any failure");
                    }
                }
                for (GateOutcome g : r.gates()) {
                    if (g.state() != modelGate.get(g.iri())) {
                        fail(5, "gate %s is %s, expected %s", g.gate().label(), g.state(), modelGate.get(g.iri()));
                    }
                }
                return;
            }
            // fail-fast with a failure planned: a failure happens, and after the first one nothing scheduled starts
            if (first.isEmpty()) {
                fail(5, "a failure was planned, but no task failed after its last retry and no gate failed");
                return;
            }
            exercised.add("fail-fast stopped the run");
            Duration stop = first.get();
            for (TaskRun t : r.tasks()) {
                if (t.compensation()) {
                    continue;
                }
                for (Attempt a : t.attempts()) {
                    if (a.start().compareTo(stop) > 0) {
                        fail(5, "%s attempt %d started at %s, after the first failure at %s stopped the run (fail-fast)",
                                t.task().label(), a.number(), ms(a.start()), ms(stop));
                    }
                }
                if (t.attempts().isEmpty() && t.state() != TaskState.SKIPPED) {
                    fail(5, "%s never started but is %s rather than SKIPPED", t.task().label(), t.state());
                }
            }
        }

        /**
         * When the first failure happened: the end of a scheduled task's last allowed attempt that failed or
         * timed out, or a gate's failed evaluation (the events on which fail-fast stops the run).
         */
        private Optional<Duration> firstFailure() {
            Optional<Duration> first = Optional.empty();
            for (TaskRun t : r.tasks()) {
                boolean terminalFailure = !t.compensation() && (t.state() == TaskState.FAILED || t.state() == TaskState.TIMED_OUT)
                        && t.attempts().size() == s.retries(t.iri()) + 1; // not a task whose retry fail-fast called off
                if (terminalFailure) {
                    first = earliest(first, t.end().orElse(Duration.ZERO));
                }
            }
            for (GateOutcome g : r.gates()) {
                if (g.state() == GateState.FAILED && g.evaluatedAt().isPresent()) {
                    first = earliest(first, g.evaluatedAt().get());
                }
            }
            return first;
        }

        private static Optional<Duration> earliest(Optional<Duration> a, Duration b) {
            return a.isEmpty() || b.compareTo(a.get()) < 0 ? Optional.of(b) : a;
        }

        // 6 ------------------------------------------------------------

        private void compensation() {
            List<GateOutcome> notPassed = r.gates().stream()
                    .filter(g -> g.state() == GateState.FAILED || g.state() == GateState.BLOCKED).toList();
            Map<String, Set<String>> upstream = new HashMap<>();
            for (GateOutcome g : notPassed) {
                upstream.put(g.iri(), upstreamOf(g.iri()));
            }
            record Ran(TaskRun run, Duration start, Duration end, Duration lastCompensated, Duration trigger, String what) {}
            List<Ran> ran = new ArrayList<>();
            for (TaskRun c : r.tasks()) {
                if (!c.compensation()) {
                    continue;
                }
                String name = c.task().label();
                Duration lastCompensated = null;
                Duration trigger = null;
                List<String> what = new ArrayList<>();
                for (PlanTask t : plan.tasks()) {
                    if (!c.iri().equals(t.compensatedBy()) || runs.get(t.iri()).state() != TaskState.SUCCEEDED) {
                        continue;
                    }
                    for (GateOutcome g : notPassed) {
                        if (upstream.get(g.iri()).contains(t.iri())) {
                            Duration end = runs.get(t.iri()).end().orElse(Duration.ZERO);
                            lastCompensated = lastCompensated == null || end.compareTo(lastCompensated) > 0 ? end : lastCompensated;
                            Duration at = g.evaluatedAt().orElse(Duration.ZERO);
                            trigger = trigger == null || at.compareTo(trigger) < 0 ? at : trigger;
                            what.add(t.label() + " before " + g.gate().label());
                        }
                    }
                }
                if (lastCompensated == null) {
                    if (c.state() != TaskState.SKIPPED || !c.attempts().isEmpty()) {
                        fail(6, "%s is %s with %d attempt(s), although no work it compensates succeeded before a gate that did not pass",
                                name, c.state(), c.attempts().size());
                    }
                    continue;
                }
                List<TaskState> expected = s.behaviour.get(c.iri()).attempts(s.retries(c.iri()));
                List<TaskState> actual = c.attempts().stream().map(Attempt::state).toList();
                if (!actual.equals(expected) || c.state() != expected.get(expected.size() - 1)) {
                    fail(6, "%s must compensate %s: expected attempts %s, got %s and state %s", name, what, expected, actual, c.state());
                }
                if (c.attempts().isEmpty()) {
                    continue;
                }
                if (c.start().orElseThrow().compareTo(trigger) < 0) {
                    fail(6, "%s started at %s, before the gate that did not pass was evaluated at %s", name,
                            ms(c.start().orElseThrow()), ms(trigger));
                }
                ran.add(new Ran(c, c.start().orElseThrow(), c.end().orElseThrow(), lastCompensated, trigger, String.join(", ", what)));
            }
            ran.sort(Comparator.comparing(Ran::start));
            if (!ran.isEmpty()) {
                exercised.add("compensation ran");
            }
            if (ran.size() > 1) {
                exercised.add("two compensations ran");
            }
            for (int i = 1; i < ran.size(); i++) {
                Ran before = ran.get(i - 1);
                Ran after = ran.get(i);
                if (after.start().compareTo(before.end()) < 0) {
                    fail(6, "compensation %s started at %s while %s ran until %s", after.run().task().label(), ms(after.start()),
                            before.run().task().label(), ms(before.end()));
                }
                if (after.lastCompensated().compareTo(before.lastCompensated()) >= 0) {
                    fail(6, "compensation %s (for %s, completed at %s) ran after %s (for %s, completed at %s): not reverse completion order",
                            after.run().task().label(), after.what(), ms(after.lastCompensated()), before.run().task().label(),
                            before.what(), ms(before.lastCompensated()));
                }
            }
        }

        private Set<String> upstreamOf(String id) {
            Set<String> seen = new HashSet<>();
            List<String> stack = new ArrayList<>(predecessors.get(id));
            while (!stack.isEmpty()) {
                String v = stack.remove(stack.size() - 1);
                if (seen.add(v)) {
                    stack.addAll(predecessors.get(v));
                }
            }
            return seen;
        }

        // 7 ------------------------------------------------------------

        private void tally() {
            exercised.add(r.succeeded() ? "run succeeded" : "run failed");
            for (TaskRun t : r.tasks()) {
                switch (t.state()) {
                    case FAILED -> exercised.add("task failed");
                    case TIMED_OUT -> exercised.add(t.task().timeout() != null ? "task timed out by sg:timeout"
                            : "task timed out by the builder's timeout");
                    case CANCELLED -> exercised.add("task cancelled by fail-fast");
                    case SKIPPED -> exercised.add("task skipped");
                    case SUCCEEDED -> {
                        if (t.attempts().size() > 1) {
                            exercised.add("retry succeeded");
                        }
                    }
                    default -> { }
                }
            }
            r.gates().forEach(g -> exercised.add(g.state() == GateState.FAILED ? "gate failed"
                    : g.state() == GateState.BLOCKED ? "gate blocked" : "gate " + g.state().name().toLowerCase()));
        }

        private void outcome() {
            boolean all = r.tasks().stream().filter(t -> !t.compensation()).allMatch(t -> t.state() == TaskState.SUCCEEDED)
                    && r.gates().stream().allMatch(g -> g.state() == GateState.PASSED);
            RunResult.Outcome expected = all ? RunResult.Outcome.SUCCEEDED : RunResult.Outcome.FAILED;
            if (r.outcome() != expected || r.succeeded() != all) {
                fail(7, "the run is %s (succeeded() %s), but %s", r.outcome(), r.succeeded(),
                        all ? "every scheduled task succeeded and every gate passed" : "a scheduled task did not succeed or a gate did not pass");
            }
        }

        // 8 ------------------------------------------------------------

        /** Between the start and the end of the run, no long stretch in which nothing runs and nothing happens. */
        private void noStalls() {
            List<Duration> events = new ArrayList<>(List.of(Duration.ZERO, r.wallTime()));
            List<Attempt> all = new ArrayList<>();
            r.tasks().forEach(t -> all.addAll(t.attempts()));
            all.forEach(a -> {
                events.add(a.start());
                events.add(a.end());
            });
            r.gates().forEach(g -> g.evaluatedAt().ifPresent(events::add));
            events.sort(Comparator.naturalOrder());
            for (int i = 1; i < events.size(); i++) {
                Duration from = events.get(i - 1);
                Duration to = events.get(i);
                if (to.minus(from).compareTo(STALL) > 0
                        && all.stream().noneMatch(a -> a.start().compareTo(from) <= 0 && a.end().compareTo(to) >= 0)) {
                    fail(8, "the run stalled: nothing ran and nothing was recorded from %s to %s", ms(from), ms(to));
                }
            }
        }
    }

    // ------------------------------------------------------------------ formatting

    static String timeline(RunResult r) {
        StringBuilder sb = new StringBuilder("outcome " + r.outcome() + ", wall " + ms(r.wallTime()) + ", workers " + r.workers() + "\n");
        for (TaskRun t : r.tasks()) {
            PlanTask p = t.task();
            sb.append(String.format("  %-4s %-10s %s%s%s%s", p.label(), t.state(), local(p.agent()) + " " + local(p.phase()),
                    p.writes().isEmpty() ? "" : " writes " + p.writes(), p.dependsOn().isEmpty() ? ""
                            : " after " + p.dependsOn().stream().map(EngineInvariantTest::local).toList(),
                    t.compensation() ? " (compensation)" : p.compensatedBy() != null ? " compensatedBy " + local(p.compensatedBy()) : ""));
            for (Attempt a : t.attempts()) {
                sb.append(String.format("%n         #%d %-9s [%s, %s)%s", a.number(), a.state(), ms(a.start()), ms(a.end()),
                        a.reason().isEmpty() ? "" : " " + a.reason()));
            }
            if (!t.reason().isEmpty()) {
                sb.append("\n         reason: ").append(t.reason());
            }
            sb.append('\n');
        }
        for (GateOutcome g : r.gates()) {
            sb.append(String.format("  %-4s %-10s at %s %s%n", g.gate().label(), g.state(),
                    g.evaluatedAt().map(EngineInvariantTest::ms).orElse("never"), g.reason()));
        }
        return sb.toString();
    }

    static String ms(Duration d) {
        return String.format("%.3f ms", d.toNanos() / 1e6);
    }

    static String local(String iri) {
        return iri == null ? "-" : iri.substring(iri.lastIndexOf('#') + 1);
    }
}
