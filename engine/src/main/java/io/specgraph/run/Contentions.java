package io.specgraph.run;

import io.specgraph.internal.Admission;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanConflict;
import io.specgraph.plan.PlanTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The waits for a resource's writer a run has seen, each (task, resource) once, in the order they began, with
 * the conflict the plan reported that covers the two agents, if any: what the result calls its contentions.
 */
final class Contentions {
    private final Plan plan;
    private final Admission admission;
    private final PlanTask[] task;
    private final List<Contention> seen = new ArrayList<>();
    private final Set<Contended> contended = new HashSet<>();

    private record Contended(int v, int resource) {}

    /** @param task the task at each node index, as {@code admission} numbers its slots */
    Contentions(Plan plan, Admission admission, PlanTask[] task) {
        this.plan = plan;
        this.admission = admission;
        this.task = task;
    }

    /** The task at v may not start because of {@code limit}; a wait for a resource's writer is a contention. */
    void blocked(int v, Admission.Limit limit) {
        if (limit.kind() == Admission.Limit.Kind.RESOURCE && contended.add(new Contended(v, limit.index()))) {
            String resource = admission.resourceName(limit);
            PlanTask holder = task[admission.writerOf(limit)];
            seen.add(new Contention(resource, holder.iri(), task[v].iri(), conflictCovering(resource, holder, task[v])));
        }
    }

    /** The contentions so far, in the order they began (the list itself: the result keeps it). */
    List<Contention> list() {
        return seen;
    }

    private Optional<PlanConflict> conflictCovering(String resource, PlanTask a, PlanTask b) {
        return plan.conflicts().stream()
                .filter(c -> resource.equals(c.resource()) && c.between().contains(a.agent()) && c.between().contains(b.agent()))
                .findFirst();
    }
}
