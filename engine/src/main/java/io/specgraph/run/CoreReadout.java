package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanTask;
import io.specgraph.store.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a run's core holds, read out for its result and its store: tasks, gates, SLO rows, progress. */
final class CoreReadout {
    private CoreReadout() {}

    static List<TaskRun> taskRuns(Plan plan, RunCore core) {
        return core.states.taskRuns(plan.tasks(), core.nodes.nodeOfTask, core.nodes.n);
    }

    static List<GateOutcome> gateOutcomes(Plan plan, RunCore core) {
        List<PlanGate> gates = plan.gates();
        return java.util.stream.IntStream.range(0, gates.size()).mapToObj(i -> {
            PlanGate g = gates.get(i);
            int v = core.nodes.nodeOfGate[i];
            return core.approvals.waiting(v)
                    ? new GateOutcome(g, GateState.WAITING, "waits for a decision by " + Approvals.who(Approvals.of(g)), List.of(),
                            Optional.empty())
                    : core.states.gateOutcome(v) != null ? core.states.gateOutcome(v)
                    // a run that stops before it reaches a gate (interrupted, or shown from its journal) has no outcome for it
                    : new GateOutcome(g, GateState.PENDING, "not reached yet", List.of(), Optional.empty());
        }).toList();
    }

    static List<SloRow> sloRows(Plan plan, RunCore core) {
        return plan.metrics().stream().map(m -> new SloRow(m, Optional.ofNullable(core.measured.get(m.iri())),
                core.carriedOver.contains(m.iri()))).toList();
    }

    /** The run's summary for its store, in {@code state}. */
    static RunInfo.Progress progress(Plan plan, RunCore core, RunInfo.State state) {
        int done = 0;
        for (int v = 0; v < core.nodes.n; v++) {
            if (core.nodes.task[v] != null && core.states.state(v).terminal()) {
                done++;
            }
        }
        List<String> waitingFor = core.approvals.waitingGates().stream().map(v -> core.nodes.gate[v].iri()).toList();
        return new RunInfo.Progress(state, done, plan.tasks().size() - (core.nodes.total - core.nodes.n), core.elapsed(), waitingFor);
    }
}
