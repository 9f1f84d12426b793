package io.specgraph.run;

import io.specgraph.plan.PlanConflict;
import java.util.Optional;

/**
 * A task that had to wait for a resource another task was writing. The engine never runs two writers of
 * one resource at once; this records when that mattered and which declared conflict covers it.
 *
 * @param resource the {@code sg:writes} value both tasks write
 * @param holder   the task writing it at the time
 * @param waiter   the task that waited
 * @param conflict the declared {@code sg:Conflict} between the two tasks' agents over the resource, if any
 */
public record Contention(String resource, String holder, String waiter, Optional<PlanConflict> conflict) {
    /** The declared resolution, or {@code UNSPECIFIED} when no conflict covers the two tasks. */
    public PlanConflict.Resolution resolution() {
        return conflict.map(PlanConflict::resolution).orElse(PlanConflict.Resolution.UNSPECIFIED);
    }
}
