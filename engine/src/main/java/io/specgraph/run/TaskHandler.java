package io.specgraph.run;

/**
 * The code that performs a task. Register handlers on the engine's builder by task IRI, by agent IRI or by
 * the task's {@code sg:handler} key. A handler runs on its own virtual thread; it should return promptly
 * when the context reports cancellation (or its thread is interrupted).
 */
@FunctionalInterface
public interface TaskHandler {
    /**
     * Performs the task.
     *
     * @return the task's output, which downstream tasks read from their context; may be null
     * @throws Exception to fail the attempt; the engine retries it if the task has retries left
     */
    Object run(TaskContext context) throws Exception;

    /**
     * The version of what this handler does, part of the fingerprint of every task it runs in an incremental
     * run: change it when the handler's code changes what it produces, and the tasks it ran run again. Empty
     * (the default) means no version.
     */
    default String version() {
        return "";
    }

    /** {@code handler} declaring {@code version} (see {@link #version()}); for a handler written as a lambda. */
    static TaskHandler versioned(String version, TaskHandler handler) {
        java.util.Objects.requireNonNull(version, "version");
        java.util.Objects.requireNonNull(handler, "handler");
        return new TaskHandler() {
            @Override
            public Object run(TaskContext context) throws Exception {
                return handler.run(context);
            }

            @Override
            public String version() {
                return version;
            }
        };
    }
}
