package io.specgraph.run;

/**
 * A Java check of a gate. Registered on the engine's builder either by the key of a
 * {@code sg:predicate "key"} condition or by a gate's IRI (an extra condition of that gate).
 */
@FunctionalInterface
public interface GatePredicate {
    /** True when the condition holds. An exception counts as not holding, with its message as the reason. */
    boolean test(GateContext context) throws Exception;
}
