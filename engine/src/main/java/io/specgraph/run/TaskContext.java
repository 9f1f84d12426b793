package io.specgraph.run;

import io.specgraph.plan.PlanTask;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Graph;

/** What a {@link TaskHandler} can see and do while it runs one attempt of a task. */
public interface TaskContext {
    /** The task being run. */
    PlanTask task();

    /** The number of this attempt, from 1. */
    int attempt();

    /**
     * A key naming this attempt of this task in this run, {@code <run id>/<task local name>/<attempt>}: the same
     * in every process, so that a handler that may run again after a crash (a resumed run starts an interrupted
     * attempt again, at least once) can tell an external system "this is the same request" where it supports
     * idempotency keys.
     */
    default String idempotencyKey() {
        String run = runIri();
        return run.substring(run.lastIndexOf(':') + 1) + "/" + io.specgraph.internal.Iris.localName(task().iri()) + "/" + attempt();
    }

    /** The run's IRI, as written in the run record. */
    String runIri();

    /** Outputs of the tasks this task directly depends on ({@code sg:dependsOn}), by task IRI; null outputs are left out. */
    Map<String, Object> upstream();

    /** The output of any task that has succeeded in this run. */
    Optional<Object> output(String taskIri);

    /** The key-value store every task of the run shares. */
    ContextStore store();

    /**
     * Records a measurement of a metric. The last value recorded in a run is what {@code sg:metricMet}
     * conditions and the SLO table use.
     *
     * @param metricIri the metric's IRI, as declared in the spec
     * @throws IllegalArgumentException when the spec declares no such metric
     */
    void measure(String metricIri, BigDecimal value);

    /** The IRI of the spec's metric with this IRI or local name, when exactly one matches. */
    Optional<String> metricIri(String iriOrLocalName);

    /** Records a measurement of a metric; see {@link #measure(String, BigDecimal)}. */
    default void measure(String metricIri, double value) {
        measure(metricIri, BigDecimal.valueOf(value));
    }

    /** The spec, read-only. */
    Graph spec();

    /** A directory private to this task in this run, created on first use. */
    Path workDirectory();

    /** True once the engine wants this attempt to stop (timeout, fail-fast or cancel). */
    boolean cancelled();

    /** Throws {@link java.util.concurrent.CancellationException} when {@link #cancelled()} is true. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new java.util.concurrent.CancellationException(task().label() + " was cancelled");
        }
    }
}
