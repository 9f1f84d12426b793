package io.specgraph.load;

import java.util.Objects;

/**
 * Something suspicious about a spec that loaded: not an error, but probably a mistake (for example the
 * same name under two namespaces, a term of the {@code sg:} namespace that specgraph does not define, or
 * bytes that are not UTF-8). Closure validation with {@code strictSources} (CLI {@code --strict}) reports
 * every warning as a violation of the rule named by its {@link Kind#ruleId() kind}.
 *
 * @param kind     what kind of mistake it probably is
 * @param source   the source concerned: a file as given, a resource, a string's name, or a folder or link
 * @param position where, when known; {@code null} otherwise
 * @param message  what looks wrong and what to do
 */
public record LoadWarning(Kind kind, String source, SourcePosition position, String message) {

    /** The kinds of load warnings, each with the id of the closure rule it fails under strict sources. */
    public enum Kind {
        /** The Turtle parser's own warning, e.g. about a malformed IRI. */
        PARSER("turtle-warning"),
        /** One local name used under two namespaces in different files. */
        NAMESPACE_SPLIT("one-namespace-per-name"),
        /** A sub-folder holding Turtle files that was not read (the load was not recursive). */
        FOLDER_NOT_LOADED("sub-folder-loaded"),
        /** A symbolic link that was not followed (a loop, a link to a folder or out of the folder, a dangling link) or a non-regular file. */
        NOT_FOLLOWED("link-followed"),
        /** Bytes that are not UTF-8; the parser read each bad sequence as U+FFFD. */
        INVALID_UTF8("source-is-utf8"),
        /** The last statement of a source does not end with {@code .}. */
        UNTERMINATED("statement-terminated"),
        /** A term of the {@code sg:} namespace that the specgraph vocabulary does not define. */
        UNKNOWN_TERM("sg-term-known"),
        /** A namespace a typo away from the {@code sg:} namespace. */
        NAMESPACE_NEAR_MISS("sg-namespace-exact"),
        /** A source that says nothing about any specgraph subject. */
        NO_SPECGRAPH_SUBJECT("source-declares-specgraph");

        private final String ruleId;

        Kind(String ruleId) {
            this.ruleId = ruleId;
        }

        /** The id of the closure rule this kind of warning fails under strict sources, e.g. {@code sg-term-known}. */
        public String ruleId() {
            return ruleId;
        }
    }

    public LoadWarning {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** A warning located in a source. */
    static LoadWarning at(Kind kind, SourcePosition position, String message) {
        return new LoadWarning(kind, position.source(), position, message);
    }

    /** {@code file:line:col: warning: message}, or {@code source: warning: message} when the position is unknown. */
    @Override
    public String toString() {
        return (position != null ? position.toString() : source) + ": warning: " + message;
    }
}
