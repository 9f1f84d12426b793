package io.specgraph.run;

import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The core's part in approval gates, from a checked gate to its outcome: a gate whose approval nobody has decided
 * on yet (and no condition failed) waits, with a timer when the approval has a timeout; a decision, or the
 * timeout, settles the approval and the gate is decided; a run that is cancelled or stops after a failure ends
 * the waiting gates. No threads, no clock: time comes with each call, outcomes go to {@code decided}.
 */
final class ApprovalGates {
    private final PlanGate[] gate;
    private final Approvals approvals;
    private final Decisions out;

    ApprovalGates(PlanGate[] gate, Decisions out) {
        this.gate = gate;
        this.approvals = new Approvals(gate.length);
        this.out = out;
    }

    /** The decisions and waiting gates. */
    Approvals state() {
        return approvals;
    }

    /** A gate's check came back: an undecided approval waits; any other gate goes to {@code decided}. */
    void checked(int v, GateOutcome outcome, long now, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        if (!Approvals.needed(gate[v]) || outcome.conditions().isEmpty()) {
            decided.accept(v, outcome);
            return;
        }
        conclude(v, outcome.conditions(), now, at, decided);
    }

    /**
     * A person decided: kept (the first decision stands), and the gate decided when it was waiting for it.
     * {@code ended}: the gate has ended already, so the decision comes too late.
     */
    void decided(CoreInput.ApprovalDecided d, boolean ended, long now, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        int v = d.node();
        PlanGate g = gate[v];
        if (!Approvals.needed(g) || ended || (d.by() != null && !Approvals.mayDecide(g, d.by()))) {
            return; // too late, or not theirs to decide: the driver refused it already, and a replay must agree
        }
        if (!approvals.decide(v, new Approvals.Decision(d.approved(), d.by(), d.comment(), d.instant()))) {
            return;
        }
        out.add(new CoreDecision.RecordApproval(v, g.iri(), d.approved(), d.by(), d.comment(), d.instant()));
        List<ConditionOutcome> held = approvals.stopWaiting(v);
        if (held != null) {
            conclude(v, held, now, at, decided);
        }
    }

    /** The approval timer of the gate at v fired: no decision came, so it passes or is rejected as it declares. */
    void timedOut(int v, long now, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        if (!approvals.waiting(v)) {
            return;
        }
        PlanGate.Approval approval = Approvals.of(gate[v]);
        boolean pass = approval.passOnTimeout();
        String why = "no decision within " + PlanWriter.human(approval.timeout()) + (pass ? ": passed" : ": rejected")
                + " as the gate declares (sg:onTimeout)";
        Instant instant = out.instantAt(at);
        approvals.decide(v, new Approvals.Decision(pass, null, why, instant));
        out.add(new CoreDecision.RecordApproval(v, gate[v].iri(), pass, null, why, instant));
        conclude(v, approvals.stopWaiting(v), now, at, decided);
    }

    /** No decision will come: the run is cancelled or stops after a failure; every waiting gate ends cancelled. */
    void endWaiting(String why, BiConsumer<Integer, GateOutcome> decided) {
        for (int v : approvals.waitingGates()) {
            approvals.stopWaiting(v);
            decided.accept(v, GateVerdicts.cancelled(gate[v], why));
        }
    }

    private void conclude(int v, List<ConditionOutcome> checked, long now, Duration at, BiConsumer<Integer, GateOutcome> decided) {
        PlanGate g = gate[v];
        List<ConditionOutcome> conditions = approvals.settle(v, checked);
        if (Approvals.waits(conditions) && conditions.stream().noneMatch(c -> c.status() == ConditionOutcome.Status.FAILED)) {
            approvals.startWaiting(v, conditions);
            PlanGate.Approval approval = Approvals.of(g);
            out.publish(new RunEvent.GateWaiting(at, g, approval.approvers()));
            if (approval.timeout() != null) {
                out.arm(now + Math.max(1, approval.timeout().toNanos()), CoreDecision.ArmTimer.Kind.APPROVAL, v, 0);
            }
            return;
        }
        decided.accept(v, GateVerdicts.fromConditions(g, conditions, at));
    }
}
