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
}
