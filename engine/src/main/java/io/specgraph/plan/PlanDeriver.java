package io.specgraph.plan;

import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.ClosureValidator;
import io.specgraph.internal.Timings;
import io.specgraph.load.LoadedSpec;
import io.specgraph.vocab.SG;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDFS;

/**
 * Derives a {@link Plan} from a loaded spec: checks closure, reads the records, and builds the DAG's nodes
 * and edges (declared dependencies, gate requirements, phase closures and, with strict phases, barriers).
 */
final class PlanDeriver {
    private PlanDeriver() {}

    /** Whether some sg:Spec of the spec opts in to sharing a phase's estimate over its unestimated tasks. */
    private static boolean fallback(SpecReader r, LoadedSpec spec) {
        for (Node s : r.instances(SG.Spec)) {
            if (SG.ShareOfPhaseEstimate.equals(r.one(s, SG.durationFallback))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Derives the plan.
     *
     * @throws PlanRefusedException when the spec is not closed (unless allowed) or the edges form a cycle
     */
    static Plan derive(LoadedSpec spec, PlanOptions options) {
        return derive(spec, options, new ClosureValidator(options.closure()).validate(spec));
    }

    /**
     * Derives the plan from a closure report already computed for this spec with {@code options.closure()}
     * (so that validating and then planning checks closure once).
     *
     * @throws PlanRefusedException when the report is not closed (unless allowed) or the edges form a cycle
     */
    static Plan derive(LoadedSpec spec, PlanOptions options, ClosureReport report) {
        if (!report.closed() && !options.allowUnclosed()) {
            throw new PlanRefusedException(report);
        }
        List<String> warnings = new ArrayList<>();
        if (!report.closed()) {
            warnings.add("planned although not closed (" + report.summary() + "); what is missing was left out");
        }
        SpecReader r = new SpecReader(spec, warnings);

        List<PlanPhase> phases = new ArrayList<>();
        for (Node p : r.instances(SG.Phase)) {
            phases.add(new PlanPhase(p.getURI(), r.label(p), r.integer(p, SG.order, Integer.MAX_VALUE),
                    Math.max(0, r.integer(p, SG.maxParallel, 0)), r.duration(p, SG.estimatedDuration, Timings.Use.ESTIMATE)));
        }
        phases.sort(Comparator.comparingInt(PlanPhase::order));
        Map<String, PlanPhase> phaseByIri = new HashMap<>();
        phases.forEach(p -> phaseByIri.put(p.iri(), p));

        Map<String, PlanAgent> agents = new LinkedHashMap<>();
        for (Node a : r.instances(SG.Agent)) {
            agents.put(a.getURI(), new PlanAgent(a.getURI(), r.label(a), r.string(a, SG.responsibility),
                    Math.max(1, r.integer(a, SG.concurrency, 1))));
        }

        Set<String> compensations = new HashSet<>();
        for (Node t : r.instances(SG.Task)) {
            compensations.addAll(r.iris(t, SG.compensatedBy));
        }
        List<PlanTask> tasks = new ArrayList<>();
        for (Node t : r.instances(SG.Task)) {
            String handler = r.string(t, SG.handler);
            String command = r.string(t, SG.command);
            Action action = handler != null ? new Action(Action.Kind.HANDLER, handler)
                    : command != null ? new Action(Action.Kind.COMMAND, command) : Action.NONE;
            Duration estimate = r.duration(t, SG.estimatedDuration, Timings.Use.ESTIMATE);
            String phase = r.iri(t, SG.phase);
            String agent = r.iri(t, SG.agent);
            tasks.add(new PlanTask(t.getURI(), r.label(t), agents.containsKey(agent) ? agent : null,
                    phaseByIri.containsKey(phase) ? phase : null, r.iris(t, SG.dependsOn),
                    estimate == null ? Duration.ZERO : estimate, action, r.strings(t, SG.inputs),
                    r.strings(t, SG.outputs), r.strings(t, SG.writes), r.retries(t),
                    r.duration(t, SG.timeout, Timings.Use.TIMEOUT), r.iris(t, SG.addresses), r.iris(t, SG.measures),
                    r.iri(t, SG.compensatedBy), compensations.contains(t.getURI())));
        }
        Set<String> unknown = new java.util.LinkedHashSet<>();
        for (Node t : r.instances(SG.Task)) {
            if (!compensations.contains(t.getURI()) && r.duration(t, SG.estimatedDuration, Timings.Use.ESTIMATE, false) == null) {
                unknown.add(t.getURI());
            }
        }
        tasks = UnknownDurations.settle(tasks, phases, unknown, fallback(r, spec), warnings);
        Map<String, Integer> phaseOrder = new HashMap<>();
        phases.forEach(p -> phaseOrder.put(p.iri(), p.order()));
        List<PlanTask> sorted = new ArrayList<>(tasks);
        // stable sort: written order within a phase, phases in order
        sorted.sort(Comparator.comparingInt(t -> t.phase() == null ? Integer.MAX_VALUE : phaseOrder.get(t.phase())));
        tasks = sorted;

        List<PlanGate> gates = new ArrayList<>();
        for (Node g : r.instances(SG.Gate)) {
            List<PlanGate.Condition> conditions = new ArrayList<>();
            for (Node c : r.objects(g, SG.condition)) {
                String metric = r.iri(c, SG.metricMet);
                String ask = r.string(c, SG.ask);
                String predicate = r.string(c, SG.predicate);
                Node approval = r.one(c, SG.term("approval"));
                if (approval != null) {
                    List<String> approvers = new ArrayList<>(r.iris(approval, SG.term("approver")));
                    String owner = r.iri(g, SG.owner);
                    if (approvers.isEmpty() && owner != null) {
                        approvers.add(owner);
                    }
                    approvers.sort(null);
                    conditions.add(PlanGate.Condition.approval(new PlanGate.Approval(approvers,
                            r.duration(approval, SG.timeout, Timings.Use.TIMEOUT), SG.term("Pass").equals(r.one(approval, SG.term("onTimeout"))))));
                } else if (metric != null) {
                    conditions.add(new PlanGate.Condition(PlanGate.Condition.Kind.METRIC_MET, metric));
                } else if (ask != null) {
                    conditions.add(new PlanGate.Condition(PlanGate.Condition.Kind.ASK, ask));
                } else if (predicate != null) {
                    conditions.add(new PlanGate.Condition(PlanGate.Condition.Kind.PREDICATE, predicate));
                } else {
                    String prose = r.string(c, RDFS.comment.asNode());
                    conditions.add(new PlanGate.Condition(PlanGate.Condition.Kind.PROSE, prose == null ? "" : prose));
                }
            }
            // conditions are blank nodes, whose labels change from load to load: order them by content
            conditions.sort(Comparator.comparing((PlanGate.Condition c) -> c.kind()).thenComparing(PlanGate.Condition::value));
            String closes = r.iri(g, SG.closes);
            String owner = r.iri(g, SG.owner);
            gates.add(new PlanGate(g.getURI(), r.label(g), r.iris(g, SG.requires),
                    phaseByIri.containsKey(closes) ? closes : null, conditions, agents.containsKey(owner) ? owner : null));
        }

        List<PlanMetric> metrics = new ArrayList<>();
        for (Node m : r.instances(SG.Metric)) {
            Set<String> measuredBy = new java.util.TreeSet<>(r.iris(m, SG.measuredBy));
            for (PlanTask t : tasks) {
                if (t.measures().contains(m.getURI())) {
                    measuredBy.add(t.iri());
                }
            }
            metrics.add(new PlanMetric(m.getURI(), r.label(m), r.decimal(m, SG.baseline), r.decimal(m, SG.target),
                    r.string(m, SG.unit), !SG.Maximize.equals(r.one(m, SG.direction)), Math.max(0, r.integer(m, SG.priority, 0)),
                    List.copyOf(measuredBy)));
        }

        List<PlanRisk> risks = new ArrayList<>();
        for (Node k : r.instances(SG.Risk)) {
            String owner = r.iri(k, SG.owner);
            risks.add(new PlanRisk(k.getURI(), r.label(k), r.iri(k, SG.severity), r.decimal(k, SG.probability),
                    r.string(k, SG.mitigation), agents.containsKey(owner) ? owner : null));
        }
        List<PlanConflict> conflicts = new ArrayList<>();
        for (Node c : r.instances(SG.Conflict)) {
            Node resolution = r.one(c, SG.resolution);
            PlanConflict.Resolution how = SG.term("Serialize").equals(resolution) ? PlanConflict.Resolution.SERIALIZE
                    : SG.term("FirstWins").equals(resolution) ? PlanConflict.Resolution.FIRST_WINS
                    : SG.term("Escalate").equals(resolution) ? PlanConflict.Resolution.ESCALATE
                    : PlanConflict.Resolution.UNSPECIFIED;
            conflicts.add(new PlanConflict(c.getURI(), r.label(c), r.iris(c, SG.between), r.string(c, SG.resource), how));
        }
        return Plan.build(phases, List.copyOf(agents.values()), tasks, gates, metrics, risks, conflicts,
                options.pipelined(), warnings, unknown, spec.union());
    }
}
