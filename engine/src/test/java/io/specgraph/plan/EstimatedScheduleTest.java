package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The estimated schedule is the simulation behind the estimated makespan: every scheduled task once, at its
 * estimate, never before what precedes it, never more at once than the workers, and its last end is the
 * estimated makespan. On the example specs and on random multi-phase specs.
 */
class EstimatedScheduleTest {
    static Stream<Plan> plans() {
        Stream<Plan> examples = Stream.of("build-optimization", "review-all", "codegen", "gadugi-v03")
                .map(name -> Specgraph.load(Path.of("..", "specs", name)).plan());
        Random rnd = new Random(17);
        Stream<Plan> random = Stream.generate(() -> RandomPlansTest.randomSpec(rnd, 5 + rnd.nextInt(30), 0.15,
                1 + rnd.nextInt(3), 1 + rnd.nextInt(4))).limit(40)
                .map(spec -> Specgraph.load(l -> l.string("random.ttl", spec.turtle())).plan(
                        PlanOptions.builder().allowUnclosed(true).build()));
        return Stream.concat(examples, random);
    }

    @ParameterizedTest
    @MethodSource("plans")
    void theScheduleIsTheEstimatedMakespansSimulation(Plan plan) {
        for (int workers : new int[] {1, 2, 4}) {
            var schedule = plan.estimatedSchedule(workers);
            long scheduled = plan.nodes().stream().filter(n -> n.kind() == PlanNode.Kind.TASK).count();
            assertThat(schedule).hasSize((int) scheduled);
            Map<String, ScheduledTask> byTask = new HashMap<>();
            schedule.forEach(s -> byTask.put(s.task(), s));
            assertThat(byTask).hasSize(schedule.size());
            Duration end = schedule.stream().map(ScheduledTask::end).max(Duration::compareTo).orElse(Duration.ZERO);
            assertThat(end).isEqualTo(plan.estimatedMakespan(workers));
            for (ScheduledTask s : schedule) {
                assertThat(s.end().minus(s.start())).isEqualTo(plan.task(s.task()).orElseThrow().estimatedDuration());
            }
            assertThat(schedule).isSortedAccordingTo((a, b) -> a.start().compareTo(b.start()));
            // a task starts after every task before it in the DAG has ended (gates and barriers pass at once)
            Map<String, Duration> done = new HashMap<>();
            for (var level : plan.levels()) {
                for (String id : level) {
                    Duration ready = plan.edges().stream().filter(e -> e.to().equals(id)).map(e -> done.get(e.from()))
                            .max(Duration::compareTo).orElse(Duration.ZERO);
                    ScheduledTask s = byTask.get(id);
                    if (s != null) {
                        assertThat(s.start()).as(id).isGreaterThanOrEqualTo(ready);
                    }
                    done.put(id, s != null ? s.end() : ready);
                }
            }
            for (ScheduledTask s : schedule) {
                long atOnce = schedule.stream().filter(o -> o.start().compareTo(s.start()) <= 0 && o.end().compareTo(s.start()) > 0
                        && o.end().compareTo(o.start()) > 0).count();
                assertThat(atOnce).as("tasks running at %s", s.start()).isLessThanOrEqualTo(workers);
            }
        }
    }
}
