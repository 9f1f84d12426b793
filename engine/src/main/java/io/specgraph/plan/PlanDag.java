package io.specgraph.plan;

/**
 * The plan's DAG by index, read-only and allocation-free, for code that walks it many times (a run, a
 * simulation): node {@code v} is {@code plan.nodes().get(v)}; its successors and predecessors are node
 * indices in the order of {@link Plan#edges()}; its remaining path is the longest estimated path from its start
 * to the end of the plan, itself included.
 */
public final class PlanDag {
    private final Plan plan;

    PlanDag(Plan plan) {
        this.plan = plan;
    }

    /** The number of nodes. */
    public int size() {
        return plan.size();
    }

    /** The index of the node with this id (task or gate IRI, barrier id), or -1 when the plan has none. */
    public int indexOf(String id) {
        return plan.indexOf(id);
    }

    /** The node at index v. */
    public PlanNode node(int v) {
        return plan.node(v);
    }

    /** The task at index v, or null for a gate or a barrier. */
    public PlanTask task(int v) {
        return plan.taskAt(v);
    }

    /** How many nodes wait directly for v. */
    public int successorCount(int v) {
        return plan.successorsOf(v).length;
    }

    /** The i-th node that waits directly for v. */
    public int successor(int v, int i) {
        return plan.successorsOf(v)[i];
    }

    /** How many nodes v waits for directly. */
    public int predecessorCount(int v) {
        return plan.predecessorsOf(v).length;
    }

    /** The i-th node v waits for directly. */
    public int predecessor(int v, int i) {
        return plan.predecessorsOf(v)[i];
    }

    /** The longest estimated path from the start of v to the end of the plan, v included, in milliseconds. */
    public long remainingMillis(int v) {
        return plan.remainingOf(v);
    }
}
