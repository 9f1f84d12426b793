package io.specgraph.run;

/**
 * Receives a run's events as they happen: run, phase, task, gate and metric events. Events are delivered
 * one at a time, in order, by the thread taking the run's scheduling step: never two at once, each call seeing
 * what the calls before it did, but not always on the same thread (in real time it is often the virtual thread
 * of a handler that has just returned). The run waits meanwhile, so a listener must return quickly; an exception
 * it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface RunListener {
    /** Called for every event of the run. */
    void onEvent(RunEvent event);
}
