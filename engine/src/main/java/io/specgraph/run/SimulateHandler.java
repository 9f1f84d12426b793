package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The dry run: waits the task's estimated duration times the time scale, then succeeds with no output. */
final class SimulateHandler implements TaskHandler {
    private final double scale;

    SimulateHandler(double scale) {
        this.scale = scale;
    }

    @Override
    public Object run(TaskContext context) throws InterruptedException {
        long nanos = (long) (context.task().estimatedDuration().toNanos() * scale);
        if (nanos > 0) {
            Thread.sleep(Duration.ofNanos(nanos));
        }
        return null;
    }

    /**
     * {@code handler} for every task of the plan, by task IRI, as a read-only map: a simulated run of 100,000 tasks
     * need not fill a map of 100,000 equal entries first, nor look each task up again. The run asks it only for
     * the plan's tasks, so it answers {@code handler} for any IRI without a lookup; its entries are the plan's tasks.
     */
    static Map<String, TaskHandler> forEveryTask(Plan plan, TaskHandler handler) {
        return new AbstractMap<>() {
            @Override
            public TaskHandler get(Object iri) {
                return iri instanceof String ? handler : null;
            }

            @Override
            public boolean containsKey(Object iri) {
                return get(iri) != null;
            }

            @Override
            public Set<Entry<String, TaskHandler>> entrySet() {
                return plan.tasks().stream().map(PlanTask::iri).map(iri -> Map.entry(iri, handler))
                        .collect(Collectors.toUnmodifiableSet());
            }
        };
    }
}
