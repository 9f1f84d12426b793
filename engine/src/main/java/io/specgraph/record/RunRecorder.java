package io.specgraph.record;

import io.specgraph.internal.Recorder;
import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;

/**
 * Writes a {@link RunRecord} as the run goes. The engine owns one per run and calls it from its scheduling
 * thread only; hosts read the result through {@link #record()}.
 *
 * <p>What is recorded is kept as compact facts, one small object per attempt, measurement or gate, and turned
 * into triples only when the record's graph is read (and then only the facts added since the last read): a run
 * of 100,000 tasks that nobody queries never builds its 800,000 triples.
 *
 * <p>IRIs are URNs under the run's own: {@code urn:specgraph:run:<uuid>:task:<i>:attempt:<n>},
 * {@code …:gate:<i>}, {@code …:measurement:<k>}, where i is the node's position in the plan.
 */
final class RunRecorder implements Recorder {
    static {
        // Jena must be initialised before its vocabulary classes: touching RDF first fails in a fresh JVM
        org.apache.jena.sys.JenaSystem.init();
    }

    private static final Node TYPE = RDF.type.asNode();
    private static final Node STARTED = NodeFactory.createURI(PROV + "startedAtTime");
    private static final Node ENDED = NodeFactory.createURI(PROV + "endedAtTime");
    private static final Node ASSOCIATED = NodeFactory.createURI(PROV + "wasAssociatedWith");
    private static final Node GENERATED_BY = NodeFactory.createURI(PROV + "wasGeneratedBy");
    private static final Node GENERATED_AT = NodeFactory.createURI(PROV + "generatedAtTime");
    private static final Node USED = NodeFactory.createURI(PROV + "used");
    private static final Node INFORMED_BY = NodeFactory.createURI(PROV + "wasInformedBy");

    private final String runIri;
    private final Node run;
    private final RunRecord record;
    private final List<Fact> facts = new ArrayList<>();
    private final List<TraceLinks> traces = new ArrayList<>();
    private long measurements;

    /** Starts a record for the run with this IRI. */
    public RunRecorder(String runIri) {
        this.runIri = runIri;
        this.run = NodeFactory.createURI(runIri);
        this.record = new RunRecord(runIri, this::materialize, this);
    }

    /** The record being written. */
    public RunRecord record() {
        return record;
    }

    /** The IRI of attempt {@code number} of the plan node at {@code index}. */
    public String attemptIri(int index, int number) {
        return runIri + ":task:" + index + ":attempt:" + number;
    }

    /**
     * Adds a source of trace links: the run, its attempts and its gate evaluations get {@code sg:traceId} and
     * {@code sg:spanId} from the first source that traced them. Sources added before the run starts see every fact.
     */
    public synchronized void traceLinks(TraceLinks links) {
        traces.add(Objects.requireNonNull(links, "links"));
    }

    /** Records the start of the run. {@code timeScale} is null for a real run. */
    public void runStarted(Instant at, int workers, Double timeScale) {
        add(new RunStarted(at, workers, timeScale));
    }

    /**
     * Records one attempt of a task.
     *
     * @param state the local name of its {@code sg:State} (Succeeded, Failed, TimedOut, Cancelled)
     */
    public void attempt(int index, int number, String taskIri, String agentIri, Instant start, Instant end, String state,
                        String reason) {
        add(new AttemptEnded(index, number, taskIri, agentIri, start, end, state, reason));
    }

    /** Records a task that reached a terminal state without running (skipped or cancelled before starting). */
    public void notRun(int index, String taskIri, String state, String reason, Instant at) {
        add(new NotRun(index, taskIri, state, reason, at));
    }

    // Reason: the record of a check's reasons is Recorder.Reason, which the run package makes

    /**
     * Records the up-to-date check of the task at {@code index}: its fingerprint, whether it is reused
     * ({@code upToDate}) or runs, and why. Its IRI is {@code …:task:<i>:check}.
     */
    public void check(int index, String taskIri, String fingerprint, boolean upToDate, List<Reason> reasons, Instant at) {
        add(new Checked(index, taskIri, fingerprint, upToDate, List.copyOf(reasons), at));
    }

    /**
     * Records a task that did not run because it was up to date, carrying over the earlier attempt
     * {@code cachedFrom} (its IRI). Measurements it carries over are recorded with attempt number 0.
     */
    public void cached(int index, String taskIri, String cachedFrom, String reason, Instant at) {
        add(new Cached(index, taskIri, cachedFrom, reason, at));
    }

    /**
     * Records a measurement made by attempt {@code number} of the task at {@code index} (0: carried over by the
     * task, cached).
     */
    public void measurement(int index, int number, String metricIri, BigDecimal value, Instant at) {
        add(new Measured(++measurements, index, number, metricIri, value, at));
    }

    /**
     * Records a gate's evaluation.
     *
     * @param state the local name of its {@code sg:State} (Passed, Failed, Blocked, Cancelled)
     */
    public void gate(int index, String gateIri, String state, String reason, Instant at) {
        add(new GateEvaluated(index, gateIri, state, reason, at));
    }

    /**
     * Records a decision on the approval gate at {@code index}: who ({@code byIri}; null when nobody decided within
     * the gate's timeout), when, approved or rejected, and their comment.
     */
    public void approval(int index, String gateIri, boolean approved, String byIri, String comment, Instant at) {
        add(new ApprovalDecided(index, gateIri, approved, byIri, comment, at));
    }

    /** Records the end of the run: Succeeded, Failed or Cancelled. */
    public void runFinished(Instant at, String state) {
        add(new RunFinished(at, state));
    }

    private synchronized void add(Fact fact) {
        facts.add(fact);
    }

    /** The facts recorded so far, in the order they were recorded. */
    synchronized List<Fact> facts() {
        return List.copyOf(facts);
    }

    /** Adds a fact of a record read back ({@link RecordFacts}), as it was recorded. */
    void restore(Fact fact) {
        if (fact instanceof Measured m) {
            measurements = Math.max(measurements, m.sequence());
        }
        add(fact);
    }

    /** Where the first source of trace links that traced a part says it was traced. */
    synchronized Optional<TraceLinks.SpanLink> traced(Function<TraceLinks, Optional<TraceLinks.SpanLink>> span) {
        for (TraceLinks source : traces) {
            Optional<TraceLinks.SpanLink> found;
            try {
                found = span.apply(source);
            } catch (RuntimeException e) {
                continue; // a tracer's fault must not cost the record its facts; the link is only a pointer
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Adds the triples of every fact recorded to {@code graph}, with the record's prefixes. */
    void addAllTo(Graph graph) {
        materialize(graph, 0);
    }

    /** The run's IRI. */
    String runIri() {
        return runIri;
    }

    /** Adds the triples of the facts from {@code from} on to the graph; returns how many facts there are now. */
    private synchronized int materialize(Graph graph, int from) {
        if (from == 0) {
            graph.getPrefixMapping().setNsPrefix("sg", SG.NS);
            graph.getPrefixMapping().setNsPrefix("prov", PROV);
            graph.getPrefixMapping().setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        }
        for (int i = from; i < facts.size(); i++) {
            triples(facts.get(i), graph);
        }
        return facts.size();
    }

    private void triples(Fact fact, Graph graph) {
        switch (fact) {
            case RunStarted f -> {
                type(graph, run, SG.Run);
                add(graph, run, STARTED, time(f.at()));
                add(graph, run, SG.workers, NodeFactory.createLiteralDT(Integer.toString(f.workers()), XSDDatatype.XSDinteger));
                if (f.timeScale() != null) {
                    add(graph, run, SG.timeScale, NodeFactory.createLiteralDT(Double.toString(f.timeScale()), XSDDatatype.XSDdouble));
                }
                link(graph, run, TraceLinks::run);
            }
            case AttemptEnded f -> {
                Node a = NodeFactory.createURI(attemptIri(f.index(), f.number()));
                type(graph, a, SG.TaskAttempt);
                add(graph, a, SG.run, run);
                add(graph, a, SG.task, NodeFactory.createURI(f.taskIri()));
                add(graph, a, SG.attempt, NodeFactory.createLiteralDT(Integer.toString(f.number()), XSDDatatype.XSDinteger));
                if (f.agentIri() != null) {
                    relate(graph, a, ASSOCIATED, NodeFactory.createURI(f.agentIri()));
                }
                add(graph, a, STARTED, time(f.start()));
                add(graph, a, ENDED, time(f.end()));
                add(graph, a, SG.state, SG.term(f.state()));
                if (f.reason() != null && !f.reason().isEmpty()) {
                    add(graph, a, SG.reason, NodeFactory.createLiteralString(f.reason()));
                }
                link(graph, a, t -> t.attempt(f.taskIri(), f.number()));
            }
            case NotRun f -> notRun(graph, f.index(), f.taskIri(), f.state(), f.reason(), f.at());
            case Measured f -> {
                Node m = NodeFactory.createURI(runIri + ":measurement:" + f.sequence());
                type(graph, m, SG.Measurement);
                add(graph, m, SG.run, run);
                add(graph, m, SG.metric, NodeFactory.createURI(f.metricIri()));
                add(graph, m, SG.value, NodeFactory.createLiteralDT(f.value().toPlainString(), XSDDatatype.XSDdecimal));
                relate(graph, m, GENERATED_BY, NodeFactory.createURI(f.number() == 0 ? runIri + ":task:" + f.index()
                        : attemptIri(f.index(), f.number())));
                add(graph, m, GENERATED_AT, time(f.at()));
            }
            case GateEvaluated f -> {
                Node g = NodeFactory.createURI(runIri + ":gate:" + f.index());
                type(graph, g, SG.GateEvaluation);
                add(graph, g, SG.run, run);
                add(graph, g, SG.gate, NodeFactory.createURI(f.gateIri()));
                relate(graph, g, USED, NodeFactory.createURI(f.gateIri()));
                add(graph, g, ENDED, time(f.at()));
                add(graph, g, SG.state, SG.term(f.state()));
                if (f.reason() != null && !f.reason().isEmpty()) {
                    add(graph, g, SG.reason, NodeFactory.createLiteralString(f.reason()));
                }
                link(graph, g, t -> t.gate(f.gateIri()));
            }
            case ApprovalDecided f -> {
                Node d = NodeFactory.createURI(runIri + ":gate:" + f.index() + ":decision");
                type(graph, d, SG.term("ApprovalDecision"));
                add(graph, d, SG.run, run);
                add(graph, d, SG.gate, NodeFactory.createURI(f.gateIri()));
                add(graph, d, ENDED, time(f.at()));
                add(graph, d, SG.term("decision"), SG.term(f.approved() ? "Approved" : "Rejected"));
                if (f.comment() != null && !f.comment().isEmpty()) {
                    add(graph, d, SG.term("comment"), NodeFactory.createLiteralString(f.comment()));
                }
                if (f.byIri() != null) {
                    Node by = NodeFactory.createURI(f.byIri());
                    Node association = NodeFactory.createURI(runIri + ":gate:" + f.index() + ":decision:association");
                    relate(graph, d, ASSOCIATED, by);
                    relate(graph, d, NodeFactory.createURI(PROV + "qualifiedAssociation"), association);
                    relate(graph, association, NodeFactory.createURI(PROV + "agent"), by);
                    relate(graph, association, NodeFactory.createURI(PROV + "hadRole"), SG.term("Approver"));
                }
            }
            case Checked f -> {
                Node c = NodeFactory.createURI(runIri + ":task:" + f.index() + ":check");
                type(graph, c, SG.term("UpToDateCheck"));
                add(graph, c, SG.run, run);
                add(graph, c, SG.term("checkOf"), NodeFactory.createURI(f.taskIri()));
                add(graph, c, SG.term("fingerprint"), NodeFactory.createLiteralString(f.fingerprint()));
                add(graph, c, SG.term("verdict"), SG.term(f.upToDate() ? "Reuse" : "MustRun"));
                add(graph, c, ENDED, time(f.at()));
                for (int k = 0; k < f.reasons().size(); k++) {
                    Reason r = f.reasons().get(k);
                    Node why = NodeFactory.createURI(runIri + ":task:" + f.index() + ":check:reason:" + (k + 1));
                    add(graph, c, SG.term("because"), why);
                    type(graph, why, SG.term("CheckReason"));
                    add(graph, why, SG.term("reasonKind"), SG.term(r.kind()));
                    add(graph, why, SG.reason, NodeFactory.createLiteralString(r.sentence()));
                    text(graph, why, "path", r.path());
                    if (r.upstream() != null) {
                        add(graph, why, SG.term("upstream"), NodeFactory.createURI(r.upstream()));
                    }
                    if (r.property() != null) {
                        add(graph, why, SG.term("property"), NodeFactory.createURI(r.property()));
                    }
                    text(graph, why, "before", r.before());
                    text(graph, why, "after", r.after());
                    text(graph, why, "location", r.location());
                }
            }
            case Cached f -> {
                Node a = notRun(graph, f.index(), f.taskIri(), "Cached", f.reason(), f.at());
                if (f.cachedFrom() != null && !f.cachedFrom().isEmpty()) {
                    Node earlier = NodeFactory.createURI(f.cachedFrom());
                    add(graph, a, SG.term("cachedFrom"), earlier);
                    relate(graph, a, INFORMED_BY, earlier);
                }
            }
            case RunFinished f -> {
                add(graph, run, ENDED, time(f.at()));
                add(graph, run, SG.state, SG.term(f.state()));
            }
        }
    }

    /**
     * A task that ended without an attempt of this run (skipped, cancelled, or cached: done by an earlier run):
     * attempt 0, an end and no start. Returns its node.
     */
    private Node notRun(Graph graph, int index, String taskIri, String state, String reason, Instant at) {
        Node a = NodeFactory.createURI(runIri + ":task:" + index);
        type(graph, a, SG.TaskAttempt);
        add(graph, a, SG.run, run);
        add(graph, a, SG.task, NodeFactory.createURI(taskIri));
        add(graph, a, SG.attempt, NodeFactory.createLiteralDT("0", XSDDatatype.XSDinteger));
        add(graph, a, ENDED, time(at));
        add(graph, a, SG.state, SG.term(state));
        add(graph, a, SG.reason, NodeFactory.createLiteralString(reason));
        link(graph, a, t -> t.attempt(taskIri, 0));
        return a;
    }

    /** States where {@code node} was traced, from the first source that traced it. */
    private void link(Graph graph, Node node, Function<TraceLinks, Optional<TraceLinks.SpanLink>> span) {
        traced(span).ifPresent(found -> {
            add(graph, node, SG.traceId, NodeFactory.createLiteralString(found.traceId()));
            add(graph, node, SG.spanId, NodeFactory.createLiteralString(found.spanId()));
        });
    }

    private static void text(Graph graph, Node s, String sgProperty, String value) {
        if (value != null && !value.isEmpty()) {
            add(graph, s, SG.term(sgProperty), NodeFactory.createLiteralString(value));
        }
    }

    private static void add(Graph graph, Node s, Node p, Node o) {
        graph.add(Triple.create(s, p, o));
    }

    /**
     * Types a node with its {@code sg:} class and, explicitly, every PROV class the vocabulary puts above it: every
     * node the record describes is typed through here, so a fact added later inherits the PROV typing.
     */
    private static void type(Graph graph, Node node, Node sgClass) {
        add(graph, node, TYPE, sgClass);
        for (Node prov : ProvTypes.of(sgClass)) {
            add(graph, node, TYPE, prov);
        }
    }

    /**
     * States a PROV relation and types its object with the class PROV-O gives the relation's range: an agent or a
     * gate the record points at is described in the spec, not in the record, and a PROV tool reads the record alone.
     */
    private static void relate(Graph graph, Node s, Node provProperty, Node o) {
        add(graph, s, provProperty, o);
        Node range = ProvTypes.rangeOf(provProperty);
        if (range != null) {
            add(graph, o, TYPE, range);
        }
    }

    private static Node time(Instant at) {
        return NodeFactory.createLiteralDT(at.toString(), XSDDatatype.XSDdateTime);
    }

    /** One thing recorded, kept until the graph is read. */
    sealed interface Fact {}

    record RunStarted(Instant at, int workers, Double timeScale) implements Fact {}

    record AttemptEnded(int index, int number, String taskIri, String agentIri, Instant start, Instant end,
                                String state, String reason) implements Fact {}

    record NotRun(int index, String taskIri, String state, String reason, Instant at) implements Fact {}

    record Measured(long sequence, int index, int number, String metricIri, BigDecimal value, Instant at)
            implements Fact {}

    record GateEvaluated(int index, String gateIri, String state, String reason, Instant at) implements Fact {}

    record ApprovalDecided(int index, String gateIri, boolean approved, String byIri, String comment, Instant at)
            implements Fact {}

    record RunFinished(Instant at, String state) implements Fact {}

    record Checked(int index, String taskIri, String fingerprint, boolean upToDate, List<Reason> reasons, Instant at)
            implements Fact {}

    record Cached(int index, String taskIri, String cachedFrom, String reason, Instant at) implements Fact {}
}
