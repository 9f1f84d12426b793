package io.specgraph.run;

import static io.specgraph.run.RunSpecs.gate;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import io.specgraph.store.RunStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run kept in a store and interrupted before it reached a gate (Ctrl-C in the middle of a phase) ends with the
 * gate pending, shows so from its journal, and resumes to the end. (Its result used to fail with a
 * NullPointerException, as the gate had no outcome yet: every Ctrl-C of a spec with gates was an internal error.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedBeforeAGateTest {
    static final String GATED = """
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :alice a sg:Agent ; rdfs:label "Alice" .
            :build a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :built a sg:Gate ; sg:closes :p1 ; sg:requires :build ; sg:owner :alice ; sg:condition [ sg:ask "ASK { ?s ?p ?o }" ] .
            :ship a sg:Task ; sg:agent :alice ; sg:phase :p2 ; sg:handler "work" ; sg:dependsOn :built ;
               sg:estimatedDuration "PT1M"^^xsd:duration .
            """;

    @Test
    void aRunInterruptedBeforeAGateHasTheGatePendingAndResumes() throws Exception {
        RunStore store = RunStore.inMemory();
        Plan plan = plan(GATED);
        CountDownLatch started = new CountDownLatch(1);
        RunHandle first = Engine.builder().store(store).handler("work", ctx -> {
            started.countDown();
            Thread.sleep(60_000); // interrupted below
            return null;
        }).build().start(plan, RunOrigin.of("gated"));
        assertThat(RunSpecs.await(started)).isTrue();
        first.interrupt();
        RunResult stopped = first.await();
        assertThat(stopped.outcome()).isEqualTo(RunResult.Outcome.INTERRUPTED);
        assertThat(gate(stopped, "built").state()).isEqualTo(GateState.PENDING);
        assertThat(RunReportWriter.write(stopped, RunReportFormat.TEXT)).contains("run interrupted");

        Engine.Builder quick = Engine.builder().store(store).handler("work", ctx -> null);
        RunResult shown = quick.build().inspect(plan, first.runId());
        assertThat(gate(shown, "built").state()).isEqualTo(GateState.PENDING);
        RunResult resumed = quick.build().resume(plan, first.runId()).await();
        assertThat(resumed.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(gate(resumed, "built").state()).isEqualTo(GateState.PASSED);
        assertThat(task(resumed, "ship").state()).isEqualTo(TaskState.SUCCEEDED);
    }
}
