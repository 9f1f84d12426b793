package io.specgraph.closure;

import io.specgraph.load.SourcePosition;
import java.util.Objects;
import org.apache.jena.graph.Node;

/**
 * One failed closure check.
 *
 * @param ruleId     the rule that failed, e.g. {@code task-dependency-exists}
 * @param category   the closure category the rule belongs to, e.g. {@code references}
 * @param severity   how serious it is; only {@link Severity#VIOLATION} makes the spec not closed
 * @param focusNode  the node the rule was checked on (an IRI, or a blank node such as a gate condition)
 * @param focusLabel the focus node's {@code rdfs:label}, or {@code null}
 * @param path       the property path concerned in SPARQL syntax with the spec's prefixes, or {@code null}
 * @param value      the offending value, or {@code null}
 * @param message    a sentence that says what is wrong, naming the focus node
 * @param position   where the focus node first appears in the sources, or {@code null} when unknown
 * @param origin     the shape or specgraph rule it comes from, as a SHACL report names it
 */
public record Violation(String ruleId, String category, Severity severity, Node focusNode, String focusLabel,
                        String path, Node value, String message, SourcePosition position, Origin origin) {
    public Violation {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(focusNode, "focusNode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@code file:line} of the focus node, or {@code ""} when unknown. */
    public String location() {
        return position == null ? "" : position.location();
    }
}
