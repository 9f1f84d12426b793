package io.specgraph.closure;

/**
 * A user-supplied shapes file or closure query cannot be used: unreadable, not valid Turtle or SPARQL, or
 * not following the query convention. The message names the file (and line, when known) and what to fix.
 */
public final class InvalidRuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRuleException(String message) {
        super(message);
    }
}
