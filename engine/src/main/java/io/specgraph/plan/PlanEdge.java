package io.specgraph.plan;

/**
 * An edge of the plan's DAG: {@code from} must finish before {@code to} starts, and why.
 *
 * @param from   the earlier node
 * @param to     the later node
 * @param reason why the edge exists
 */
public record PlanEdge(String from, String to, Reason reason) {
    /** Why an edge exists. */
    public enum Reason {
        /** {@code to sg:dependsOn from}. */
        DEPENDENCY,
        /** The gate {@code to} {@code sg:requires from}. */
        REQUIREMENT,
        /** The gate {@code to} closes the phase of task {@code from}. */
        PHASE_CLOSURE,
        /** Strict phases: {@code to} is in the next phase and waits for what ends the previous one. */
        PHASE_BARRIER
    }
}
