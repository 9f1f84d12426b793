package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How far each phase of a run has got: whether one of its tasks has started, how many have ended and whether
 * all of those succeeded; from which the phase events follow. Only the plan's scheduled tasks count:
 * compensation may run in a phase that has already finished.
 */
final class PhaseProgress {
    private final Map<String, PlanPhase> phases = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> done = new HashMap<>();
    private final Map<String, Boolean> ok = new HashMap<>();
    private final Set<String> started = new HashSet<>();

    PhaseProgress(Plan plan) {
        plan.phases().forEach(p -> phases.put(p.iri(), p));
        for (PlanTask t : plan.tasks()) {
            if (!t.compensation() && t.phase() != null) {
                total.merge(t.phase(), 1, Integer::sum);
            }
        }
    }

    /** A task of the plan started at {@code at}; returns the phase's start event if it is the phase's first. */
    RunEvent.PhaseStarted taskStarted(PlanTask t, Duration at) {
        String phase = t.phase();
        return phase != null && phases.containsKey(phase) && started.add(phase)
                ? new RunEvent.PhaseStarted(at, phases.get(phase)) : null;
    }

    /** A task of the plan ended at {@code at}; returns the phase's finish event if it was the phase's last. */
    RunEvent.PhaseFinished taskEnded(PlanTask t, boolean succeeded, Duration at) {
        String phase = t.phase();
        if (phase == null || !phases.containsKey(phase)) {
            return null;
        }
        ok.merge(phase, succeeded, Boolean::logicalAnd);
        return done.merge(phase, 1, Integer::sum).equals(total.get(phase))
                ? new RunEvent.PhaseFinished(at, phases.get(phase), ok.get(phase)) : null;
    }
}
