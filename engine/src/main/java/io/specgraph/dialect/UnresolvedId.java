package io.specgraph.dialect;

import java.util.Objects;

/**
 * An id of a list that {@code sgfn:resolveIds} matched against no value of its property: a reference to
 * something the spec never defines.
 *
 * @param list     the id list as written in the spec, e.g. {@code "T004, T099"}
 * @param id       the id that matched nothing, e.g. {@code "T099"}
 * @param property the IRI of the property whose values the ids were matched against
 */
public record UnresolvedId(String list, String id, String property) {
    /** Checks that all parts are present. */
    public UnresolvedId {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(property, "property");
    }
}
