package io.specgraph.run;

import io.specgraph.plan.PlanGate;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The checks of a run's gates, from the decision to check one to its outcome: a check goes out with a snapshot
 * of the run (and, in real time, a deadline); its answer, or its deadline, comes back and becomes the gate's
 * {@link GateOutcome}, which the core then makes final. A late answer of a check given up on is ignored; in
 * virtual time answers are released together, in node order (see {@link GatesInFlight#hold}).
 */
final class GateDecisions {
    private final PlanGate[] gate;
    private final GatesInFlight inFlight;
    private final Decisions out;
    private final boolean virtual;
    private final Duration gateTimeout;
    private final Map<String, GatePredicate> predicates;

    /** @param gate the gate at each node index, null elsewhere */
    GateDecisions(PlanGate[] gate, Decisions out, boolean virtual, Duration gateTimeout, Map<String, GatePredicate> predicates) {
        this.gate = gate;
        this.inFlight = new GatesInFlight(gate.length);
        this.out = out;
        this.virtual = virtual;
        this.gateTimeout = gateTimeout;
        this.predicates = predicates;
    }

    /** Some gate is being checked. */
    boolean any() {
        return inFlight.any();
    }

    /** Whether {@code evaluation} is the check of the gate at v still waited for. */
    boolean current(int v, int evaluation) {
        return inFlight.current(v, evaluation);
    }

    /** The gate at v is being checked, and its answer (or deadline) has not reached the core yet. */
    boolean awaitsAnswer(int v) {
        return inFlight.awaitsAnswer(v);
    }

    /**
     * Sends out the check of the gate at v, against the states and measurements of the run as of {@code now};
     * {@code waitedFor}: how many nodes it waited for.
     */
    void check(int v, int waitedFor, List<TaskState> states, Map<String, BigDecimal> measured, long now) {
        int evaluation = inFlight.start(v);
        out.add(new CoreDecision.EvaluateGate(v, evaluation, waitedFor, states, new HashMap<>(measured),
                GateVerdicts.needsRecordOrHost(gate[v], predicates)));
        if (!virtual) {
            // in virtual time the driver keeps the deadline in real time: gate checks take no virtual time
            out.arm(now + gateTimeout.toNanos(), CoreDecision.ArmTimer.Kind.GATE, v, evaluation);
        }
    }

    /** A check answered, or (in virtual time) its deadline passed: hands {@code decided} each outcome it settles. */
    void answered(CoreInput answer, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        switch (answer) {
            case CoreInput.GateAnswered g when virtual -> release(inFlight.hold(g.node(), g.evaluation(), g), at, decided);
            case CoreInput.GateAnswered g -> conditionsAnswered(g, at, decided);
            case CoreInput.GateDeadline d -> release(inFlight.hold(d.node(), d.evaluation(), d), at, decided);
            default -> throw new IllegalArgumentException("not a gate answer: " + answer);
        }
    }

    /** In real time: the timer of check {@code evaluation} of the gate at v fired. */
    void deadlinePassed(int v, int evaluation, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        if (!inFlight.current(v, evaluation)) {
            return; // it answered in time
        }
        out.add(new CoreDecision.AbandonGate(v, evaluation));
        inFlight.end(v);
        decided.accept(v, GateVerdicts.timedOut(gate[v], gateTimeout, at));
    }

    private void release(List<CoreInput> answers, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        for (CoreInput a : answers) {
            switch (a) {
                case CoreInput.GateAnswered g -> conditionsAnswered(g, at, decided);
                case CoreInput.GateDeadline d -> deadlinePassed(d.node(), d.evaluation(), at, decided);
                default -> throw new IllegalStateException("not a gate answer: " + a);
            }
        }
    }

    private void conditionsAnswered(CoreInput.GateAnswered g, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        int v = g.node();
        if (!inFlight.current(v, g.evaluation())) {
            return; // the gate timed out before its conditions answered
        }
        inFlight.end(v);
        decided.accept(v, GateVerdicts.fromConditions(gate[v], g.conditions(), at));
    }
}
