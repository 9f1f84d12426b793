package io.specgraph.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.GateState;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskState;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on the test service through the workflow, with handlers on a worker: retries, timeouts, fail-fast and
 * keep-going, compensation, and approval gates approved, rejected and timed out (time skipping).
 */
class WorkflowBehaviourTest {
    static final String NS = "https://example.org/run#";
    static final String PREFIXES = """
            @prefix :     <https://example.org/run#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;

    @TempDir
    Path work;

    private final Set<String> ran = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flakyCalls = new AtomicInteger();

    Engine handlers() {
        return Engine.builder()
                .handler("work", ctx -> {
                    ran.add(ctx.task().iri().substring(NS.length()));
                    return "done " + ctx.attempt();
                })
                .handler("flaky", ctx -> {
                    if (flakyCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first try fails");
                    }
                    return null;
                })
                .handler("fail", ctx -> {
                    throw new IllegalStateException("broken");
                })
                .handler("slow", ctx -> {
                    Thread.sleep(60_000);
                    return null;
                })
                .build();
    }

    static Plan plan(String turtle) {
        return Specgraph.load(l -> l.string("run-spec.ttl", PREFIXES + turtle)).plan();
    }

    /** a fails once and is retried; t overruns its sg:timeout; f fails; later waits for f; free is independent. */
    static final String TASKS = """
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent ; sg:concurrency 4 .
            :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 1 ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :t a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "slow" ; sg:timeout "PT1S"^^xsd:duration ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            :f a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "fail" ; sg:dependsOn :a , :t ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :later a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :f ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :free a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :a ; sg:estimatedDuration "PT1M"^^xsd:duration .
            """;

    private RunResult run(Harness h, String id, Plan plan, Messages.Settings settings) {
        h.run(id, plan, settings);
        return TemporalRuns.show(plan, settings, id, h.runs.journal(id));
    }

    private static TaskState state(RunResult r, String local) {
        return r.task(NS + local).orElseThrow().state();
    }

    @Test
    void retriesTimeoutsAndKeepGoingAsTheEngineHasThem() {
        Plan plan = plan(TASKS);
        try (Harness h = new Harness(plan, handlers(), work)) {
            RunResult r = run(h, "keep-going", plan, Harness.real("KEEP_GOING", 0));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
            assertThat(r.task(NS + "a").orElseThrow().attempts()).extracting(a -> a.state())
                    .containsExactly(TaskState.FAILED, TaskState.SUCCEEDED);
            assertThat(state(r, "t")).isEqualTo(TaskState.TIMED_OUT);
            assertThat(state(r, "f")).isEqualTo(TaskState.SKIPPED);
            assertThat(state(r, "free")).isEqualTo(TaskState.SUCCEEDED);
            assertThat(r.output(NS + "free")).contains("done 1");
        }
    }

    @Test
    void failFastSkipsWhatHasNotStarted() {
        Plan plan = plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 1 .
                :f a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "fail" ; sg:estimatedDuration "PT9M"^^xsd:duration .
                :g a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """);
        try (Harness h = new Harness(plan, handlers(), work)) {
            RunResult failFast = run(h, "fail-fast", plan, TemporalRuns.settings(1, "FAIL_FAST", 0, 100, null, 30_000, 2_000,
                    "CRITICAL_PATH", false, null, Queues.CONTROL));
            assertThat(state(failFast, "f")).isEqualTo(TaskState.FAILED);
            assertThat(state(failFast, "g")).isEqualTo(TaskState.SKIPPED);
            assertThat(failFast.task(NS + "f").orElseThrow().reason()).contains("IllegalStateException: broken");
            RunResult keepGoing = run(h, "keep-going-2", plan, TemporalRuns.settings(1, "KEEP_GOING", 0, 100, null, 30_000, 2_000,
                    "CRITICAL_PATH", false, null, Queues.CONTROL));
            assertThat(state(keepGoing, "g")).isEqualTo(TaskState.SUCCEEDED);
        }
    }

    /** build → signoff (approval by lead) → release; build is compensated by undo when the gate does not pass. */
    static String approval(String approval) {
        return """
                :p1 a sg:Phase ; rdfs:label "Build and release" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:concurrency 4 .
                :lead a sg:Agent ; rdfs:label "Release lead" .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:compensatedBy :undo ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :release a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :signoff ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :undo a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :signoff a sg:Gate ; rdfs:label "Sign-off" ; sg:requires :build ; sg:owner :lead ;
                   sg:condition [ sg:approval %s ] .
                """.formatted(approval);
    }

    private RunResult decided(String id, boolean approve) throws InterruptedException {
        Plan plan = plan(approval("[ ]"));
        try (Harness h = new Harness(plan, handlers(), work)) {
            WorkflowStub stub = h.runs.start(id, plan, Harness.real("FAIL_FAST", 0));
            RunWorkflow w = h.runs.workflow(id);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (w.status().waitingGates().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(w.status().waitingGates()).containsExactly(NS + "signoff");
            assertThatThrownBy(() -> w.decide(new Messages.Decision(NS + "signoff", NS + "dev", true, "", 0)))
                    .hasStackTraceContaining("may not decide");
            assertThatThrownBy(() -> w.decide(new Messages.Decision(NS + "nothing", NS + "lead", true, "", 0)))
                    .hasStackTraceContaining("has no gate");
            assertThat(w.decide(new Messages.Decision(NS + "signoff", NS + "lead", approve, "looked at it", 1_000)))
                    .isEqualTo(approve ? "approved" : "rejected");
            stub.getResult(Messages.RunOutcome.class);
            return TemporalRuns.show(plan, Harness.real("FAIL_FAST", 0), id, h.runs.journal(id));
        }
    }

    @Test
    void anApprovedGatePasses() throws InterruptedException {
        RunResult r = decided("approved", true);
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(r.gate(NS + "signoff").orElseThrow().state()).isEqualTo(GateState.PASSED);
        assertThat(ran).contains("build", "release").doesNotContain("undo");
    }

    @Test
    void aRejectedGateFailsAndTheWorkBeforeItIsCompensated() throws InterruptedException {
        RunResult r = decided("rejected", false);
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(r.gate(NS + "signoff").orElseThrow().state()).isEqualTo(GateState.FAILED);
        assertThat(state(r, "release")).isEqualTo(TaskState.SKIPPED);
        assertThat(state(r, "undo")).isEqualTo(TaskState.SUCCEEDED);
        assertThat(ran).contains("build", "undo").doesNotContain("release");
    }

    @Test
    void anApprovalNobodyGivesTimesOutOnADurableTimer() {
        // an hour of waiting passes at once: the test service skips time while nothing runs
        Plan plan = plan(approval("[ sg:timeout \"PT1H\"^^xsd:duration ]"));
        try (Harness h = new Harness(plan, handlers(), work)) {
            long before = h.env.currentTimeMillis();
            RunResult r = run(h, "timed-out", plan, Harness.real("FAIL_FAST", 0));
            assertThat(h.env.currentTimeMillis() - before).isGreaterThanOrEqualTo(Duration.ofHours(1).toMillis());
            assertThat(r.gate(NS + "signoff").orElseThrow().state()).isEqualTo(GateState.FAILED);
            assertThat(state(r, "undo")).isEqualTo(TaskState.SUCCEEDED);
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        }
    }

    /** c reads the output of a (upstream through b) but not of other, which ran before it and is not upstream. */
    @Test
    void anAttemptIsSentTheOutputsUpstreamOfItOnly() {
        Plan plan = plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 1 .
                :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :a ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :c a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "read" ; sg:dependsOn :b ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :other a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT9M"^^xsd:duration .
                """);
        Engine engine = Engine.builder()
                .handler("work", ctx -> "done " + ctx.task().label())
                .handler("read", ctx -> "a " + ctx.output(NS + "a").isPresent() + ", b " + ctx.upstream().containsKey(NS + "b")
                        + ", other " + ctx.output(NS + "other").isPresent())
                .build();
        try (Harness h = new Harness(plan, engine, work)) {
            RunResult r = run(h, "upstream", plan, TemporalRuns.settings(1, "FAIL_FAST", 0, 100, null, 30_000, 2_000,
                    "CRITICAL_PATH", false, null, Queues.CONTROL));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(r.task(NS + "other").orElseThrow().attempts().get(0).end())
                    .isLessThanOrEqualTo(r.task(NS + "c").orElseThrow().attempts().get(0).start());
            assertThat(r.output(NS + "c")).contains("a true, b true, other false");
        }
    }
}
