package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanTask;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.apache.jena.graph.Graph;

/**
 * What a handler sees of its run, used from the handler's own thread: the task, its attempt, the outputs of the
 * tasks before it, the shared store, its work folder; a measurement is posted to the scheduling thread.
 */
final class HandlerContext implements TaskContext {
    /** The driver's side of a running attempt: its thread and its cancellation flag. */
    static final class Attempt {
        final int number;
        final AtomicBoolean cancel = new AtomicBoolean();
        volatile Thread thread;

        Attempt(int number) {
            this.number = number;
        }
    }

    /** What every handler of one run shares. */
    record Run(Plan plan, String runIri, Map<String, Object> outputs, ContextStore store, Map<String, PlanMetric> metrics,
               Consumer<LongFunction<CoreInput>> post, IntFunction<Path> workDirectory) {}

    private final Run run;
    private final PlanTask task;
    private final int v;
    private final Attempt attempt;

    HandlerContext(Run run, PlanTask task, int v, Attempt attempt) {
        this.run = run;
        this.task = task;
        this.v = v;
        this.attempt = attempt;
    }

    @Override
    public PlanTask task() {
        return task;
    }

    @Override
    public int attempt() {
        return attempt.number;
    }

    @Override
    public String runIri() {
        return run.runIri();
    }

    @Override
    public Map<String, Object> upstream() {
        Map<String, Object> up = new LinkedHashMap<>();
        for (String d : task.dependsOn()) {
            Object o = run.outputs().get(d);
            if (o != null) {
                up.put(d, o);
            }
        }
        return Collections.unmodifiableMap(up);
    }

    @Override
    public Optional<Object> output(String taskIri) {
        return Optional.ofNullable(run.outputs().get(taskIri));
    }

    @Override
    public ContextStore store() {
        return run.store();
    }

    @Override
    public void measure(String metricIri, BigDecimal value) {
        PlanMetric m = run.metrics().get(metricIri);
        if (m == null) {
            throw new IllegalArgumentException("the spec declares no metric " + metricIri + "; declared: "
                    + String.join(", ", new LinkedHashSet<>(run.plan().metrics().stream().map(PlanMetric::iri).toList())));
        }
        long stamped = System.nanoTime(); // the core stamps the value itself in virtual time
        int number = attempt.number;
        run.post().accept(at -> new CoreInput.Measured(at, v, number, m, value, stamped));
    }

    @Override
    public Optional<String> metricIri(String iriOrLocalName) {
        if (run.metrics().containsKey(iriOrLocalName)) {
            return Optional.of(iriOrLocalName);
        }
        List<String> matches = run.metrics().keySet().stream().filter(m -> Iris.localName(m).equals(iriOrLocalName)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    @Override
    public Graph spec() {
        return run.plan().specGraph();
    }

    @Override
    public Path workDirectory() {
        return run.workDirectory().apply(v);
    }

    @Override
    public boolean cancelled() {
        return attempt.cancel.get();
    }
}
