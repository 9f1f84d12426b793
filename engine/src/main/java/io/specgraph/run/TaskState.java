package io.specgraph.run;

/** Where a task is in a run. Every task ends in exactly one terminal state. */
public enum TaskState {
    /** Waiting for what it depends on, for a free slot, or for its next attempt. */
    PENDING,
    /** Its handler is running. */
    RUNNING,
    /** Its handler returned a result. */
    SUCCEEDED,
    /** Its handler threw (or its command exited non-zero) on the last attempt allowed. */
    FAILED,
    /** Its last attempt gave no result within the timeout and was stopped. */
    TIMED_OUT,
    /** It never ran: something it waits for did not succeed, or fail-fast stopped the run; see the reason. */
    SKIPPED,
    /** It was stopped, or never started, because the run was cancelled (or fail-fast cancelled it while running). */
    CANCELLED,
    /**
     * It did not run because it was up to date: an earlier successful attempt in the run store had the same
     * fingerprint and its declared outputs are present with the recorded hashes; its outputs and measurements
     * carry over. Counts as a success for what depends on it.
     */
    CACHED,
    /**
     * Only an attempt ends in this state, never a task: the process running it stopped (a crash, a kill, Ctrl-C)
     * before it ended; a resumed run starts the task again.
     */
    INTERRUPTED;

    /** True for the states a task ends in. */
    public boolean terminal() {
        return this != PENDING && this != RUNNING && this != INTERRUPTED;
    }
}
