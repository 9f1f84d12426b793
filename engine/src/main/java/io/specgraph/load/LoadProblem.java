package io.specgraph.load;

import java.util.Objects;

/**
 * One reason a spec could not be loaded: a syntax error, an unreadable source, or a refused limit.
 *
 * @param kind     what went wrong
 * @param position where, when known (syntax errors always have one); {@code null} otherwise
 * @param source   the source concerned (also when the position is unknown)
 * @param message  what is wrong and, where it helps, what to do
 */
public record LoadProblem(Kind kind, String source, SourcePosition position, String message) {

    /** The kinds of load problems. */
    public enum Kind {
        /** The Turtle text does not parse. */
        SYNTAX,
        /** The source cannot be found or read. */
        IO,
        /** The source is larger than the configured {@link LoadLimits} allow. */
        LIMIT
    }

    public LoadProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** One line: {@code file:line:col: syntax error: message}. */
    @Override
    public String toString() {
        String where = position != null ? position.toString() : source;
        String what = switch (kind) {
            case SYNTAX -> "syntax error";
            case IO -> "cannot read";
            case LIMIT -> "refused";
        };
        return where + ": " + what + ": " + message;
    }
}
