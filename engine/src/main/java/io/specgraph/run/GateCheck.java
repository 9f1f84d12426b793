package io.specgraph.run;

import io.specgraph.internal.AskQueries;
import io.specgraph.internal.SafeQueryExec;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.compose.Union;
import org.apache.jena.query.QueryCancelledException;

/**
 * The check of one gate's conditions, on its own thread, against a snapshot of the run taken when the
 * gate became ready: task states, measurements and (when a condition may read it) the record so far.
 */
final class GateCheck implements GateContext {
    private final Engine engine;
    private final Plan plan;
    private final Map<String, PlanMetric> metrics;
    private final PlanGate gate;
    private final int waitedFor;
    private final Function<String, TaskState> states;
    private final Map<String, BigDecimal> values;
    private final Graph record;
    private final Map<String, Object> outputs;
    private final ContextStore store;

    /**
     * @param waitedFor how many tasks and gates the gate waited for (all succeeded, or it would not be checked)
     * @param states    the state of each task by IRI when the gate became ready; throws for an unknown IRI
     * @param values    the last measured value of each metric by IRI, at that moment
     * @param record    a read-only copy of the run record so far, or null when no condition reads it
     * @param outputs   the outputs of the tasks that succeeded, by task IRI (live: read as the handlers wrote them)
     */
    GateCheck(Engine engine, Plan plan, Map<String, PlanMetric> metrics, PlanGate gate, int waitedFor,
              Function<String, TaskState> states, Map<String, BigDecimal> values, Graph record,
              Map<String, Object> outputs, ContextStore store) {
        this.engine = engine;
        this.plan = plan;
        this.metrics = metrics;
        this.gate = gate;
        this.waitedFor = waitedFor;
        this.states = states;
        this.values = values;
        this.record = record;
        this.outputs = outputs;
        this.store = store;
    }

    List<ConditionOutcome> conditions() {
        List<ConditionOutcome> out = new ArrayList<>();
        out.add(new ConditionOutcome(ConditionOutcome.Kind.REQUIREMENTS, gate.iri(), ConditionOutcome.Status.PASSED,
                "the " + waitedFor + " tasks and gates it waits for succeeded"));
        for (PlanGate.Condition c : gate.conditions()) {
            out.add(switch (c.kind()) {
                case METRIC_MET -> metricMet(c.value());
                case ASK -> ask(c.value());
                case PREDICATE -> predicate(c.value());
                case PROSE -> outcome(ConditionOutcome.Kind.PROSE, c.value(), ConditionOutcome.Status.UNCHECKED,
                        "unchecked (prose)" + (c.value().isBlank() ? "" : ": " + c.value()));
                case APPROVAL -> engine.simulate
                        ? outcome(ConditionOutcome.Kind.APPROVAL, c.value(), ConditionOutcome.Status.ASSUMED,
                                "approved automatically in a simulated run")
                        : outcome(ConditionOutcome.Kind.APPROVAL, c.value(), ConditionOutcome.Status.WAITING,
                                "waits for a decision by " + Approvals.who(c.approval()));
            });
        }
        if (engine.predicates.containsKey(gate.iri())) {
            out.add(predicate(gate.iri()));
        }
        return out;
    }

    private ConditionOutcome metricMet(String metricIri) {
        PlanMetric m = metrics.get(metricIri);
        if (m == null) {
            return outcome(ConditionOutcome.Kind.METRIC_MET, metricIri, ConditionOutcome.Status.FAILED,
                    "metric " + metricIri + " is not declared in the spec");
        }
        BigDecimal value = values.get(metricIri);
        if (value == null) {
            return engine.simulate
                    ? outcome(ConditionOutcome.Kind.METRIC_MET, metricIri, ConditionOutcome.Status.ASSUMED,
                            m.label() + " is not measured in a dry run")
                    : outcome(ConditionOutcome.Kind.METRIC_MET, metricIri, ConditionOutcome.Status.FAILED,
                            m.label() + " was not measured: no task recorded a value");
        }
        if (m.target() == null) {
            return outcome(ConditionOutcome.Kind.METRIC_MET, metricIri, ConditionOutcome.Status.FAILED,
                    m.label() + " has no target to meet");
        }
        String unit = m.unit() == null ? "" : " " + m.unit();
        int c = value.compareTo(m.target());
        boolean met = m.minimize() ? c <= 0 : c >= 0;
        return outcome(ConditionOutcome.Kind.METRIC_MET, metricIri,
                met ? ConditionOutcome.Status.PASSED : ConditionOutcome.Status.FAILED,
                m.label() + " measured " + value.toPlainString() + unit + ", target " + (m.minimize() ? "≤ " : "≥ ")
                        + m.target().toPlainString() + unit);
    }

    private ConditionOutcome ask(String sparql) {
        AskQueries.Parsed parsed = AskQueries.parse(sparql);
        if (parsed.problem() != null) {
            return outcome(ConditionOutcome.Kind.ASK, sparql, ConditionOutcome.Status.FAILED, "the condition " + parsed.problem());
        }
        Graph data = plan.specGraph() == null ? record : new Union(plan.specGraph(), record);
        try {
            boolean answer = SafeQueryExec.ask(data, parsed.query(), engine.gateTimeout);
            return outcome(ConditionOutcome.Kind.ASK, sparql,
                    answer ? ConditionOutcome.Status.PASSED : ConditionOutcome.Status.FAILED,
                    "an sg:ask query answered " + answer);
        } catch (QueryCancelledException e) {
            return outcome(ConditionOutcome.Kind.ASK, sparql, ConditionOutcome.Status.FAILED,
                    "an sg:ask query took longer than " + PlanWriter.human(engine.gateTimeout) + " and was stopped");
        } catch (RuntimeException e) {
            return outcome(ConditionOutcome.Kind.ASK, sparql, ConditionOutcome.Status.FAILED,
                    "an sg:ask query could not be evaluated: " + RunCore.describe(e));
        }
    }

    private ConditionOutcome predicate(String key) {
        GatePredicate p = engine.predicates.get(key);
        if (p == null) {
            // only reachable in a dry run: a real run is refused before it starts
            return outcome(ConditionOutcome.Kind.PREDICATE, key, ConditionOutcome.Status.ASSUMED,
                    "predicate \"" + key + "\" is not checked in a dry run");
        }
        try {
            boolean holds = p.test(this);
            return outcome(ConditionOutcome.Kind.PREDICATE, key,
                    holds ? ConditionOutcome.Status.PASSED : ConditionOutcome.Status.FAILED,
                    "predicate \"" + key + "\" " + (holds ? "holds" : "does not hold"));
        } catch (Exception e) {
            return outcome(ConditionOutcome.Kind.PREDICATE, key, ConditionOutcome.Status.FAILED,
                    "predicate \"" + key + "\" threw: " + RunCore.describe(e));
        }
    }

    private ConditionOutcome outcome(ConditionOutcome.Kind kind, String value, ConditionOutcome.Status status, String detail) {
        return new ConditionOutcome(kind, value, status, detail);
    }

    @Override
    public PlanGate gate() {
        return gate;
    }

    @Override
    public TaskState state(String taskIri) {
        return states.apply(taskIri);
    }

    @Override
    public Optional<Object> output(String taskIri) {
        return Optional.ofNullable(outputs.get(taskIri));
    }

    @Override
    public Optional<BigDecimal> measured(String metricIri) {
        return Optional.ofNullable(values.get(metricIri));
    }

    @Override
    public ContextStore store() {
        return store;
    }

    @Override
    public Graph spec() {
        return plan.specGraph();
    }

    @Override
    public Graph record() {
        return record;
    }
}
