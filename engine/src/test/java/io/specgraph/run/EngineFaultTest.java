package io.specgraph.run;

import static io.specgraph.run.RunSpecs.NS;
import static io.specgraph.run.RunSpecs.PREFIXES;
import static io.specgraph.run.RunSpecs.await;
import static io.specgraph.run.RunSpecs.gate;
import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.condition.OS.LINUX;
import static org.junit.jupiter.api.condition.OS.MAC;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong in a run, seen through the public API only: failing handlers and their retries, skipped
 * dependants, blocked gates and compensation, commands that time out or exit non-zero, fail-fast and
 * keep-going, refused runs and cancellation. Handlers synchronise on latches, never on sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineFaultTest {

    @TempDir
    Path tempDir;


    // ------------------------------------------------------------------ throw → retry → fail, compensation

    /**
     * Migrate → Apply → Zip → Deploy (throws every time, 2 retries) → Smoke test, all in phase 1, closed by
     * gate Built; phase 2 has Announce. Migrate, Apply and Zip declare compensation tasks.
     */
    static final String SAGA = """
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
            :dev a sg:Agent ; rdfs:label "Dev" ; sg:concurrency 4 .
            :m a sg:Task ; rdfs:label "Migrate" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ;
               sg:estimatedDuration "PT10M"^^xsd:duration ; sg:compensatedBy :undoM .
            :a a sg:Task ; rdfs:label "Apply" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :m ;
               sg:estimatedDuration "PT10M"^^xsd:duration ; sg:compensatedBy :undoA .
            :z a sg:Task ; rdfs:label "Zip" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :a ;
               sg:estimatedDuration "PT10M"^^xsd:duration ; sg:compensatedBy :undoZ .
            :bad a sg:Task ; rdfs:label "Deploy" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "boom" ; sg:dependsOn :z ;
               sg:estimatedDuration "PT10M"^^xsd:duration ; sg:retries 2 .
            :after a sg:Task ; rdfs:label "Smoke test" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ;
               sg:dependsOn :bad ; sg:estimatedDuration "PT10M"^^xsd:duration .
            :ship a sg:Task ; rdfs:label "Announce" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "work" ;
               sg:estimatedDuration "PT10M"^^xsd:duration .
            :undoM a sg:Task ; rdfs:label "Undo migrate" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "undo" ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            :undoA a sg:Task ; rdfs:label "Undo apply" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "undo" ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            :undoZ a sg:Task ; rdfs:label "Undo zip" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "undo" ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            :g1 a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:condition [ sg:predicate "ok" ] .
            """;

    @Test
    void aHandlerThatAlwaysThrowsIsRetriedThenFailsItsDependantsAreSkippedAndCompletedWorkIsCompensatedInReverse() {
        AtomicInteger boomCalls = new AtomicInteger();
        AtomicBoolean predicateCalled = new AtomicBoolean();
        List<String> undone = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .backoff(Duration.ofMillis(20))
                .handler("work", ctx -> ctx.task().label())
                .handler("boom", ctx -> {
                    boomCalls.incrementAndGet();
                    throw new IllegalStateException("disk full");
                })
                .handler("undo", ctx -> {
                    undone.add(ctx.task().iri());
                    return null;
                })
                .predicate("ok", ctx -> {
                    predicateCalled.set(true);
                    return true;
                })
                .build()
                .run(plan(SAGA));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(result.succeeded()).isFalse();

        // 1 attempt + 2 retries, each failed with the exception's message
        TaskRun bad = task(result, "bad");
        assertThat(boomCalls).hasValue(3);
        assertThat(bad.state()).isEqualTo(TaskState.FAILED);
        assertThat(bad.reason()).contains("disk full");
        assertThat(bad.attempts()).extracting(Attempt::number).containsExactly(1, 2, 3);
        assertThat(bad.attempts()).allSatisfy(at -> {
            assertThat(at.state()).isEqualTo(TaskState.FAILED);
            assertThat(at.reason()).contains("disk full");
        });
        // each retry waits at least its backoff (20 ms, then doubled) after the attempt before it ended
        List<Attempt> tries = bad.attempts();
        assertThat(Duration.between(tries.get(0).endedAt(), tries.get(1).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(Duration.between(tries.get(1).endedAt(), tries.get(2).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(40));

        // what depends on it never ran, and says why
        TaskRun after = task(result, "after");
        assertThat(after.state()).isEqualTo(TaskState.SKIPPED);
        assertThat(after.attempts()).isEmpty();
        assertThat(after.reason()).contains("Deploy");

        // the gate closing the phase was not evaluated; the next phase did not run
        GateOutcome built = gate(result, "g1");
        assertThat(built.state()).isEqualTo(GateState.BLOCKED);
        assertThat(built.reason()).contains("Deploy");
        assertThat(built.conditions()).isEmpty();
        assertThat(predicateCalled).isFalse();
        TaskRun ship = task(result, "ship");
        assertThat(ship.state()).isEqualTo(TaskState.SKIPPED);
        assertThat(ship.reason()).contains("Built");
        assertThat(ship.attempts()).isEmpty();

        // the completed work: Migrate, then Apply, then Zip
        TaskRun m = task(result, "m");
        TaskRun a = task(result, "a");
        TaskRun z = task(result, "z");
        assertThat(List.of(m, a, z)).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(m.end().orElseThrow()).isLessThanOrEqualTo(a.start().orElseThrow());
        assertThat(a.end().orElseThrow()).isLessThanOrEqualTo(z.start().orElseThrow());

        // compensated in reverse completion order, one after another
        assertThat(undone).containsExactly(iri("undoZ"), iri("undoA"), iri("undoM"));
        TaskRun undoZ = task(result, "undoZ");
        TaskRun undoA = task(result, "undoA");
        TaskRun undoM = task(result, "undoM");
        assertThat(List.of(undoZ, undoA, undoM)).allSatisfy(t -> {
            assertThat(t.compensation()).isTrue();
            assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(t.attempts()).hasSize(1);
        });
        assertThat(undoZ.reason()).contains("Zip");
        assertThat(undoA.reason()).contains("Apply");
        assertThat(undoM.reason()).contains("Migrate");
        assertThat(undoZ.start().orElseThrow()).isGreaterThanOrEqualTo(bad.end().orElseThrow());
        assertThat(undoZ.end().orElseThrow()).isLessThanOrEqualTo(undoA.start().orElseThrow());
        assertThat(undoA.end().orElseThrow()).isLessThanOrEqualTo(undoM.start().orElseThrow());
        assertThat(undoZ.start().orElseThrow()).isLessThan(undoA.start().orElseThrow());
        assertThat(undoA.start().orElseThrow()).isLessThan(undoM.start().orElseThrow());
    }

    @Test
    void compensationIsNotRunWhenEveryGatePasses() {
        List<String> undone = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .handler("work", ctx -> null)
                .handler("boom", ctx -> "fine this time")
                .handler("undo", ctx -> {
                    undone.add(ctx.task().iri());
                    return null;
                })
                .predicate("ok", ctx -> true)
                .build()
                .run(plan(SAGA));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(undone).isEmpty();
        assertThat(result.tasks()).filteredOn(TaskRun::compensation).hasSize(3)
                .allSatisfy(t -> {
                    assertThat(t.state()).isEqualTo(TaskState.SKIPPED);
                    assertThat(t.attempts()).isEmpty();
                });
        assertThat(result.tasks()).filteredOn(t -> !t.compensation())
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED));
    }

    @Test
    void aFailingAttemptFollowedByASuccessfulRetrySucceeds() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :flaky a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 3 ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicInteger calls = new AtomicInteger();
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .backoff(Duration.ZERO)
                .handler("flaky", ctx -> {
                    attemptsSeen.add(ctx.attempt());
                    if (calls.incrementAndGet() < 3) {
                        throw new IOException("try again");
                    }
                    return "ok";
                })
                .build()
                .run(plan(spec));

        TaskRun flaky = task(result, "flaky");
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(flaky.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(flaky.reason()).isEmpty();
        assertThat(attemptsSeen).containsExactly(1, 2, 3);
        assertThat(flaky.attempts()).extracting(Attempt::state)
                .containsExactly(TaskState.FAILED, TaskState.FAILED, TaskState.SUCCEEDED);
        assertThat(flaky.attempts().get(0).reason()).contains("try again");
    }

    @Test
    void anExplicitZeroRetriesInTheSpecIsNotOverriddenByTheEngineDefault() {
        // Engine.Builder#retries: "Retries for a task whose spec gives no sg:retries". This spec gives one: 0.
        // Fails at 41dfa29: Scheduler.retriesOf uses the engine default whenever PlanTask.retries() is 0, and
        // the plan records 0 both for "sg:retries 0" and for no sg:retries, so the handler runs 3 times.
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :once a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "boom" ; sg:retries 0 ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicInteger calls = new AtomicInteger();
        RunResult result = Engine.builder()
                .retries(2)
                .backoff(Duration.ZERO)
                .handler("boom", ctx -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("not idempotent, must not be retried");
                })
                .build()
                .run(plan(spec));

        assertThat(task(result, "once").state()).isEqualTo(TaskState.FAILED);
        assertThat(calls).as("handler calls for a task with sg:retries 0").hasValue(1);
        assertThat(task(result, "once").attempts()).hasSize(1);
    }

    @Test
    void phaseEventsStayInOrderWhenCompensationRunsInAFinishedPhase() {
        // The undo tasks are declared in phase Ship. Ship's only scheduled task is skipped (its gate was
        // blocked), so PhaseFinished(Ship) comes first; the compensation that runs afterwards must not
        // announce the phase as started again.
        // Fails at 41dfa29: Scheduler.launch emits PhaseStarted for the compensation task's phase (phaseStarted
        // is empty for Ship), while finishTask counts only scheduled tasks towards PhaseFinished, so a listener
        // sees [PhaseFinished(Ship), PhaseStarted(Ship)] and no PhaseFinished after it.
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .backoff(Duration.ZERO)
                .handler("work", ctx -> null)
                .handler("boom", ctx -> {
                    throw new IllegalStateException("disk full");
                })
                .handler("undo", ctx -> null)
                .predicate("ok", ctx -> true)
                .listener(events::add)
                .build()
                .run(plan(SAGA));
        assertThat(task(result, "undoM").state()).isEqualTo(TaskState.SUCCEEDED);

        for (String phase : List.of("p1", "p2")) {
            List<String> phaseEvents = events.stream()
                    .map(e -> e instanceof RunEvent.PhaseStarted s && s.phase().iri().equals(iri(phase)) ? "started"
                            : e instanceof RunEvent.PhaseFinished f && f.phase().iri().equals(iri(phase)) ? "finished" : null)
                    .filter(Objects::nonNull)
                    .toList();
            assertThat(phaseEvents).as("phase events of %s", phase).isIn(List.of("finished"), List.of("started", "finished"));
        }
    }

    @Test
    void compensationAlsoRunsWhenAGateFailsItsCondition() {
        List<String> undone = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .handler("work", ctx -> null)
                .handler("boom", ctx -> "deployed")
                .handler("undo", ctx -> {
                    undone.add(ctx.task().iri());
                    return null;
                })
                .predicate("ok", ctx -> false)
                .build()
                .run(plan(SAGA));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(gate(result, "g1").state()).isEqualTo(GateState.FAILED);
        assertThat(task(result, "ship").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(task(result, "ship").reason()).contains("Built");
        assertThat(undone).containsExactly(iri("undoZ"), iri("undoA"), iri("undoM"));
    }

    @Test
    void aHandlerThatOutlivesItsTimeoutIsInterruptedRetriedAndTimesOut() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :slow a sg:Task ; rdfs:label "Slow" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "slow" ; sg:retries 1 ;
                   sg:timeout "PT0.2S"^^xsd:duration ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :next a sg:Task ; rdfs:label "Next" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ; sg:dependsOn :slow ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :unbounded a sg:Task ; rdfs:label "Unbounded" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "slow" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch never = new CountDownLatch(1);
        List<String> interrupted = new CopyOnWriteArrayList<>();
        List<Boolean> cancelledSeen = new CopyOnWriteArrayList<>();
        AtomicInteger quickCalls = new AtomicInteger();
        RunResult result = Engine.builder()
                .failurePolicy(FailurePolicy.KEEP_GOING)
                .timeout(Duration.ofMillis(300)) // for tasks whose spec gives no sg:timeout
                .backoff(Duration.ZERO)
                .handler("slow", ctx -> {
                    try {
                        never.await(20, TimeUnit.SECONDS);
                        return "late";
                    } catch (InterruptedException e) {
                        interrupted.add(ctx.task().iri() + " #" + ctx.attempt());
                        cancelledSeen.add(ctx.cancelled());
                        throw e;
                    }
                })
                .handler("quick", ctx -> quickCalls.incrementAndGet())
                .build()
                .run(plan(spec));

        TaskRun slow = task(result, "slow");
        assertThat(slow.state()).isEqualTo(TaskState.TIMED_OUT);
        assertThat(slow.reason()).contains("gave no result within");
        assertThat(slow.attempts()).extracting(Attempt::state).containsExactly(TaskState.TIMED_OUT, TaskState.TIMED_OUT);
        TaskRun unbounded = task(result, "unbounded");
        assertThat(unbounded.state()).isEqualTo(TaskState.TIMED_OUT);
        assertThat(unbounded.attempts()).hasSize(1);
        assertThat(interrupted).containsExactlyInAnyOrder(iri("slow") + " #1", iri("slow") + " #2", iri("unbounded") + " #1");
        assertThat(cancelledSeen).containsOnly(true);
        TaskRun next = task(result, "next");
        assertThat(next.state()).isEqualTo(TaskState.SKIPPED);
        assertThat(next.reason()).contains("Slow").contains("timed out");
        assertThat(quickCalls).hasValue(0);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        // the record says the same
        assertThat(result.record().graph().find(null, NodeFactory.createURI("https://w3id.org/specgraph#state"),
                NodeFactory.createURI("https://w3id.org/specgraph#TimedOut")).toList()).hasSize(3);
    }

    @Test
    void aHandlerThatIgnoresCancellationIsAbandonedAfterTheGracePeriod() throws Exception {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :stubborn a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "stubborn" ;
                   sg:timeout "PT0.1S"^^xsd:duration ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        try {
            RunResult result = Engine.builder()
                    .cancelGrace(Duration.ofMillis(100))
                    .handler("stubborn", ctx -> {
                        try {
                            while (true) {
                                try {
                                    if (release.await(20, TimeUnit.SECONDS)) {
                                        return "finally";
                                    }
                                } catch (InterruptedException e) {
                                    interrupts.incrementAndGet(); // and carry on regardless
                                }
                            }
                        } finally {
                            returned.countDown();
                        }
                    })
                    .build()
                    .run(plan(spec));

            assertThat(returned.getCount()).as("the run returned while the handler was still going").isEqualTo(1);
            assertThat(interrupts).hasValue(1);
            TaskRun stubborn = task(result, "stubborn");
            assertThat(stubborn.state()).isEqualTo(TaskState.TIMED_OUT);
            assertThat(stubborn.reason()).contains("gave no result within").contains("abandoned");
            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        } finally {
            release.countDown();
        }
        assertThat(await(returned)).isTrue();
    }

    @Test
    void aDryRunScalesTimeoutsLikeDurations() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 2 .
                :long a sg:Task ; rdfs:label "Long" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "anything" ;
                   sg:timeout "PT30M"^^xsd:duration ; sg:estimatedDuration "PT1H"^^xsd:duration .
                :fits a sg:Task ; rdfs:label "Fits" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "anything" ;
                   sg:timeout "PT2H"^^xsd:duration ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        // one hour in 360 ms, its timeout in 180 ms
        RunResult result = Engine.builder().simulate(0.0001).build().run(plan(spec));

        assertThat(task(result, "long").state()).isEqualTo(TaskState.TIMED_OUT);
        assertThat(task(result, "long").reason()).contains("scaled");
        assertThat(task(result, "fits").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    }

    // ------------------------------------------------------------------ commands

    @Test
    @EnabledOnOs({LINUX, MAC})
    void aTimeoutKillsTheCommandAndTheProcessesItStarted() throws Exception {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :ops a sg:Agent .
                :hang a sg:Task ; rdfs:label "Hang" ; sg:agent :ops ; sg:phase :p1 ;
                   sg:command 'sleep 30 & echo $! > "$SPECGRAPH_TASK_DIR/child.pid"; echo $$ > "$SPECGRAPH_TASK_DIR/pid"; wait' ;
                   sg:timeout "PT1S"^^xsd:duration ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        RunResult result = Engine.builder().allowCommands(true).workDirectory(tempDir).build().run(plan(spec));

        TaskRun hang = task(result, "hang");
        assertThat(hang.state()).isEqualTo(TaskState.TIMED_OUT);
        assertThat(hang.reason()).contains("gave no result within");
        assertThat(hang.attempts()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(TaskState.TIMED_OUT));
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);

        long shell = Long.parseLong(Files.readString(find(tempDir, "pid")).trim());
        long sleeper = Long.parseLong(Files.readString(find(tempDir, "child.pid")).trim());
        assertThat(eventuallyGone(shell)).as("the shell %d is gone", shell).isTrue();
        assertThat(eventuallyGone(sleeper)).as("the sleep %d it started is gone", sleeper).isTrue();
    }

    @Test
    @EnabledOnOs({LINUX, MAC})
    void aCommandExitingNonZeroFailsWithItsExitCodeAndItsOutputIsKeptInItsWorkDirectory() throws Exception {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :ops a sg:Agent .
                :fail a sg:Task ; rdfs:label "Fail" ; sg:agent :ops ; sg:phase :p1 ;
                   sg:command 'echo to-stdout; echo to-stderr >&2; exit 3' ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        RunResult result = Engine.builder().allowCommands(true).workDirectory(tempDir).build().run(plan(spec));

        TaskRun fail = task(result, "fail");
        assertThat(fail.state()).isEqualTo(TaskState.FAILED);
        assertThat(fail.reason()).contains("exited with code 3").contains("to-stderr");
        Path stdout = find(tempDir, "stdout-1.log");
        Path stderr = find(tempDir, "stderr-1.log");
        assertThat(stdout.getParent()).isEqualTo(stderr.getParent());
        assertThat(stdout.startsWith(tempDir)).isTrue();
        assertThat(fail.reason()).contains(stdout.getParent().toString());
        assertThat(Files.readString(stdout, StandardCharsets.UTF_8)).isEqualTo("to-stdout\n");
        assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).isEqualTo("to-stderr\n");
    }

    @Test
    @EnabledOnOs({LINUX, MAC})
    void aSucceedingCommandGivesItsDependantsACommandOutput() throws Exception {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :ops a sg:Agent ; sg:concurrency 2 .
                :hello a sg:Task ; sg:agent :ops ; sg:phase :p1 ;
                   sg:command 'echo "$SPECGRAPH_TASK attempt $SPECGRAPH_ATTEMPT"' ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :retry a sg:Task ; sg:agent :ops ; sg:phase :p1 ; sg:retries 1 ;
                   sg:command 'test "$SPECGRAPH_ATTEMPT" -ge 2 || exit 7' ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :read a sg:Task ; sg:agent :ops ; sg:phase :p1 ; sg:handler "read" ; sg:dependsOn :hello , :retry ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        RunResult result = Engine.builder()
                .allowCommands(true)
                .workDirectory(tempDir)
                .backoff(Duration.ZERO)
                .handler("read", ctx -> {
                    seen.set(ctx.upstream());
                    return null;
                })
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(seen.get().get(iri("hello"))).isInstanceOfSatisfying(CommandOutput.class, out -> {
            assertThat(out.exitCode()).isZero();
            assertThat(contentOf(out.stdout())).isEqualTo(iri("hello") + " attempt 1\n");
            assertThat(contentOf(out.stderr())).isEmpty();
        });
        TaskRun retry = task(result, "retry");
        assertThat(retry.attempts()).extracting(Attempt::state).containsExactly(TaskState.FAILED, TaskState.SUCCEEDED);
        assertThat(retry.attempts().get(0).reason()).contains("exited with code 7");
        assertThat(seen.get().get(iri("retry"))).isInstanceOfSatisfying(CommandOutput.class, out -> {
            assertThat(out.exitCode()).isZero();
            assertThat(out.stdout().getFileName().toString()).isEqualTo("stdout-2.log");
        });
    }

    // ------------------------------------------------------------------ fail-fast and keep-going

    @Test
    void failFastCancelsTheRunningHandlersAndSkipsWhatHasNotStarted() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 8 .
                :boom a sg:Task ; rdfs:label "Boom" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "boom" ;
                   sg:estimatedDuration "PT1H"^^xsd:duration .
                :long1 a sg:Task ; rdfs:label "Long 1" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "long" ;
                   sg:estimatedDuration "PT1H"^^xsd:duration .
                :long2 a sg:Task ; rdfs:label "Long 2" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "long" ;
                   sg:estimatedDuration "PT1H"^^xsd:duration .
                :queued a sg:Task ; rdfs:label "Queued" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :afterBoom a sg:Task ; rdfs:label "After boom" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ;
                   sg:dependsOn :boom ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch longStarted = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        Map<String, Boolean> cancelledWhenInterrupted = new ConcurrentHashMap<>();
        AtomicInteger quickCalls = new AtomicInteger();
        RunResult result = Engine.builder()
                .workers(3)
                .handler("boom", ctx -> {
                    if (!await(longStarted)) {
                        throw new AssertionError("the long handlers did not start");
                    }
                    throw new IOException("connection refused");
                })
                .handler("long", ctx -> {
                    longStarted.countDown();
                    try {
                        never.await(20, TimeUnit.SECONDS);
                        return "finished without being cancelled";
                    } catch (InterruptedException e) {
                        cancelledWhenInterrupted.put(ctx.task().iri(), ctx.cancelled());
                        throw e;
                    }
                })
                .handler("quick", ctx -> quickCalls.incrementAndGet())
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        TaskRun boom = task(result, "boom");
        assertThat(boom.state()).isEqualTo(TaskState.FAILED);
        assertThat(boom.reason()).contains("connection refused");

        // the two running handlers were interrupted, saw cancelled() and ended CANCELLED
        assertThat(cancelledWhenInterrupted).containsOnlyKeys(iri("long1"), iri("long2")).containsValues(true);
        for (String l : List.of("long1", "long2")) {
            TaskRun t = task(result, l);
            assertThat(t.state()).as(l).isEqualTo(TaskState.CANCELLED);
            assertThat(t.reason()).as(l).contains("fail-fast").contains("Boom");
            assertThat(t.attempts()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(TaskState.CANCELLED));
        }

        // the ready task that had no slot never started
        TaskRun queued = task(result, "queued");
        assertThat(queued.state()).isEqualTo(TaskState.SKIPPED);
        assertThat(queued.reason()).contains("fail-fast").contains("Boom");
        assertThat(queued.attempts()).isEmpty();
        TaskRun afterBoom = task(result, "afterBoom");
        assertThat(afterBoom.state()).isEqualTo(TaskState.SKIPPED);
        assertThat(afterBoom.reason()).contains("Boom");
        assertThat(quickCalls).hasValue(0);
    }

    @Test
    void keepGoingRunsTheIndependentBranchToTheEnd() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :boom a sg:Task ; rdfs:label "Boom" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "boom" ;
                   sg:estimatedDuration "PT1H"^^xsd:duration .
                :afterBoom a sg:Task ; rdfs:label "After boom" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ;
                   sg:dependsOn :boom ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :x a sg:Task ; rdfs:label "X" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "x" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :y a sg:Task ; rdfs:label "Y" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ; sg:dependsOn :x ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch boomFailed = new CountDownLatch(1);
        List<String> quick = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .failurePolicy(FailurePolicy.KEEP_GOING)
                .handler("boom", ctx -> {
                    throw new IllegalStateException("boom");
                })
                .handler("x", ctx -> {
                    // still running when Boom fails: keep-going must not cancel it
                    if (!await(boomFailed)) {
                        throw new AssertionError("Boom never failed");
                    }
                    return "x";
                })
                .handler("quick", ctx -> {
                    quick.add(ctx.task().iri());
                    return null;
                })
                .listener(e -> {
                    if (e instanceof RunEvent.TaskFinished f && f.task().iri().equals(iri("boom"))
                            && f.state() == TaskState.FAILED && !f.willRetry()) {
                        boomFailed.countDown();
                    }
                })
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(task(result, "boom").state()).isEqualTo(TaskState.FAILED);
        assertThat(task(result, "afterBoom").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(task(result, "afterBoom").reason()).contains("Boom");
        assertThat(task(result, "x").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task(result, "y").state()).isEqualTo(TaskState.SUCCEEDED);
        // Y started after the failure: keep-going still starts new work
        assertThat(task(result, "y").start().orElseThrow()).isGreaterThanOrEqualTo(task(result, "boom").end().orElseThrow());
        assertThat(quick).containsExactly(iri("y"));
    }

    @Test
    void failFastDoesNotRetryATaskWaitingForItsNextAttempt() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :flaky a sg:Task ; rdfs:label "Flaky" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 3 ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :boom a sg:Task ; rdfs:label "Boom" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "boom" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch flakyWaits = new CountDownLatch(1);
        AtomicInteger flakyCalls = new AtomicInteger();
        RunResult result = Engine.builder()
                .backoff(Duration.ofSeconds(30))
                .handler("flaky", ctx -> {
                    flakyCalls.incrementAndGet();
                    throw new IllegalStateException("flaky");
                })
                .handler("boom", ctx -> {
                    if (!await(flakyWaits)) {
                        throw new AssertionError("Flaky never waited to retry");
                    }
                    throw new IllegalStateException("boom");
                })
                .listener(e -> {
                    if (e instanceof RunEvent.TaskFinished f && f.task().iri().equals(iri("flaky")) && f.willRetry()) {
                        flakyWaits.countDown();
                    }
                })
                .build()
                .run(plan(spec));

        TaskRun flaky = task(result, "flaky");
        assertThat(flakyCalls).hasValue(1);
        assertThat(flaky.state()).isEqualTo(TaskState.FAILED);
        assertThat(flaky.reason()).contains("not retried").contains("fail-fast").contains("Boom");
        assertThat(flaky.attempts()).hasSize(1);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    }

    // ------------------------------------------------------------------ refused runs

    @Test
    void commandsAreRefusedUnlessAllowedAndNothingRuns() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :deploy a sg:Task ; rdfs:label "Deploy" ; sg:agent :dev ; sg:phase :p1 ; sg:command "touch deployed" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :wipe a sg:Task ; rdfs:label "Wipe" ; sg:agent :dev ; sg:phase :p1 ; sg:command "rm -rf ./cache" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicBoolean ran = new AtomicBoolean();
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        Engine engine = Engine.builder()
                .workDirectory(tempDir)
                .handler("build", ctx -> {
                    ran.set(true);
                    return null;
                })
                .listener(events::add)
                .build();
        Plan plan = plan(spec);

        assertThatThrownBy(() -> engine.run(plan))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("Deploy").contains(iri("deploy"))
                            .contains("Wipe").contains(iri("wipe"))
                            .contains("--allow-commands").contains("allowCommands(true)")
                            .doesNotContain(iri("build"));
                    assertThat(e.problems()).hasSize(1);
                });
        assertThatThrownBy(() -> engine.start(plan)).isInstanceOf(RunRefusedException.class);
        assertThat(ran).isFalse();
        assertThat(events).isEmpty();
        assertThat(tempDir).isEmptyDirectory();
    }

    @Test
    void aMissingHandlerIsRefusedNamingTheTaskAndTheKey() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :lint a sg:Task ; rdfs:label "Lint" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "lint-code" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicBoolean ran = new AtomicBoolean();
        Engine engine = Engine.builder()
                .handler("build", ctx -> {
                    ran.set(true);
                    return null;
                })
                .build();

        assertThatThrownBy(() -> engine.run(plan(spec)))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> {
                    assertThat(e.problems()).singleElement().asString()
                            .contains("sg:handler \"lint-code\"").contains("Lint").contains(iri("lint"))
                            .doesNotContain(iri("build"));
                    assertThat(e.getMessage()).contains("nothing was executed");
                });
        assertThat(ran).isFalse();
    }

    @Test
    void aMissingGatePredicateIsRefusedNamingTheGate() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :p2 a sg:Phase ; sg:order 2 .
                :dev a sg:Agent .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "build" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :review a sg:Gate ; rdfs:label "Reviewed" ; sg:closes :p1 ; sg:condition [ sg:predicate "review-ok" ] .
                """;
        AtomicBoolean ran = new AtomicBoolean();
        Engine engine = Engine.builder()
                .handler("build", ctx -> {
                    ran.set(true);
                    return null;
                })
                .predicate("something-else", ctx -> true)
                .build();

        assertThatThrownBy(() -> engine.run(plan(spec)))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .contains("Reviewed").contains(iri("review")).contains("review-ok"));
        assertThat(ran).isFalse();
    }

    @Test
    void aHandlerRegisteredForATaskThePlanDoesNotHaveIsRefused() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        Engine engine = Engine.builder()
                .handler("build", ctx -> null)
                .handlerForTask(iri("biuld"), ctx -> null)
                .build();

        assertThatThrownBy(() -> engine.run(plan(spec)))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .contains(iri("biuld")));
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancellingAStartedRunCancelsEverythingUnfinished() throws Exception {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :p2 a sg:Phase ; sg:order 2 .
                :dev a sg:Agent ; sg:concurrency 8 .
                :first a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :long1 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "long" ; sg:dependsOn :first ;
                   sg:estimatedDuration "PT1H"^^xsd:duration .
                :long2 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "long" ; sg:dependsOn :first ;
                   sg:estimatedDuration "PT1H"^^xsd:duration .
                :tail a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "quick" ; sg:dependsOn :long1 ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :flaky a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 3 ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :later a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "quick" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :g1 a sg:Gate ; sg:closes :p1 ; sg:condition [ sg:predicate "ok" ] .
                """;
        CountDownLatch longStarted = new CountDownLatch(2);
        CountDownLatch flakyWaits = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        List<String> interrupted = new CopyOnWriteArrayList<>();
        List<String> quick = new CopyOnWriteArrayList<>();
        RunHandle handle = Engine.builder()
                .backoff(Duration.ofSeconds(30)) // flaky waits to retry when the run is cancelled
                .handler("quick", ctx -> {
                    quick.add(ctx.task().iri());
                    return null;
                })
                .handler("long", ctx -> {
                    longStarted.countDown();
                    try {
                        never.await(20, TimeUnit.SECONDS);
                        return null;
                    } catch (InterruptedException e) {
                        interrupted.add(ctx.task().iri());
                        throw e;
                    }
                })
                .handler("flaky", ctx -> {
                    throw new IllegalStateException("not yet");
                })
                .predicate("ok", ctx -> true)
                .listener(e -> {
                    if (e instanceof RunEvent.TaskFinished f && f.task().iri().equals(iri("flaky")) && f.willRetry()) {
                        flakyWaits.countDown();
                    }
                })
                .build()
                .start(plan(spec));

        assertThat(await(longStarted)).isTrue();
        assertThat(await(flakyWaits)).isTrue();
        assertThat(handle.done()).isFalse();
        assertThat(handle.await(Duration.ofMillis(50))).isEmpty(); // the long handlers are still blocked
        handle.cancel();
        Optional<RunResult> ended = handle.await(Duration.ofSeconds(20));

        assertThat(ended).isPresent();
        RunResult result = ended.get();
        assertThat(handle.done()).isTrue();
        assertThat(result.runIri()).isEqualTo(handle.runIri());
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.CANCELLED);
        assertThat(task(result, "first").state()).isEqualTo(TaskState.SUCCEEDED);
        for (String t : List.of("long1", "long2", "tail", "flaky", "later")) {
            assertThat(task(result, t).state()).as(t).isEqualTo(TaskState.CANCELLED);
            assertThat(task(result, t).reason()).as(t).contains("cancelled");
        }
        assertThat(task(result, "flaky").attempts()).singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(TaskState.FAILED));
        assertThat(task(result, "tail").attempts()).isEmpty();
        assertThat(task(result, "later").attempts()).isEmpty();
        assertThat(gate(result, "g1").state()).isEqualTo(GateState.CANCELLED);
        assertThat(interrupted).containsExactlyInAnyOrder(iri("long1"), iri("long2"));
        assertThat(quick).containsExactly(iri("first"));
        // await() returns the same result once the run has ended
        assertThat(handle.await()).isSameAs(result);
    }

    // ------------------------------------------------------------------ helpers

    private static Path find(Path root, String fileName) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals(fileName)).toList();
            assertThat(found).as("files named %s under %s", fileName, root).hasSize(1);
            return found.get(0);
        }
    }

    private static String contentOf(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls (not a synchronisation: the state of an outside process) until the pid is gone, for at most 10 s. */
    private static boolean eventuallyGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(20);
            } else {
                return true;
            }
        }
        return false;
    }
}
