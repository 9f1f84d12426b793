package io.specgraph.plan;

/**
 * What runs for a task: a handler the host registered under a key, or a command (run only where the
 * host allows commands).
 *
 * @param kind  handler, command, or none (only in a plan of an unclosed spec)
 * @param value the handler key or the command line; empty for {@link Kind#NONE}
 */
public record Action(Kind kind, String value) {
    /** Kinds of action. */
    public enum Kind {
        /** {@code sg:handler "key"}. */
        HANDLER,
        /** {@code sg:command "…"}. */
        COMMAND,
        /** The spec gives no action (planned with {@code allowUnclosed}). */
        NONE
    }

    /** No action. */
    public static final Action NONE = new Action(Kind.NONE, "");
}
