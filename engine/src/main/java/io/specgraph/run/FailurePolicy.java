package io.specgraph.run;

/** What the engine does when a task fails (after its retries) or a gate does not pass. */
public enum FailurePolicy {
    /**
     * Stop early: cancel the running handlers and skip everything not started yet. Compensation for the
     * completed work still runs, so the saga leaves things as consistent as it can.
     */
    FAIL_FAST,
    /** Run every branch that does not depend on the failure; skip only what does. */
    KEEP_GOING
}
