package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Specgraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan's estimate when some tasks take no time (an incremental run's cached tasks): with none it is the plan's
 * own estimate, with all it is zero, and otherwise its critical path is the longest path with those tasks at zero.
 */
class EstimateWithoutTest {
    static List<Plan> plans() {
        return EstimatedScheduleTest.plans().toList();
    }

    @ParameterizedTest
    @MethodSource("plans")
    void withoutNothingItIsThePlansEstimateAndWithoutEverythingItIsZero(Plan plan) {
        for (int workers : new int[] {1, 3}) {
            PlanEstimate none = plan.estimateWithout(Set.of(), workers);
            assertThat(none.makespan()).isEqualTo(plan.estimatedMakespan(workers));
            assertThat(none.criticalPath()).isEqualTo(plan.criticalPath());
            List<String> all = plan.nodes().stream().filter(n -> n.kind() == PlanNode.Kind.TASK).map(PlanNode::id).toList();
            PlanEstimate everything = plan.estimateWithout(all, workers);
            assertThat(everything.makespan()).isZero();
            assertThat(everything.criticalPath().length()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("plans")
    void theCriticalPathCountsTheLeftOutTasksAsZeroAndTheMakespanIsNoShorterThanIt(Plan plan) {
        Random rnd = new Random(plan.size());
        List<String> tasks = plan.nodes().stream().filter(n -> n.kind() == PlanNode.Kind.TASK).map(PlanNode::id).toList();
        Set<String> left = new HashSet<>();
        tasks.forEach(t -> {
            if (rnd.nextBoolean()) {
                left.add(t);
            }
        });
        PlanEstimate e = plan.estimateWithout(left, 2);
        // the longest path, computed over the levels with the left-out tasks at zero
        Map<String, Long> finish = new HashMap<>();
        long longest = 0;
        for (List<String> level : plan.levels()) {
            for (String id : level) {
                long start = plan.edges().stream().filter(x -> x.to().equals(id)).mapToLong(x -> finish.get(x.from())).max().orElse(0);
                long own = left.contains(id) ? 0 : plan.nodes().get(plan.indexOf(id)).duration().toMillis();
                finish.put(id, start + own);
                longest = Math.max(longest, start + own);
            }
        }
        assertThat(e.criticalPath().length()).isEqualTo(Duration.ofMillis(longest));
        long pathSum = e.criticalPath().nodes().stream()
                .mapToLong(id -> left.contains(id) ? 0 : plan.nodes().get(plan.indexOf(id)).duration().toMillis()).sum();
        assertThat(pathSum).isEqualTo(longest);
        assertThat(e.makespan()).isGreaterThanOrEqualTo(e.criticalPath().length());
        long work = tasks.stream().filter(t -> !left.contains(t)).mapToLong(t -> plan.task(t).orElseThrow().estimatedDuration().toMillis()).sum();
        assertThat(e.makespan().toMillis()).isGreaterThanOrEqualTo((work + 1) / 2);
    }

    @Test
    void onTheIncrementalExampleOnlyTheBloomBranchLeftRunsInItsOwnTime() {
        Plan plan = Specgraph.load(Path.of("..", "specs", "codegen-incremental")).plan();
        String ns = "https://w3id.org/specgraph/example/codegen-incremental#";
        PlanEstimate e = plan.estimateWithout(List.of(ns + "compile-templates", ns + "generate-spectrum", ns + "generate-pulse"), 4);
        assertThat(plan.estimatedMakespan(4)).isEqualTo(Duration.ofMillis(1100));
        assertThat(e.makespan()).isEqualTo(Duration.ofMillis(900));
        assertThat(e.criticalPath().length()).isEqualTo(Duration.ofMillis(900));
        assertThat(e.criticalPath().nodes()).contains(ns + "generate-bloom", ns + "compile-generated", ns + "write-output");
        assertThatThrownBy(() -> plan.estimateWithout(List.of(ns + "ghost"), 4)).hasMessageContaining("no scheduled task " + ns + "ghost");
    }
}
