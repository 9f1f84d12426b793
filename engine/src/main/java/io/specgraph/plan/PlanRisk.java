package io.specgraph.plan;

import java.math.BigDecimal;

/**
 * A risk of the plan.
 *
 * @param iri         the risk's IRI
 * @param label       its {@code rdfs:label}, or its IRI's local name
 * @param severity    the severity's IRI (e.g. {@code sg:High}), or {@code null}
 * @param probability between 0 and 1, or {@code null}
 * @param mitigation  what reduces it, or {@code null}
 * @param owner       the owning agent's IRI, or {@code null} in a plan of an unclosed spec
 */
public record PlanRisk(String iri, String label, String severity, BigDecimal probability, String mitigation, String owner) {}
