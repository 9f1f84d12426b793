package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The critical path against a brute-force longest path on a few hundred small random DAGs, and the bounds
 * against the simulated schedule on random multi-phase specs. Seeds are fixed so a failure reproduces.
 */
class RandomPlansTest {
    private static final String PREFIXES = """
            @prefix :    <https://example.org/r#> .
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            """;

    /** A random spec: n tasks, edges i→j (i<j) with probability p, durations 0..9 minutes. */
    record RandomSpec(String turtle, int n, long[] minutes, List<int[]> edges) {}

    static RandomSpec randomSpec(Random rnd, int n, double p, int phases, int wantedAgents) {
        int agents = Math.min(wantedAgents, n); // every agent needs a task, or the spec is not closed
        StringBuilder ttl = new StringBuilder(PREFIXES);
        for (int k = 1; k <= phases; k++) {
            ttl.append(":p").append(k).append(" a sg:Phase ; sg:order ").append(k);
            if (rnd.nextBoolean()) {
                ttl.append(" ; sg:maxParallel ").append(1 + rnd.nextInt(3));
            }
            ttl.append(" .\n");
        }
        for (int a = 0; a < agents; a++) {
            ttl.append(":a").append(a).append(" a sg:Agent ; sg:concurrency ").append(1 + rnd.nextInt(2)).append(" .\n");
        }
        long[] minutes = new long[n];
        int[] phase = new int[n];
        for (int i = 0; i < n; i++) {
            phase[i] = 1 + (i * phases) / n; // non-decreasing, so dependencies never point to a later phase
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            minutes[i] = rnd.nextInt(10);
            ttl.append(":t").append(i).append(" a sg:Task ; sg:agent :a").append(i % agents)
                    .append(" ; sg:phase :p").append(phase[i]).append(" ; sg:handler \"h\" ; sg:estimatedDuration \"PT")
                    .append(minutes[i]).append("M\"^^xsd:duration");
            if (rnd.nextInt(4) == 0) {
                ttl.append(" ; sg:writes \"r").append(rnd.nextInt(2)).append('"');
            }
            for (int j = 0; j < i; j++) {
                if (rnd.nextDouble() < p) {
                    ttl.append(" ; sg:dependsOn :t").append(j);
                    edges.add(new int[] {j, i});
                }
            }
            ttl.append(" .\n");
        }
        return new RandomSpec(ttl.toString(), n, minutes, edges);
    }

    /** Longest path by trying every path from every node. */
    static long bruteForceLongest(RandomSpec spec) {
        Map<Integer, List<Integer>> next = new HashMap<>();
        for (int[] e : spec.edges()) {
            next.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
        }
        long best = 0;
        for (int start = 0; start < spec.n(); start++) {
            best = Math.max(best, longestFrom(start, spec, next));
        }
        return best;
    }

    private static long longestFrom(int v, RandomSpec spec, Map<Integer, List<Integer>> next) {
        long best = 0;
        for (int s : next.getOrDefault(v, List.of())) {
            best = Math.max(best, longestFrom(s, spec, next));
        }
        return spec.minutes()[v] + best;
    }

    @Test
    void criticalPathEqualsTheBruteForceLongestPathOnRandomDags() {
        Random rnd = new Random(20261121);
        for (int round = 0; round < 300; round++) {
            RandomSpec spec = randomSpec(rnd, 1 + rnd.nextInt(9), rnd.nextDouble() * 0.6, 1, 1 + rnd.nextInt(3));
            Plan plan = Specgraph.load(l -> l.string("random.ttl", spec.turtle())).plan();
            String context = "round " + round + ":\n" + spec.turtle();

            assertThat(plan.criticalPath().length()).as(context).isEqualTo(Duration.ofMinutes(bruteForceLongest(spec)));
            // the reported path is a real path whose durations add up to the reported length
            List<String> path = plan.criticalPath().nodes();
            long sum = 0;
            for (int i = 0; i < path.size(); i++) {
                sum += plan.task(path.get(i)).orElseThrow().estimatedDuration().toMinutes();
                if (i > 0) {
                    String from = path.get(i - 1);
                    String to = path.get(i);
                    assertThat(plan.edges()).as(context).anyMatch(e -> e.from().equals(from) && e.to().equals(to));
                }
            }
            assertThat(Duration.ofMinutes(sum)).as(context).isEqualTo(plan.criticalPath().length());
        }
    }

    @Test
    void boundsHoldAgainstTheSimulatedScheduleOnRandomPhasedSpecs() {
        Random rnd = new Random(7);
        for (int round = 0; round < 200; round++) {
            RandomSpec spec = randomSpec(rnd, 2 + rnd.nextInt(14), rnd.nextDouble() * 0.4, 1 + rnd.nextInt(3), 1 + rnd.nextInt(4));
            for (boolean pipelined : new boolean[] {false, true}) {
                Plan plan = Specgraph.load(l -> l.string("random.ttl", spec.turtle()))
                        .plan(PlanOptions.builder().pipelined(pipelined).build());
                String context = "round " + round + (pipelined ? " pipelined" : " strict") + ":\n" + spec.turtle();
                for (int workers = 1; workers <= 4; workers++) {
                    Duration bound = plan.lowerBound(workers);
                    Duration makespan = plan.estimatedMakespan(workers);
                    assertThat(bound).as(context + " W=" + workers).isLessThanOrEqualTo(makespan);
                    assertThat(bound).as(context).isGreaterThanOrEqualTo(plan.criticalPath().length());
                    assertThat(makespan).as(context).isLessThanOrEqualTo(plan.totalWork());
                }
                assertThat(plan.estimatedMakespan(1)).as(context).isEqualTo(plan.totalWork());
            }
        }
    }
}
