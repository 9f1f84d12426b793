package io.specgraph.run;

import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The virtual-time driver on its own, through the scheduler it drives and the journal of inputs it gives the core:
 * its clock moves only to the instants of timers the core armed, it asks the core to dispatch only once an instant
 * is settled, and so it starts tasks in the order the real-time driver does and ends at the plan's estimate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualTimeDriverTest {
    /** Five independent tasks of different lengths and a two-task chain, one agent that never limits. */
    private static final String TASKS = """
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent ; sg:concurrency 16 .
            :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT3M"^^xsd:duration .
            :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT7M"^^xsd:duration .
            :c a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
            :d a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT5M"^^xsd:duration .
            :e a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT2M"^^xsd:duration .
            :f a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :e ;
               sg:estimatedDuration "PT4M"^^xsd:duration .
            """;

    private static Scheduler virtualRun(Plan plan, int workers) {
        Engine engine = Engine.builder().workers(workers).simulateInVirtualTime().build();
        Scheduler run = new Scheduler(engine, plan, new TaskHandler[0]);
        run.keepJournal();
        return run;
    }

    /** The nodes the core started, in the order it started them. */
    private static List<Integer> started(List<Scheduler.Step> journal) {
        List<Integer> nodes = new ArrayList<>();
        for (Scheduler.Step step : journal) {
            for (CoreDecision d : step.decisions()) {
                if (d instanceof CoreDecision.StartAttempt s) {
                    nodes.add(s.node());
                }
            }
        }
        return nodes;
    }

    @Test
    void theClockMovesOnlyToTheInstantsOfTimersTheCoreArmedAndEndsAtThePlansEstimate() {
        Plan plan = plan(TASKS);
        Scheduler run = virtualRun(plan, 2);

        RunResult result = run.run();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        TreeSet<Long> armed = new TreeSet<>();
        armed.add(0L);
        for (Scheduler.Step step : run.journal()) {
            assertThat(armed).as("the instant of %s: the start or a timer armed before it", step.input())
                    .contains(step.input().at());
            for (CoreDecision d : step.decisions()) {
                if (d instanceof CoreDecision.ArmTimer t) {
                    armed.add(t.at());
                }
            }
        }
        List<Scheduler.Step> journal = run.journal();
        Duration last = Duration.ofNanos(journal.get(journal.size() - 1).input().at());
        assertThat(last).as("the instant of the last input").isEqualTo(plan.estimatedMakespan(2));
        assertThat(result.wallTime()).isEqualTo(plan.estimatedMakespan(2));
    }

    /** A gate closing the first phase, whose conditions take real time; a task of its own phase still to start. */
    private static final String GATED = """
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :dev a sg:Agent ; sg:concurrency 4 .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
            :check a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration .
            :late a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration ;
               sg:dependsOn :check .
            :ship a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
            :g1 a sg:Gate ; sg:closes :p1 ; sg:condition [ sg:predicate "ok" ] .
            """;

    @Test
    void itDispatchesOnlyOnceTheInstantIsSettledNeverWhileAGateIsBeingChecked() {
        Engine engine = Engine.builder().workers(2).simulateInVirtualTime().predicate("ok", ctx -> {
            Thread.sleep(30);
            return true;
        }).build();
        Scheduler run = new Scheduler(engine, plan(GATED), new TaskHandler[0]);
        run.keepJournal();

        assertThat(run.run().outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);

        // a dispatch while a gate's conditions run would let real time (when the answer came), not the plan, decide
        List<Scheduler.Step> journal = run.journal();
        boolean checking = false;
        int gates = 0;
        for (int i = 0; i < journal.size(); i++) {
            CoreInput input = journal.get(i).input();
            if (input instanceof CoreInput.GateAnswered) {
                checking = false;
            }
            assertThat(checking && input instanceof CoreInput.Dispatch).as("step %d (%s) while gate g1 was being checked", i, input)
                    .isFalse();
            if (journal.get(i).decisions().stream().anyMatch(d -> d instanceof CoreDecision.EvaluateGate)) {
                checking = true;
                gates++;
            }
        }
        assertThat(gates).as("gate checks sent out").isEqualTo(1);
    }

    @Test
    void withOneWorkerItStartsTasksInTheOrderTheRealTimeDriverDoes() throws Exception {
        Plan plan = plan(TASKS);
        Scheduler virtual = virtualRun(plan, 1);
        virtual.run();

        Engine real = Engine.builder().workers(1).handler("work", ctx -> null).build();
        RunHandle handle = real.startJournaled(plan);
        assertThat(handle.await(Duration.ofSeconds(30))).isPresent();

        List<Integer> order = started(virtual.journal());
        // longest remaining path first: b (7), e (6 with f); once e ended, d (5), f (4), a (3), c (1)
        assertThat(order).extracting(v -> plan.nodes().get(v).id())
                .containsExactly(RunSpecs.iri("b"), RunSpecs.iri("e"), RunSpecs.iri("d"), RunSpecs.iri("f"), RunSpecs.iri("a"), RunSpecs.iri("c"));
        assertThat(order).as("the order the real-time driver started the tasks in").isEqualTo(started(handle.scheduler().journal()));
    }
}
