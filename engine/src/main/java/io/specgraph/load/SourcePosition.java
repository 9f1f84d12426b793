package io.specgraph.load;

import java.util.Objects;

/**
 * A place in a spec's source text: the source's name (a file path as the user gave it, a resource path,
 * or the name given to a string) and a 1-based line and column. A column of 0 means "unknown".
 *
 * @param source the source's name
 * @param line   1-based line
 * @param column 1-based column, or 0 when unknown
 */
public record SourcePosition(String source, long line, long column) {
    public SourcePosition {
        Objects.requireNonNull(source, "source");
    }

    /** {@code source:line}, the form editors and terminals turn into a link. */
    public String location() {
        return source + ":" + line;
    }

    /** {@code source:line:column} (or {@code source:line} when the column is unknown). */
    @Override
    public String toString() {
        return column > 0 ? source + ":" + line + ":" + column : location();
    }
}
