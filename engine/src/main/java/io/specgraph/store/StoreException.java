package io.specgraph.store;

/** A run store cannot do what was asked; the message names the store and says what to do. */
public final class StoreException extends RuntimeException {
    /** An error with its message. */
    public StoreException(String message) {
        super(message);
    }

    /** An error with its message and cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
