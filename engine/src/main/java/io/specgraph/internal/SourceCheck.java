package io.specgraph.internal;

import io.specgraph.load.SourcePosition;
import java.util.List;
import java.util.Objects;
import org.apache.jena.graph.Node;

/**
 * A check made while the spec was read rather than by the closure rules, for instance by a dialect that
 * found a value it cannot parse or a reference to something never defined. Closure validation reports its
 * failures as violations, with the positions of the user's own files, and counts it in the coverage. Not public API: the dialect and closure packages share it through
 * {@link PackageAccess.Loading}.
 *
 * @param ruleId   the rule's id, e.g. {@code dialect-value-parses}
 * @param category the closure category it counts in
 * @param checked  how many things were checked
 * @param failures what failed
 */
public record SourceCheck(String ruleId, String category, long checked, List<Failure> failures) {
    public SourceCheck {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(category, "category");
        failures = List.copyOf(failures);
    }

    /**
     * One failure.
     *
     * @param focus    the node concerned (its position is looked up in the spec unless given)
     * @param path     the property concerned, in SPARQL syntax, or null
     * @param value    the offending value, or null
     * @param message  a phrase completing the focus node's name, e.g. {@code "has :baseline \"Not measured\", …"}
     * @param position where the offending value is written, when it is known better than by the focus node
     *                 (a string on a line below its subject's first one), or null
     */
    public record Failure(Node focus, String path, Node value, String message, SourcePosition position) {
        public Failure {
            Objects.requireNonNull(focus, "focus");
            Objects.requireNonNull(message, "message");
        }

        /** A failure placed at its focus node. */
        public Failure(Node focus, String path, Node value, String message) {
            this(focus, path, value, message, null);
        }
    }
}
