package io.specgraph.run;

import io.specgraph.plan.PlanGate;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.jena.graph.Graph;

/** What a {@link GatePredicate} can see: the run so far. */
public interface GateContext {
    /** The gate being evaluated. */
    PlanGate gate();

    /** The current state of a task. */
    TaskState state(String taskIri);

    /** The output of a task that succeeded. */
    Optional<Object> output(String taskIri);

    /** The last value recorded for a metric. */
    Optional<BigDecimal> measured(String metricIri);

    /** The run's shared key-value store. */
    ContextStore store();

    /** The spec, read-only. */
    Graph spec();

    /** The run record so far, read-only. */
    Graph record();
}
