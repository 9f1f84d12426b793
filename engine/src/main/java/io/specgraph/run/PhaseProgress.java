package io.specgraph.run;

import io.specgraph.plan.PlanPhase;
import java.time.Duration;
import java.util.List;

/**
 * How far each phase of a run has got: whether one of its tasks has started, how many have ended and whether
 * all of those succeeded; from which the phase events follow. Only the plan's scheduled tasks count:
 * compensation may run in a phase that has already finished. Phases and tasks by index (every task starts and
 * ends through here: no lookup by IRI).
 */
final class PhaseProgress {
    private final List<PlanPhase> phases;
    private final RunNodes nodes;
    private final int[] total;
    private final int[] done;
    private final boolean[] failed;
    private final boolean[] started;

    PhaseProgress(List<PlanPhase> phases, RunNodes nodes) {
        this.phases = phases;
        this.nodes = nodes;
        this.total = new int[phases.size()];
        this.done = new int[phases.size()];
        this.failed = new boolean[phases.size()];
        this.started = new boolean[phases.size()];
        for (int v = 0; v < nodes.n; v++) {
            int p = nodes.admission.phaseOf(v);
            if (p >= 0) {
                total[p]++;
            }
        }
    }

    /** The plan's task at node v started at {@code at}; returns the phase's start event if it is the phase's first. */
    RunEvent.PhaseStarted taskStarted(int v, Duration at) {
        int p = v < nodes.n ? nodes.admission.phaseOf(v) : -1;
        if (p < 0 || started[p]) {
            return null;
        }
        started[p] = true;
        return new RunEvent.PhaseStarted(at, phases.get(p));
    }

    /** The plan's task at node v ended at {@code at}; returns the phase's finish event if it was the phase's last. */
    RunEvent.PhaseFinished taskEnded(int v, boolean succeeded, Duration at) {
        int p = v < nodes.n ? nodes.admission.phaseOf(v) : -1;
        if (p < 0) {
            return null;
        }
        failed[p] |= !succeeded;
        return ++done[p] == total[p] ? new RunEvent.PhaseFinished(at, phases.get(p), !failed[p]) : null;
    }
}
