package io.specgraph.plan;

/** The forms a {@link Plan} can be written in; see {@link PlanWriter}. */
public enum PlanFormat {
    /** A summary for people: phases with their tasks per level, gates, critical path, bounds, warnings. */
    TEXT,
    /** Everything a program needs to execute the plan: schema {@value PlanWriter#JSON_SCHEMA}. */
    JSON,
    /** A Mermaid flowchart: a subgraph per phase, gates as hexagons, the critical path highlighted. */
    MERMAID,
    /** A Graphviz digraph: a cluster per phase, gates as hexagons, the critical path in bold red. */
    DOT
}
