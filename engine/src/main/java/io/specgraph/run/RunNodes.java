package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a run by index: the plan's nodes as in {@link Plan#nodes()} (and its {@link Plan#dag()}), then
 * its compensation tasks, which are in no DAG: they run only when a gate fails. Arrays, for the core looks
 * nodes up on every step; nothing here changes during a run.
 */
final class RunNodes {
    /** How many nodes the plan has; compensation tasks are at this index and up. */
    final int n;
    /** The plan's nodes and the compensation tasks. */
    final int total;
    /** The task at each index, or null (a gate, a barrier). */
    final PlanTask[] task;
    /** The gate at each index, or null. */
    final PlanGate[] gate;
    final PlanNode.Kind[] kind;
    private final String[] id;
    /** Each node's index by its IRI (a barrier by its id). */
    final Map<String, Integer> indexOf = new HashMap<>();

    RunNodes(Plan plan) {
        List<PlanNode> nodes = plan.nodes();
        List<PlanTask> compensations = plan.tasks().stream().filter(PlanTask::compensation).toList();
        this.n = nodes.size();
        this.total = n + compensations.size();
        this.task = new PlanTask[total];
        this.gate = new PlanGate[total];
        this.kind = new PlanNode.Kind[total];
        this.id = new String[total];
        for (int v = 0; v < n; v++) {
            PlanNode node = nodes.get(v);
            kind[v] = node.kind();
            id[v] = node.id();
            task[v] = node.kind() == PlanNode.Kind.TASK ? plan.task(node.id()).orElseThrow() : null;
            gate[v] = node.kind() == PlanNode.Kind.GATE ? plan.gate(node.id()).orElseThrow() : null;
        }
        for (int i = 0; i < compensations.size(); i++) {
            int v = n + i;
            task[v] = compensations.get(i);
            kind[v] = PlanNode.Kind.TASK;
            id[v] = task[v].iri();
        }
        for (int v = 0; v < total; v++) {
            indexOf.put(id[v], v);
        }
    }

    /** The node's label, as the reasons of a run name it. */
    String label(int v) {
        return task[v] != null ? task[v].label() : gate[v] != null ? gate[v].label() : id[v];
    }

    /** The index of the compensation task that undoes the task at v, or -1 when its {@code sg:compensatedBy} names none of this plan. */
    int compensationOf(int v) {
        Integer c = task[v] == null || task[v].compensatedBy() == null ? null : indexOf.get(task[v].compensatedBy());
        return c == null || c < n ? -1 : c;
    }
}
