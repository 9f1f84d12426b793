package io.specgraph.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a plan does with tasks that have no usable estimate: by default their duration is unknown (they count as
 * zero, the plan says which they are, and figures of time become lower limits); a spec that opts in with
 * {@code sg:durationFallback sg:ShareOfPhaseEstimate} gives each an equal share of what its phase's
 * {@code sg:estimatedDuration} leaves after the phase's estimated tasks.
 */
final class UnknownDurations {
    private UnknownDurations() {}

    /**
     * Applies the fallback when {@code share} is set, removing the tasks it estimates from {@code unknown}, and adds
     * a warning naming the tasks estimated that way and those still unknown.
     */
    static List<PlanTask> settle(List<PlanTask> tasks, List<PlanPhase> phases, Set<String> unknown, boolean share,
                                 List<String> warnings) {
        if (unknown.isEmpty()) {
            return tasks;
        }
        List<PlanTask> out = new ArrayList<>(tasks);
        if (share) {
            Map<String, Duration> known = new HashMap<>();
            Map<String, Integer> missing = new HashMap<>();
            for (PlanTask t : tasks) {
                if (t.phase() == null || t.compensation()) {
                    continue;
                }
                if (unknown.contains(t.iri())) {
                    missing.merge(t.phase(), 1, Integer::sum);
                } else {
                    known.merge(t.phase(), t.estimatedDuration(), Duration::plus);
                }
            }
            Map<String, Duration> shareOf = new HashMap<>();
            for (PlanPhase p : phases) {
                if (p.estimatedDuration() != null && missing.containsKey(p.iri())) {
                    Duration left = p.estimatedDuration().minus(known.getOrDefault(p.iri(), Duration.ZERO));
                    shareOf.put(p.iri(), left.isNegative() ? Duration.ZERO : left.dividedBy(missing.get(p.iri())));
                }
            }
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                PlanTask t = out.get(i);
                Duration d = t.phase() == null ? null : shareOf.get(t.phase());
                if (d != null && unknown.remove(t.iri())) {
                    out.set(i, new PlanTask(t.iri(), t.label(), t.agent(), t.phase(), t.dependsOn(), d, t.action(),
                            t.inputs(), t.outputs(), t.writes(), t.retries(), t.timeout(), t.addresses(), t.measures(),
                            t.compensatedBy(), t.compensation()));
                    shared.add(t.label() + " " + PlanWriter.human(d));
                }
            }
            if (!shared.isEmpty()) {
                warnings.add(count(shared.size()) + " without sg:estimatedDuration " + (shared.size() == 1 ? "takes" : "take")
                        + " a share of the phase's estimate (sg:durationFallback sg:ShareOfPhaseEstimate): "
                        + examples(shared));
            }
        }
        if (!unknown.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (PlanTask t : tasks) {
                if (unknown.contains(t.iri())) {
                    names.add(t.label());
                }
            }
            warnings.add(count(names.size()) + (names.size() == 1 ? " has" : " have")
                    + " no estimated duration, so " + (names.size() == 1 ? "its duration is" : "their durations are")
                    + " unknown and the critical path, total work and bounds are lower limits: " + examples(names)
                    + "; give " + (names.size() == 1 ? "it" : "them") + " sg:estimatedDuration"
                    + (share ? " or their phase an sg:estimatedDuration" : ", or opt in to sharing each phase's"
                            + " sg:estimatedDuration over such tasks with sg:durationFallback sg:ShareOfPhaseEstimate on the sg:Spec"));
        }
        return out;
    }

    private static String count(int n) {
        return n + (n == 1 ? " task" : " tasks");
    }

    private static String examples(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }
}
