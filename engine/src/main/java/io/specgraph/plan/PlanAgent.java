package io.specgraph.plan;

/**
 * A worker role.
 *
 * @param iri            the agent's IRI
 * @param label          its {@code rdfs:label}, or its IRI's local name
 * @param responsibility what it is accountable for, or {@code null}
 * @param concurrency    how many tasks it may run at once (default 1)
 */
public record PlanAgent(String iri, String label, String responsibility, int concurrency) {}
