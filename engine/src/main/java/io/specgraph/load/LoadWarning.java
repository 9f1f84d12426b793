package io.specgraph.load;

import java.util.Objects;

/**
 * Something suspicious about a spec that loaded: not an error, but probably a mistake
 * (for example the same name under two namespaces, or a parser warning about an IRI).
 *
 * @param position where, when known; {@code null} otherwise
 * @param message  what looks wrong and what to do
 */
public record LoadWarning(SourcePosition position, String message) {
    public LoadWarning {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (position != null ? position + ": " : "") + "warning: " + message;
    }
}
