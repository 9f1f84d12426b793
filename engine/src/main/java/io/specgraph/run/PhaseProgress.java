package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each phase of a run has got: whether one of its tasks has started, how many have ended and whether
 * all of those succeeded; from which the phase events follow. Only the plan's scheduled tasks count:
 * compensation may run in a phase that has already finished.
 */
final class PhaseProgress {
    /** One phase's counters, found with one lookup per task event (every task starts and ends through here). */
    private static final class Progress {
        final PlanPhase phase;
        int total;
        int done;
        boolean ok = true;
        boolean started;

        Progress(PlanPhase phase) {
            this.phase = phase;
        }
    }

    private final Map<String, Progress> phases = new HashMap<>();

    PhaseProgress(Plan plan) {
        plan.phases().forEach(p -> phases.put(p.iri(), new Progress(p)));
        for (PlanTask t : plan.tasks()) {
            Progress p = t.compensation() || t.phase() == null ? null : phases.get(t.phase());
            if (p != null) {
                p.total++;
            }
        }
    }

    /** A task of the plan started at {@code at}; returns the phase's start event if it is the phase's first. */
    RunEvent.PhaseStarted taskStarted(PlanTask t, Duration at) {
        Progress p = t.phase() == null ? null : phases.get(t.phase());
        if (p == null || p.started) {
            return null;
        }
        p.started = true;
        return new RunEvent.PhaseStarted(at, p.phase);
    }

    /** A task of the plan ended at {@code at}; returns the phase's finish event if it was the phase's last. */
    RunEvent.PhaseFinished taskEnded(PlanTask t, boolean succeeded, Duration at) {
        Progress p = t.phase() == null ? null : phases.get(t.phase());
        if (p == null) {
            return null;
        }
        p.ok &= succeeded;
        return ++p.done == p.total ? new RunEvent.PhaseFinished(at, p.phase, p.ok) : null;
    }
}
