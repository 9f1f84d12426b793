package io.specgraph.plan;

import java.util.List;

/**
 * A gate of the plan: evaluated when everything it waits for has finished; what depends on it runs only
 * when it passes.
 *
 * @param iri        the gate's IRI
 * @param label      its {@code rdfs:label}, or its IRI's local name
 * @param requires   tasks and gates it requires, as declared
 * @param closes     the phase it closes, or {@code null}
 * @param conditions its conditions
 * @param owner      the owning agent, or {@code null}
 */
public record PlanGate(String iri, String label, List<String> requires, String closes, List<Condition> conditions,
                       String owner) {
    public PlanGate {
        requires = List.copyOf(requires);
        conditions = List.copyOf(conditions);
    }

    /**
     * One condition of a gate.
     *
     * @param kind     what kind of check
     * @param value    the metric IRI, the ASK query text, the predicate key, the prose (its {@code rdfs:comment}),
     *                 or for an approval who may decide (their IRIs, space-separated)
     * @param approval for {@link Kind#APPROVAL}: who may decide and what a timeout means; null otherwise
     */
    public record Condition(Kind kind, String value, Approval approval) {
        /** A condition other than an approval. */
        public Condition(Kind kind, String value) {
            this(kind, value, null);
        }

        /** An approval condition. */
        public static Condition approval(Approval approval) {
            return new Condition(Kind.APPROVAL, String.join(" ", approval.approvers()), approval);
        }

        /** Kinds of condition. */
        public enum Kind {
            /** The metric's measured value meets its target. */
            METRIC_MET,
            /** A SPARQL ASK query over the spec and the run record answers true. */
            ASK,
            /** A Java predicate the host registered under the key returns true. */
            PREDICATE,
            /**
             * Prose nothing can check (a condition with none of the above, such as what a dialect keeps of a
             * foreign spec's text); closure reports it, and a run planned anyway shows the gate as unchecked.
             */
            PROSE,
            /** {@code sg:approval}: a person decides, approving or rejecting, when the gate is reached. */
            APPROVAL
        }
    }

    /**
     * An {@code sg:approval} condition.
     *
     * @param approvers     the IRIs of the agents who may decide (the gate's {@code sg:owner} when it names none)
     * @param timeout       how long to wait for a decision, or null to wait as long as it takes
     * @param passOnTimeout true when no decision within the timeout passes the gate ({@code sg:onTimeout sg:Pass});
     *                      false (the default) when it rejects it
     */
    public record Approval(List<String> approvers, java.time.Duration timeout, boolean passOnTimeout) {
        public Approval {
            approvers = List.copyOf(approvers);
        }
    }
}
