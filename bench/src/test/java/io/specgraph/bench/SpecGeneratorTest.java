package io.specgraph.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.bench.SpecGenerator.Shape;
import io.specgraph.closure.ClosureReport;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated specs are closed, have the requested size and shape, and are the same for the same seed. */
class SpecGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void aRandomSpecIsClosedAndHasTheRequestedSize() {
        SpecGenerator.Generated g = SpecGenerator.builder().tasks(500).phases(5).agents(7).meanInDegree(2).seed(3)
                .build().writeTo(dir);
        Spec spec = Specgraph.load(dir);
        ClosureReport report = spec.validate();
        assertThat(report.violations()).isEmpty();
        assertThat(report.closed()).isTrue();

        Plan plan = spec.plan();
        assertThat(plan.tasks()).hasSize(500);
        assertThat(plan.phases()).hasSize(5);
        assertThat(plan.agents()).hasSize(7);
        assertThat(plan.gates()).hasSize(5);
        assertThat(plan.metrics()).hasSize(5);
        long declared = plan.tasks().stream().mapToLong(t -> t.dependsOn().size()).sum();
        assertThat(declared).isEqualTo(g.dependencies());
        // a Poisson mean of 2, less what the first tasks of each phase cannot have
        assertThat(declared / 500.0).isBetween(1.6, 2.2);
        assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.estimatedDuration())
                .isBetween(Duration.ofMinutes(1), Duration.ofMinutes(60)));
    }

    @Test
    void aChainHasNoParallelismAndAFanIsAsWideAsItsMiddle() {
        Plan chain = generate(Shape.CHAIN, 200, "chain");
        assertThat(chain.criticalPath().length()).isEqualTo(chain.totalWork());
        assertThat(chain.maxWidth()).isEqualTo(1);

        Plan fan = generate(Shape.FAN, 200, "fan");
        assertThat(fan.maxWidth()).isEqualTo(198);
        assertThat(fan.criticalPath().nodes()).hasSize(3);
        PlanTask sink = fan.task(SpecGenerator.NS + "t199").orElseThrow();
        assertThat(sink.dependsOn()).hasSize(198);
    }

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedOthers() throws IOException {
        SpecGenerator.Builder b = SpecGenerator.builder().tasks(300).phases(3).agents(4);
        b.seed(9).build().writeTo(dir.resolve("a"));
        b.seed(9).build().writeTo(dir.resolve("b"));
        b.seed(10).build().writeTo(dir.resolve("c"));
        for (String file : new String[] {"feature.ttl", "entities.ttl", "plan.ttl"}) {
            assertThat(Files.readString(dir.resolve("a").resolve(file))).isEqualTo(Files.readString(dir.resolve("b").resolve(file)));
        }
        assertThat(Files.readString(dir.resolve("a/plan.ttl"))).isNotEqualTo(Files.readString(dir.resolve("c/plan.ttl")));
    }

    @Test
    void settingsThatCannotGiveAClosedSpecAreRefused() {
        assertThatThrownBy(() -> SpecGenerator.builder().tasks(3).agents(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every phase and every agent needs a task");
        assertThatThrownBy(() -> SpecGenerator.builder().tasks(0))
                .hasMessageContaining("tasks must be at least 1, got 0");
        assertThatThrownBy(() -> SpecGenerator.builder().meanInDegree(-1))
                .hasMessageContaining("mean in-degree");
    }

    private Plan generate(Shape shape, int tasks, String folder) {
        SpecGenerator.builder().tasks(tasks).phases(1).agents(3).shape(shape).build().writeTo(dir.resolve(folder));
        return Specgraph.load(dir.resolve(folder)).plan();
    }
}
