package io.specgraph.store;

import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;

/** The answer to a {@link RunStore#query} query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT. */
public sealed interface QueryAnswer {
    /** SELECT: the variables and, per row, their bindings (unbound variables absent). */
    record Rows(List<String> variables, List<Map<String, Node>> rows) implements QueryAnswer {}

    /** ASK. */
    record Answer(boolean value) implements QueryAnswer {}

    /** CONSTRUCT. */
    record Triples(Graph graph) implements QueryAnswer {}
}
