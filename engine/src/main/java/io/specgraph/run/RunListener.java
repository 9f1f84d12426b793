package io.specgraph.run;

/**
 * Receives a run's events as they happen: run, phase, task, gate and metric events. Events are delivered
 * one at a time, in order, from the engine's scheduling thread, so a listener must return quickly; an
 * exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface RunListener {
    /** Called for every event of the run. */
    void onEvent(RunEvent event);
}
