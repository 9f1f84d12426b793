package io.specgraph.dialect;

/** A dialect that cannot be used: not found, or a query that does not parse or is not a CONSTRUCT. */
public final class DialectException extends RuntimeException {
    DialectException(String message) {
        super(message);
    }
}
