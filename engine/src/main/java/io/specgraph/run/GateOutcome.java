package io.specgraph.run;

import io.specgraph.plan.PlanGate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a gate came out in a run.
 *
 * @param gate        the planned gate
 * @param state       passed, failed, blocked or cancelled
 * @param reason      why, for a person
 * @param conditions  each condition's outcome; empty when the gate was blocked or cancelled
 * @param evaluatedAt offset from the start of the run; empty when never evaluated
 */
public record GateOutcome(PlanGate gate, GateState state, String reason, List<ConditionOutcome> conditions,
                          Optional<Duration> evaluatedAt) {
    public GateOutcome {
        conditions = List.copyOf(conditions);
    }

    /** The gate's IRI. */
    public String iri() {
        return gate.iri();
    }
}
