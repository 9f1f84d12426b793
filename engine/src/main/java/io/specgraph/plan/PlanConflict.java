package io.specgraph.plan;

import java.util.List;

/**
 * A resource conflict declared by the spec ({@code sg:Conflict}).
 *
 * @param iri        the conflict's IRI
 * @param label      its {@code rdfs:label}, or its IRI's local name
 * @param between    the agents party to it
 * @param resource   the resource, as the tasks' {@code sg:writes} name it
 * @param resolution how it is resolved
 */
public record PlanConflict(String iri, String label, List<String> between, String resource, Resolution resolution) {
    public PlanConflict {
        between = List.copyOf(between);
    }

    /** How a conflict is resolved. Whatever the resolution, the engine never runs two writers of one resource at once. */
    public enum Resolution {
        /** The writers take the resource one at a time. */
        SERIALIZE,
        /** The first writer takes the resource; later ones wait and integrate with its result (each contention is recorded). */
        FIRST_WINS,
        /** A person decides: later writers pause until the resource is free, and every contention is reported for review. */
        ESCALATE,
        /** The spec declares none (only in a plan of an unclosed spec). */
        UNSPECIFIED
    }
}
