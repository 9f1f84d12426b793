package io.specgraph.run;

import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.plan.Plan;
import io.specgraph.store.QueryAnswer;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Durable runs through the public API: a run kept in a store, interrupted in the middle, resumed from its
 * journal without running what completed again, and refused when the plan or the settings changed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableRunTest {
    static final String CHAIN = """
            :p1 a sg:Phase ; sg:order 1 .
            :alice a sg:Agent ; rdfs:label "Alice" .
            :a a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :b a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :a ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            :c a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :b ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            """;

    private final Map<String, List<String>> calls = new ConcurrentHashMap<>();

    private Engine.Builder engine(RunStore store, TaskHandler work) {
        return Engine.builder().store(store).workers(2).backoff(Duration.ZERO).handler("work", work);
    }

    private void called(TaskContext ctx) {
        String local = ctx.task().iri().substring(RunSpecs.NS.length());
        calls.computeIfAbsent(local, k -> new CopyOnWriteArrayList<>()).add(ctx.idempotencyKey());
    }

    @Test
    void anInterruptedRunResumesWithoutRunningWhatCompletedAgain() throws Exception {
        RunStore store = RunStore.inMemory();
        Plan plan = plan(CHAIN);
        CountDownLatch bStarted = new CountDownLatch(1);
        RunHandle first = engine(store, ctx -> {
            called(ctx);
            if (ctx.task().iri().equals(iri("b"))) {
                bStarted.countDown();
                Thread.sleep(60_000); // interrupted below
            }
            return Map.of("from", ctx.task().label(), "n", 1);
        }).build().start(plan, RunOrigin.of("chain"));
        assertThat(RunSpecs.await(bStarted)).isTrue();
        first.interrupt();
        RunResult stopped = first.await();
        assertThat(stopped.outcome()).isEqualTo(RunResult.Outcome.INTERRUPTED);
        RunInfo info = store.find(first.runId()).orElseThrow();
        assertThat(info.progress().state()).isEqualTo(RunInfo.State.INTERRUPTED);
        assertThat(info.progress().tasksDone()).isEqualTo(1);

        Map<String, Object> seenByC = new ConcurrentHashMap<>();
        RunResult resumed = engine(store, ctx -> {
            called(ctx);
            if (ctx.task().iri().equals(iri("c"))) {
                seenByC.putAll(ctx.upstream());
                ctx.output(iri("a")).ifPresent(o -> seenByC.put("a", o));
            }
            return Map.of("from", ctx.task().label(), "n", 1);
        }).build().resume(plan, first.runId()).await();

        assertThat(resumed.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        String id = first.runId();
        assertThat(calls.get("a")).as("a completed before the interrupt").containsExactly(id + "/a/1");
        assertThat(calls.get("b")).as("b was running: interrupted, then started again").containsExactly(id + "/b/1", id + "/b/2");
        assertThat(calls.get("c")).containsExactly(id + "/c/1");
        assertThat(task(resumed, "b").attempts()).extracting(Attempt::state)
                .containsExactly(TaskState.INTERRUPTED, TaskState.SUCCEEDED);
        assertThat(task(resumed, "a").attempts()).hasSize(1);
        assertThat(seenByC.get("a")).as("a's output, kept in the journal, reaches c after the resume")
                .isEqualTo(Map.of("from", "a", "n", 1));

        RunInfo done = store.find(id).orElseThrow();
        assertThat(done.progress().state()).isEqualTo(RunInfo.State.SUCCEEDED);
        assertThat(done.progress().tasksDone()).isEqualTo(3);
        QueryAnswer interrupted = store.query("""
                PREFIX sg: <https://w3id.org/specgraph#>
                SELECT ?attempt WHERE { ?attempt sg:state sg:Interrupted }""", Duration.ofSeconds(10));
        assertThat(((QueryAnswer.Rows) interrupted).rows()).as("the saved record shows the interrupted attempt").hasSize(1);
    }

    @Test
    void resumeRefusesAPlanThatChangedAndRunsNothing() throws Exception {
        RunStore store = RunStore.inMemory();
        RunHandle first = startAndInterrupt(store, plan(CHAIN));
        Plan changed = plan(CHAIN.replace(":c a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler \"work\"",
                ":c a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler \"other\""));
        calls.clear();
        assertThatThrownBy(() -> engine(store, ctx -> {
            called(ctx);
            return null;
        }).handler("other", ctx -> null).build().resume(changed, first.runId()))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("the spec changed since the run started, for " + iri("c") + " (changed)");
        assertThat(calls).isEmpty();
        assertThat(store.find(first.runId()).orElseThrow().progress().state()).isEqualTo(RunInfo.State.INTERRUPTED);
    }

    @Test
    void resumeRefusesOtherSettings() throws Exception {
        RunStore store = RunStore.inMemory();
        Plan plan = plan(CHAIN);
        RunHandle first = startAndInterrupt(store, plan);
        assertThatThrownBy(() -> engine(store, ctx -> null).workers(3).build().resume(plan, first.runId()))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("the run was started with workers 2, this engine has 3");
    }

    @Test
    void aFinishedRunIsNotResumed() throws Exception {
        RunStore store = RunStore.inMemory();
        Plan plan = plan(CHAIN);
        RunHandle done = engine(store, ctx -> null).build().start(plan, RunOrigin.of("chain"));
        assertThat(done.await().succeeded()).isTrue();
        assertThatThrownBy(() -> engine(store, ctx -> null).build().resume(plan, done.runId()))
                .isInstanceOf(StoreException.class).hasMessageContaining("has finished (succeeded)");
        assertThatThrownBy(() -> engine(store, ctx -> null).build().resume(plan, "zzzzzz"))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run zzzzzz");
    }

    private RunHandle startAndInterrupt(RunStore store, Plan plan) throws InterruptedException {
        CountDownLatch bStarted = new CountDownLatch(1);
        RunHandle first = engine(store, ctx -> {
            if (ctx.task().iri().equals(iri("b"))) {
                bStarted.countDown();
                Thread.sleep(60_000);
            }
            return null;
        }).build().start(plan, RunOrigin.of("chain"));
        assertThat(RunSpecs.await(bStarted)).isTrue();
        first.interrupt();
        assertThat(first.await().outcome()).isEqualTo(RunResult.Outcome.INTERRUPTED);
        return first;
    }
}
