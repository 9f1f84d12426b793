package io.specgraph.run;

import io.specgraph.internal.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanDag;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanTask;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The nodes of a run by index: the plan's nodes as in {@link Plan#nodes()} (and its {@link Plan#dag()}), then
 * its compensation tasks, which are in no DAG: they run only when a gate fails. Arrays, for the core looks
 * nodes up on every step; nothing here changes during a run, or between runs of the plan: {@link #of} makes it
 * once per plan and every run shares it (with the admission table of its slots, and what the result reads in
 * the plan's order), so that a run does not spend its first moments indexing 100,000 nodes again.
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
    /** Each node's index by its IRI (a barrier by its id): the plan's own index, and the compensation tasks'. */
    final Map<String, Integer> indexOf;
    /** What admission knows of each node that no run changes; slots are node indexes. */
    final Admission.Table admission;
    /** The node of each of {@link Plan#tasks()}, in that order. */
    final int[] nodeOfTask;
    /** The node of each of {@link Plan#gates()}, in that order. */
    final int[] nodeOfGate;

    /** The nodes of {@code plan}, made once for it and shared by all its runs. */
    static RunNodes of(Plan plan) {
        return plan.dag().derived(RunNodes.class, dag -> new RunNodes(dag.plan()));
    }

    RunNodes(Plan plan) {
        PlanDag dag = plan.dag();
        List<PlanNode> nodes = plan.nodes();
        List<PlanTask> compensations = plan.tasks().stream().filter(PlanTask::compensation).toList();
        this.n = nodes.size();
        this.total = n + compensations.size();
        this.task = new PlanTask[total];
        this.gate = new PlanGate[total];
        this.kind = new PlanNode.Kind[total];
        this.id = new String[total];
        Map<String, PlanGate> gates = new HashMap<>();
        plan.gates().forEach(g -> gates.put(g.iri(), g));
        for (int v = 0; v < n; v++) {
            PlanNode node = nodes.get(v);
            kind[v] = node.kind();
            id[v] = node.id();
            task[v] = dag.task(v);
            gate[v] = node.kind() == PlanNode.Kind.GATE ? gates.get(node.id()) : null;
        }
        Map<String, Integer> compensationIndex = new HashMap<>();
        for (int i = 0; i < compensations.size(); i++) {
            int v = n + i;
            task[v] = compensations.get(i);
            kind[v] = PlanNode.Kind.TASK;
            id[v] = task[v].iri();
            compensationIndex.put(id[v], v);
        }
        this.indexOf = new Index(dag, compensationIndex, id);
        this.admission = new Admission.Table(plan, task);
        this.nodeOfTask = plan.tasks().stream().mapToInt(t -> indexOf.get(t.iri())).toArray();
        this.nodeOfGate = plan.gates().stream().mapToInt(g -> indexOf.get(g.iri())).toArray();
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

    /**
     * Node indexes by id, read-only: the plan's index for its own nodes (which the plan has already), a small map
     * for the compensation tasks; no map of every node is built for a run.
     */
    private static final class Index extends AbstractMap<String, Integer> {
        private final PlanDag dag;
        private final Map<String, Integer> compensations;
        private final String[] id;

        Index(PlanDag dag, Map<String, Integer> compensations, String[] id) {
            this.dag = dag;
            this.compensations = compensations;
            this.id = id;
        }

        @Override
        public Integer get(Object key) {
            if (!(key instanceof String s)) {
                return null;
            }
            int v = dag.indexOf(s);
            return v >= 0 ? Integer.valueOf(v) : compensations.get(s);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return id.length;
        }

        @Override
        public Set<Entry<String, Integer>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Integer>> iterator() {
                    return new Iterator<>() {
                        private int v;

                        @Override
                        public boolean hasNext() {
                            return v < id.length;
                        }

                        @Override
                        public Entry<String, Integer> next() {
                            if (v >= id.length) {
                                throw new NoSuchElementException();
                            }
                            int at = v++;
                            return Map.entry(id[at], at);
                        }
                    };
                }

                @Override
                public int size() {
                    return id.length;
                }
            };
        }
    }
}
