package io.specgraph.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example specs simulated through the workflow make the same decisions, in the same order, as the engine
 * makes them in virtual time: the workflow drives the same core, and its loop settles instants as the engine does.
 */
class SimulatedExamplesTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"build-optimization,4", "codegen,2", "gadugi-v03,3", "review-all,5"})
    void theWorkflowDecidesAsTheEngineInVirtualTime(String example, int workers) {
        Plan plan = Specgraph.load(Path.of("..", "specs", example)).plan();
        List<String> local = new ArrayList<>();
        RunResult result = Engine.builder().workers(workers).simulateInVirtualTime()
                .listener(e -> {
                    if (!(e instanceof RunEvent.RunFinished)) {
                        local.add(Harness.render(e));
                    }
                }).build().run(plan);
        try (Harness h = new Harness(plan, Engine.builder().build(), work)) {
            Messages.Settings settings = Harness.simulated(workers);
            Messages.RunOutcome outcome = h.run("sim-" + example, plan, settings);
            List<String> journal = h.runs.journal("sim-" + example);
            List<String> temporal = Harness.events(plan, settings, "urn:specgraph:run:sim-" + example, journal);
            assertThat(outcome.outcome()).isEqualTo(result.outcome().name());
            assertThat(temporal).hasSizeGreaterThan(plan.tasks().size()).containsExactlyElementsOf(local);
            assertThat(outcome.storedRun()).isNotNull();
            assertThat(h.store.record(outcome.storedRun())).isPresent();
        }
    }
}
