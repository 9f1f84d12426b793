package io.specgraph.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Figures of a plan that a spec may claim about itself, beyond those {@link Plan} offers for the whole plan:
 * the same figures for one phase, and the longest path through given nodes. Closure's claims check compares
 * them with what the spec declares, through {@link io.specgraph.internal.PackageAccess.Planning}: not API.
 */
final class PlanFigures {
    private PlanFigures() {}

    /** The tasks of the plan, or of one phase ({@code phase} an IRI; null for the whole plan). */
    static int taskCount(Plan plan, String phase) {
        return (int) plan.tasks().stream().filter(t -> phase == null || phase.equals(t.phase())).count();
    }

    /** The estimated work of the scheduled tasks of the plan, or of one phase. */
    static Duration work(Plan plan, String phase) {
        if (phase == null) {
            return plan.totalWork();
        }
        return plan.tasks().stream().filter(t -> !t.compensation() && phase.equals(t.phase()))
                .map(PlanTask::estimatedDuration).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The makespan of the engine's schedule on {@code workers} workers for the plan, or for one phase run on its
     * own (its tasks, the dependencies among them and the gates closing it: with strict phases no other phase
     * overlaps it).
     */
    static Duration makespan(Plan plan, String phase, int workers) {
        return phase == null ? plan.estimatedMakespan(workers) : phasePlan(plan, phase).estimatedMakespan(workers);
    }

    /** The plan's lower bound on {@code workers} workers, or one phase's (see {@link #makespan}). */
    static Duration lowerBound(Plan plan, String phase, int workers) {
        return phase == null ? plan.lowerBound(workers) : phasePlan(plan, phase).lowerBound(workers);
    }

    /** The length of the longest path of the plan, or of one phase run on its own. */
    static Duration criticalPath(Plan plan, String phase) {
        return phase == null ? plan.criticalPath().length() : phasePlan(plan, phase).criticalPath().length();
    }

    private static Plan phasePlan(Plan plan, String phase) {
        List<PlanPhase> phases = plan.phases().stream().filter(p -> p.iri().equals(phase)).toList();
        List<PlanTask> tasks = plan.tasks().stream().filter(t -> phase.equals(t.phase())).toList();
        List<PlanGate> gates = plan.gates().stream().filter(g -> phase.equals(g.closes())).toList();
        return Plan.build(phases, plan.agents(), tasks, gates, List.of(), List.of(), List.of(), plan.pipelined(),
                List.of(), plan.unknownDurations(), plan.specGraph());
    }

    /**
     * The length of the longest path of the plan that runs through the given nodes (tasks or gates) in the
     * given order, other nodes allowed between them; empty when some node is not in the plan or a node cannot be
     * reached from the one before it. Equal to the critical path's length exactly when the nodes lie, in this
     * order, on some longest path.
     */
    static Optional<Duration> longestPathThrough(Plan plan, List<String> nodes) {
        if (nodes.isEmpty()) {
            return Optional.of(plan.criticalPath().length());
        }
        int n = plan.size();
        int[] order = plan.topologicalIndices();
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            position[order[i]] = i;
        }
        List<Integer> waypoints = new ArrayList<>();
        for (String id : nodes) {
            int v = plan.indexOf(id);
            if (v < 0) {
                return Optional.empty();
            }
            waypoints.add(v);
        }
        // longest path ending with the first waypoint, from any start
        long[] finish = new long[n];
        for (int v : order) {
            long start = 0;
            for (int p : plan.predecessorsOf(v)) {
                start = Math.max(start, finish[p]);
            }
            finish[v] = start + plan.millisOf(v);
        }
        long total = finish[waypoints.get(0)];
        long[] reach = new long[n];
        for (int k = 0; k + 1 < waypoints.size(); k++) {
            int from = waypoints.get(k);
            int to = waypoints.get(k + 1);
            // longest path from the end of `from` to the end of `to`; -1 marks nodes not reached from `from`
            Arrays.fill(reach, -1);
            reach[from] = 0;
            for (int i = position[from] + 1; i <= position[to] && i < n; i++) {
                int v = order[i];
                long best = -1;
                for (int p : plan.predecessorsOf(v)) {
                    if (reach[p] >= 0) {
                        best = Math.max(best, reach[p]);
                    }
                }
                reach[v] = best < 0 ? -1 : best + plan.millisOf(v);
            }
            if (position[to] <= position[from] || reach[to] < 0) {
                return Optional.empty();
            }
            total += reach[to];
        }
        int last = waypoints.get(waypoints.size() - 1);
        total += plan.remainingOf(last) - plan.millisOf(last);
        return Optional.of(Duration.ofMillis(total));
    }
}
