package io.specgraph.run;

import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a gate from what the core knows of it: the answers of its conditions, a check that ran out of
 * time, the predecessors that did not succeed, a cancel. Pure functions: the core decides when, these say what.
 */
final class GateVerdicts {
    private GateVerdicts() {}

    /**
     * From its conditions' answers: failed if one failed; else unchecked if one is prose nothing can check;
     * else passed. Conditions assumed in a dry run are noted, not counted against it.
     */
    static GateOutcome fromConditions(PlanGate gate, List<ConditionOutcome> conditions, Duration at) {
        List<String> failed = conditions.stream()
                .filter(c -> c.status() == ConditionOutcome.Status.FAILED).map(ConditionOutcome::detail).toList();
        long approvedInDryRun = conditions.stream().filter(c -> c.status() == ConditionOutcome.Status.ASSUMED
                && c.kind() == ConditionOutcome.Kind.APPROVAL).count();
        long assumed = conditions.stream().filter(c -> c.status() == ConditionOutcome.Status.ASSUMED).count() - approvedInDryRun;
        long unchecked = conditions.stream().filter(c -> c.status() == ConditionOutcome.Status.UNCHECKED).count();
        String assumedNote = String.join("; ", java.util.stream.Stream.of(
                assumed == 0 ? "" : assumed + " condition(s) assumed in a dry run",
                approvedInDryRun == 0 ? "" : "its approval given automatically, as in every simulated run")
                .filter(n -> !n.isEmpty()).toList());
        if (!failed.isEmpty()) {
            return new GateOutcome(gate, GateState.FAILED, String.join("; ", failed), conditions, Optional.of(at));
        }
        if (unchecked > 0) {
            return new GateOutcome(gate, GateState.UNCHECKED, unchecked + " condition(s) are prose that nothing can check"
                    + (assumedNote.isEmpty() ? "" : "; " + assumedNote), conditions, Optional.of(at));
        }
        return new GateOutcome(gate, GateState.PASSED, assumedNote, conditions, Optional.of(at));
    }

    /** Its conditions gave no answer within {@code gateTimeout}: it fails. */
    static GateOutcome timedOut(PlanGate gate, Duration gateTimeout, Duration at) {
        return new GateOutcome(gate, GateState.FAILED, "its conditions gave no answer within " + PlanWriter.human(gateTimeout),
                List.of(), Optional.of(at));
    }

    /** Something it waits for did not succeed ({@code causes} say what): it is not evaluated. */
    static GateOutcome blocked(PlanGate gate, List<String> causes, Duration at) {
        return new GateOutcome(gate, GateState.BLOCKED, "not evaluated: " + String.join("; ", causes), List.of(),
                Optional.of(at));
    }

    /** The run was cancelled before it was evaluated. */
    static GateOutcome cancelled(PlanGate gate, String why) {
        return new GateOutcome(gate, GateState.CANCELLED, why, List.of(), Optional.empty());
    }

    /**
     * Whether checking the gate may read the run record or run host code (an ASK query, or a predicate the host
     * registered): then the driver gives the check the record so far and runs it off the scheduling thread.
     */
    static boolean needsRecordOrHost(PlanGate gate, Map<String, GatePredicate> predicates) {
        return predicates.containsKey(gate.iri()) || gate.conditions().stream().anyMatch(c -> c.kind() == PlanGate.Condition.Kind.ASK
                || c.kind() == PlanGate.Condition.Kind.PREDICATE && predicates.containsKey(c.value()));
    }
}
