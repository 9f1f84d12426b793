package io.specgraph.plan;

import java.time.Duration;

/**
 * A node of the plan's DAG.
 *
 * @param id       the task's or gate's IRI, or {@code urn:specgraph:barrier:<phase order>} for a barrier
 * @param kind     task, gate or barrier
 * @param duration the estimated duration (zero for gates and barriers)
 * @param phase    the phase IRI the node belongs to (for a gate: the phase it closes), or {@code null}
 */
public record PlanNode(String id, Kind kind, Duration duration, String phase) {
    /** Kinds of node. */
    public enum Kind {
        /** A task of the spec. */
        TASK,
        /** A gate of the spec. */
        GATE,
        /**
         * A point the planner adds between two strict phases when no gate closes the earlier one: every task
         * of the earlier phase precedes it, every task of the later one follows it. It keeps the number of
         * barrier edges linear (n + m instead of n × m) and takes no time.
         */
        BARRIER
    }
}
