package io.specgraph.run;

/**
 * How one condition of a gate came out.
 *
 * @param kind   what was checked
 * @param value  the metric IRI, ASK query, predicate key or gate IRI the condition names
 * @param status passed, failed, or assumed (a dry run cannot check it)
 * @param detail what was found, for a person
 */
public record ConditionOutcome(Kind kind, String value, Status status, String detail) {
    /** What a condition checks. */
    public enum Kind {
        /** Everything the gate requires (and, when it closes a phase, every task of the phase) succeeded. */
        REQUIREMENTS,
        /** {@code sg:metricMet}: the last measured value meets the metric's target. */
        METRIC_MET,
        /** {@code sg:ask}: a SPARQL ASK over the spec and the run record. */
        ASK,
        /** {@code sg:predicate "key"}, or a predicate the host registered for the gate's IRI. */
        PREDICATE,
        /** Prose: nothing can check it. */
        PROSE,
        /** {@code sg:approval}: a person's decision. */
        APPROVAL
    }

    /** The outcome of a condition. */
    public enum Status {
        /** It held. */
        PASSED,
        /** It did not hold, or could not be checked (see the detail). */
        FAILED,
        /** A simulated run cannot check it (nothing was measured, no predicate registered); taken as holding. */
        ASSUMED,
        /** Nothing can check it, in any run: it is prose. It does not stop the gate, and the gate says so. */
        UNCHECKED,
        /** An approval nobody has decided on yet: the gate waits. */
        WAITING
    }
}
