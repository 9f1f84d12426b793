package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.plan.PlanGate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval gates of a run: the decisions people gave (kept even before the gate is reached), the gates
 * waiting for one with the outcomes of their other conditions, and how a decision turns an approval condition
 * into passed or failed. Part of the core: no threads, no clock.
 */
final class Approvals {
    /** A decision on an approval gate, as the core took it. */
    record Decision(boolean approved, String by, String comment, Instant at) {}

    private final Decision[] decision;
    /** Per waiting gate, the outcomes of its conditions when it was checked; null when it does not wait. */
    private final List<ConditionOutcome>[] waiting;

    @SuppressWarnings("unchecked")
    Approvals(int nodes) {
        this.decision = new Decision[nodes];
        this.waiting = new List[nodes];
    }

    /** Who may decide on an approval, for a person: their local names. */
    static String who(PlanGate.Approval approval) {
        if (approval == null || approval.approvers().isEmpty()) {
            return "nobody (the gate has no sg:owner and the approval names no sg:approver)";
        }
        return String.join(" or ", approval.approvers().stream().map(Iris::localName).toList());
    }

    /** Whether {@code agentIri} may decide on the approvals of {@code gate}. */
    static boolean mayDecide(PlanGate gate, String agentIri) {
        return gate.conditions().stream().filter(c -> c.kind() == PlanGate.Condition.Kind.APPROVAL)
                .allMatch(c -> c.approval().approvers().contains(agentIri));
    }

    /** The approval condition of a gate that has one. */
    static PlanGate.Approval of(PlanGate gate) {
        return gate.conditions().stream().filter(c -> c.kind() == PlanGate.Condition.Kind.APPROVAL).findFirst().orElseThrow().approval();
    }

    /** True when the gate has an approval condition. */
    static boolean needed(PlanGate gate) {
        return gate != null && gate.conditions().stream().anyMatch(c -> c.kind() == PlanGate.Condition.Kind.APPROVAL);
    }

    /** Keeps a decision on the gate at v; false when one was taken already (the first decision stands). */
    boolean decide(int v, Decision d) {
        if (decision[v] != null) {
            return false;
        }
        decision[v] = d;
        return true;
    }

    Decision decision(int v) {
        return decision[v];
    }

    /** The conditions with each approval replaced by the decision taken, if any (still waiting otherwise). */
    List<ConditionOutcome> settle(int v, List<ConditionOutcome> conditions) {
        Decision d = decision[v];
        if (d == null) {
            return conditions;
        }
        List<ConditionOutcome> out = new ArrayList<>(conditions.size());
        for (ConditionOutcome c : conditions) {
            if (c.kind() == ConditionOutcome.Kind.APPROVAL && c.status() == ConditionOutcome.Status.WAITING) {
                String comment = d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment();
                // nobody decided: the timeout did, and its comment says how
                String detail = d.by() == null ? d.comment()
                        : (d.approved() ? "approved" : "rejected") + " by " + Iris.localName(d.by()) + comment;
                out.add(new ConditionOutcome(c.kind(), c.value(), d.approved() ? ConditionOutcome.Status.PASSED
                        : ConditionOutcome.Status.FAILED, detail));
            } else {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** True when an approval among the conditions waits for a decision. */
    static boolean waits(List<ConditionOutcome> conditions) {
        return conditions.stream().anyMatch(c -> c.status() == ConditionOutcome.Status.WAITING);
    }

    /** The gate at v waits for a decision; {@code conditions}: how the others came out. */
    void startWaiting(int v, List<ConditionOutcome> conditions) {
        waiting[v] = conditions;
    }

    /** The conditions of the gate at v that waits, and it waits no more; null when it did not wait. */
    List<ConditionOutcome> stopWaiting(int v) {
        List<ConditionOutcome> c = waiting[v];
        waiting[v] = null;
        return c;
    }

    boolean waiting(int v) {
        return waiting[v] != null;
    }

    /** The nodes of the gates waiting for a decision, in node order. */
    List<Integer> waitingGates() {
        List<Integer> out = new ArrayList<>();
        for (int v = 0; v < waiting.length; v++) {
            if (waiting[v] != null) {
                out.add(v);
            }
        }
        return out;
    }
}
