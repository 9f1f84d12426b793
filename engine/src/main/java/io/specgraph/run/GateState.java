package io.specgraph.run;

/** How a gate ended in a run. */
public enum GateState {
    /** Not evaluated yet: something it requires is not finished. */
    PENDING,
    /** Everything it requires succeeded and every condition held. */
    PASSED,
    /** Everything it requires succeeded but a condition did not hold. */
    FAILED,
    /** Something it requires did not succeed, so its conditions were not evaluated. */
    BLOCKED,
    /** The run was cancelled before the gate could be evaluated. */
    CANCELLED,
    /**
     * Everything it requires succeeded and no checkable condition failed, but some of its conditions are prose
     * that nothing can check: what depends on it runs, and the gate does not claim to have passed.
     */
    UNCHECKED,
    /**
     * Reached, and no condition failed, but it has an {@code sg:approval} nobody has decided on yet: what depends
     * on it waits; everything else goes on.
     */
    WAITING;

    /** True when what depends on the gate may run. */
    public boolean passed() {
        return this == PASSED || this == UNCHECKED;
    }
}
