package io.specgraph.closure;

import java.util.Objects;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.sparql.path.Path;

/**
 * Where a {@link Violation} comes from, as a SHACL validation result names it: the constraint component, and for
 * a SHACL shape the shape (and its SPARQL constraint, if any) and the path. A finding of one of specgraph's own
 * rules (cycles, SPARQL closure queries, claims, durations, source checks) has no shape, and its component is one of
 * specgraph's, named in {@value #NS} (see docs/closure.md), so that a report never passes a rule off as a shape.
 *
 * @param constraintComponent the IRI of the constraint component ({@code sh:sourceConstraintComponent})
 * @param shape               the SHACL shape ({@code sh:sourceShape}), or null for one of specgraph's own rules
 * @param constraint          the SPARQL constraint of the shape ({@code sh:sourceConstraint}), or null
 * @param path                the path the finding is about ({@code sh:resultPath}), or null
 */
public record Origin(Node constraintComponent, Node shape, Node constraint, Path path) {
    /** The namespace of specgraph's closure terms in reports. */
    public static final String NS = "https://w3id.org/specgraph/closure#";

    /** A SPARQL closure query (shapes/*.rq, or a user's {@code --query}). */
    static final Node QUERY = component("QueryConstraintComponent");
    /** The dependency-cycle check (JGraphT over sg:dependsOn, sg:requires and phase barriers). */
    static final Node CYCLE = component("CycleConstraintComponent");
    /** The check that an {@code sg:ask} condition is a usable ASK query. */
    static final Node ASK = component("AskQueryConstraintComponent");
    /** The checks of durations, timeouts and retries as the engine reads them. */
    static final Node TIMING = component("TimingConstraintComponent");
    /** Checks made while reading the sources: parse problems, load warnings, dialect checks. */
    static final Node SOURCE = component("SourceConstraintComponent");
    /** The checks of the figures a spec claims about itself. */
    static final Node CLAIM = component("ClaimConstraintComponent");
    /** The check that the spec declares some task. */
    static final Node TASKS = component("TaskCountConstraintComponent");

    public Origin {
        Objects.requireNonNull(constraintComponent, "constraintComponent");
    }

    /** Whether the finding is a SHACL shape's, reported as SHACL reports it. */
    public boolean fromShape() {
        return shape != null;
    }

    /** A finding of one of specgraph's own rules, about the given property (or none). */
    static Origin rule(Node component, Node property) {
        return new Origin(component, null, null, property != null && property.isURI() ? new P_Link(property) : null);
    }

    private static Node component(String local) {
        return NodeFactory.createURI(NS + local);
    }
}
