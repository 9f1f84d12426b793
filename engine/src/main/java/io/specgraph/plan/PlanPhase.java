package io.specgraph.plan;

import java.time.Duration;

/**
 * A phase of the plan.
 *
 * @param iri               the phase's IRI
 * @param label             its {@code rdfs:label}, or its IRI's local name
 * @param order             its {@code sg:order}; phases run in ascending order
 * @param maxParallel       how many of its tasks may run at once; 0 when the spec sets no limit
 * @param estimatedDuration the spec's own estimate, or {@code null}
 */
public record PlanPhase(String iri, String label, int order, int maxParallel, Duration estimatedDuration) {}
