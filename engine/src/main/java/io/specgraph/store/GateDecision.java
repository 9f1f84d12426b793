package io.specgraph.store;

import java.time.Instant;

/**
 * A person's decision on an approval gate.
 *
 * @param gate     the gate's IRI
 * @param approved true to approve, false to reject
 * @param by       the deciding agent's IRI
 * @param comment  what they said ("" when nothing)
 * @param at       when they decided
 */
public record GateDecision(String gate, boolean approved, String by, String comment, Instant at) {}
