package io.specgraph.record;

import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;

/**
 * Writes a {@link RunRecord} as the run goes. The engine owns one per run and calls it from its scheduling
 * thread only; hosts read the result through {@link #record()}.
 *
 * <p>IRIs are URNs under the run's own: {@code urn:specgraph:run:<uuid>:task:<i>:attempt:<n>},
 * {@code …:gate:<i>}, {@code …:measurement:<k>}, where i is the node's position in the plan.
 */
public final class RunRecorder {
    /** The PROV-O namespace. */
    public static final String PROV = "http://www.w3.org/ns/prov#";

    private static final Node TYPE = RDF.type.asNode();
    private static final Node STARTED = NodeFactory.createURI(PROV + "startedAtTime");
    private static final Node ENDED = NodeFactory.createURI(PROV + "endedAtTime");
    private static final Node ASSOCIATED = NodeFactory.createURI(PROV + "wasAssociatedWith");
    private static final Node GENERATED_BY = NodeFactory.createURI(PROV + "wasGeneratedBy");
    private static final Node GENERATED_AT = NodeFactory.createURI(PROV + "generatedAtTime");
    private static final Node USED = NodeFactory.createURI(PROV + "used");

    private final Graph graph = GraphMemFactory.createDefaultGraph();
    private final Node run;
    private final RunRecord record;
    private long measurements;

    /** Starts a record for the run with this IRI. */
    public RunRecorder(String runIri) {
        this.run = NodeFactory.createURI(runIri);
        graph.getPrefixMapping().setNsPrefix("sg", SG.NS);
        graph.getPrefixMapping().setNsPrefix("prov", PROV);
        graph.getPrefixMapping().setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        this.record = new RunRecord(runIri, graph);
    }

    /** The record being written. */
    public RunRecord record() {
        return record;
    }

    /** The IRI of attempt {@code number} of the plan node at {@code index}. */
    public String attemptIri(int index, int number) {
        return run.getURI() + ":task:" + index + ":attempt:" + number;
    }

    /** Records the start of the run. {@code timeScale} is null for a real run. */
    public void runStarted(Instant at, int workers, Double timeScale) {
        add(run, TYPE, SG.Run);
        add(run, STARTED, time(at));
        add(run, SG.workers, NodeFactory.createLiteralDT(Integer.toString(workers), XSDDatatype.XSDinteger));
        if (timeScale != null) {
            add(run, SG.timeScale, NodeFactory.createLiteralDT(Double.toString(timeScale), XSDDatatype.XSDdouble));
        }
    }

    /**
     * Records one attempt of a task.
     *
     * @param state the local name of its {@code sg:State} (Succeeded, Failed, TimedOut, Cancelled)
     */
    public void attempt(int index, int number, String taskIri, String agentIri, Instant start, Instant end, String state,
                        String reason) {
        Node a = NodeFactory.createURI(attemptIri(index, number));
        add(a, TYPE, SG.TaskAttempt);
        add(a, SG.run, run);
        add(a, SG.task, NodeFactory.createURI(taskIri));
        add(a, SG.attempt, NodeFactory.createLiteralDT(Integer.toString(number), XSDDatatype.XSDinteger));
        if (agentIri != null) {
            add(a, ASSOCIATED, NodeFactory.createURI(agentIri));
        }
        add(a, STARTED, time(start));
        add(a, ENDED, time(end));
        add(a, SG.state, SG.term(state));
        if (reason != null && !reason.isEmpty()) {
            add(a, SG.reason, NodeFactory.createLiteralString(reason));
        }
    }

    /** Records a task that reached a terminal state without running (skipped or cancelled before starting). */
    public void notRun(int index, String taskIri, String state, String reason, Instant at) {
        Node a = NodeFactory.createURI(run.getURI() + ":task:" + index);
        add(a, TYPE, SG.TaskAttempt);
        add(a, SG.run, run);
        add(a, SG.task, NodeFactory.createURI(taskIri));
        add(a, SG.attempt, NodeFactory.createLiteralDT("0", XSDDatatype.XSDinteger));
        add(a, ENDED, time(at));
        add(a, SG.state, SG.term(state));
        add(a, SG.reason, NodeFactory.createLiteralString(reason));
    }

    /** Records a measurement made by attempt {@code number} of the task at {@code index}. */
    public void measurement(int index, int number, String metricIri, BigDecimal value, Instant at) {
        Node m = NodeFactory.createURI(run.getURI() + ":measurement:" + (++measurements));
        add(m, TYPE, SG.Measurement);
        add(m, SG.run, run);
        add(m, SG.metric, NodeFactory.createURI(metricIri));
        add(m, SG.value, NodeFactory.createLiteralDT(value.toPlainString(), XSDDatatype.XSDdecimal));
        add(m, GENERATED_BY, NodeFactory.createURI(attemptIri(index, number)));
        add(m, GENERATED_AT, time(at));
    }

    /**
     * Records a gate's evaluation.
     *
     * @param state the local name of its {@code sg:State} (Passed, Failed, Blocked, Cancelled)
     */
    public void gate(int index, String gateIri, String state, String reason, Instant at) {
        Node g = NodeFactory.createURI(run.getURI() + ":gate:" + index);
        add(g, TYPE, SG.GateEvaluation);
        add(g, SG.run, run);
        add(g, SG.gate, NodeFactory.createURI(gateIri));
        add(g, USED, NodeFactory.createURI(gateIri));
        add(g, ENDED, time(at));
        add(g, SG.state, SG.term(state));
        if (reason != null && !reason.isEmpty()) {
            add(g, SG.reason, NodeFactory.createLiteralString(reason));
        }
    }

    /** Records the end of the run: Succeeded, Failed or Cancelled. */
    public void runFinished(Instant at, String state) {
        add(run, ENDED, time(at));
        add(run, SG.state, SG.term(state));
    }

    private void add(Node s, Node p, Node o) {
        graph.add(Triple.create(s, p, o));
    }

    private static Node time(Instant at) {
        return NodeFactory.createLiteralDT(at.toString(), XSDDatatype.XSDdateTime);
    }
}
