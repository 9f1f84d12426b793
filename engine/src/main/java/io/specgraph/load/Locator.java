package io.specgraph.load;

/**
 * Turns a line and column as the Turtle parser reports them into a place in the source. The parser counts
 * columns in UTF-16 units (an emoji counts two) and, when a source is parsed one statement at a time after a
 * syntax error, from the start of the statement; a locator undoes both, so positions are in the source's own
 * lines and characters.
 */
@FunctionalInterface
interface Locator {
    /** The place, or null when the parser gives no line. */
    SourcePosition at(long line, long column);
}
