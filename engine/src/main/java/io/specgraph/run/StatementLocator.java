package io.specgraph.run;

import java.util.Optional;

/**
 * Where a statement of the spec is written, for messages: the reason an incremental run gives for running a
 * task whose definition changed names the file and line ({@code plan.ttl:42}). A host that loaded the spec from
 * files knows; a plan built in code has no answer.
 */
@FunctionalInterface
public interface StatementLocator {
    /** Where {@code subjectIri}'s {@code propertyIri} statement is written, as {@code file:line}; empty when unknown. */
    Optional<String> locate(String subjectIri, String propertyIri);
}
