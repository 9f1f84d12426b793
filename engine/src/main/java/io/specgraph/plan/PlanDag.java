package io.specgraph.plan;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The plan's DAG by index, read-only and allocation-free, for code that walks it many times (a run, a
 * simulation): node {@code v} is {@code plan.nodes().get(v)}; its successors and predecessors are node
 * indices in the order of {@link Plan#edges()}; its remaining path is the longest estimated path from its start
 * to the end of the plan, itself included.
 */
public final class PlanDag {
    private final Plan plan;
    private final ConcurrentHashMap<Class<?>, Object> derived = new ConcurrentHashMap<>(4);

    PlanDag(Plan plan) {
        this.plan = plan;
    }

    /**
     * What a caller that runs the plan many times derives from it alone, made on the first call with this key and
     * the same value returned afterwards, to every thread: so it must be immutable. The engine keeps its run's
     * node index and admission table here, so that each run of a plan does not build them again. Two threads
     * asking at once may both make it; one value wins, and is the only one returned from then on.
     *
     * @param key  the type of the value, which names it
     * @param make makes the value from this DAG (and {@link #plan()}); called without a lock held
     */
    public <T> T derived(Class<T> key, Function<PlanDag, ? extends T> make) {
        Object value = derived.get(key);
        if (value == null) {
            Object made = make.apply(this);
            value = derived.putIfAbsent(key, made);
            if (value == null) {
                value = made;
            }
        }
        return key.cast(value);
    }

    /** The plan this is the DAG of. */
    public Plan plan() {
        return plan;
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
