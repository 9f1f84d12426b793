package io.specgraph.run;

/**
 * How a run's time passes and where its attempts run, around the {@link Scheduler} that holds the run's state and
 * carries out the core's decisions: in real time ({@link RealTimeDriver}: handlers on virtual threads, one thread
 * at a time taking the scheduling step) or in virtual time ({@link VirtualTimeDriver}: no handler thread, the
 * clock jumps from timer to timer). Everything else a decision does is the same in both, and is the scheduler's.
 */
sealed interface Driver permits RealTimeDriver, VirtualTimeDriver {
    /**
     * Runs the run up to its end (finished, suspended, or stopped to wait for decisions) on the calling thread, the
     * run's runner, from its start or its journal. Returns whether the runner was interrupted (the run was then
     * cancelled). Afterwards nothing reaches the core but what the runner gives it.
     */
    boolean drive();

    /** Carries out {@link CoreDecision.StartAttempt}: attempt {@code number} of node {@code v} begins. */
    void start(int v, int number);

    /** Carries out {@link CoreDecision.StopAttempt}: attempt {@code number} of node {@code v} is to stop. */
    void stop(int v, int number);

    /** A check of gate {@code v}'s conditions (its {@code evaluation}th) was sent out. */
    default void gateCheckStarted(int v, int evaluation) {}

    /** Gate {@code v}'s check was answered or abandoned. */
    default void gateCheckEnded(int v) {}
}
