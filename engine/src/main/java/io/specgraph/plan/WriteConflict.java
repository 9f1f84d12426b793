package io.specgraph.plan;

/**
 * Two tasks that may run at the same time (neither precedes the other in the DAG) and write the same
 * resource. The engine serializes them in any case; a declared {@link PlanConflict} says how the spec
 * wants it resolved, and an undeclared one is a plan warning.
 *
 * @param resource the resource both write
 * @param first    one task (the earlier in plan order)
 * @param second   the other task
 * @param declared the declared conflict covering them, or {@code null} when the spec declares none
 */
public record WriteConflict(String resource, String first, String second, PlanConflict declared) {
    /** True when a declared conflict covers the pair. */
    public boolean resolved() {
        return declared != null;
    }
}
