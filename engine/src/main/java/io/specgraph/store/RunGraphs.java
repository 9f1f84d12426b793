package io.specgraph.store;

import io.specgraph.vocab.SG;
import java.time.Instant;
import java.util.List;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;

/**
 * How a store lays runs out as RDF, the same in every store: per run a named graph for the spec as loaded
 * ({@code <run>:spec}) and the record ({@code <run>:record}), and one graph ({@value #RUNS}) describing every
 * run (id, spec, start, state, counts, the plan as JSON), so that history queries can join them.
 */
final class RunGraphs {
    /** The graph describing every run of the store. */
    static final String RUNS = "urn:specgraph:store:runs";
    private static final String PROV = "http://www.w3.org/ns/prov#";
    static final Node RUNS_GRAPH = NodeFactory.createURI(RUNS);
    /** The terms {@link #progress} replaces. */
    static final List<String> PROGRESS_TERMS = List.of("runState", "tasksDone", "tasksTotal", "elapsed", "waitsFor");

    private RunGraphs() {}

    static Node spec(String runIri) {
        return NodeFactory.createURI(runIri + ":spec");
    }

    static Node record(String runIri) {
        return NodeFactory.createURI(runIri + ":record");
    }

    /** Adds a new run's spec, plan and description (inside the caller's write transaction). */
    static void register(DatasetGraph data, String id, NewRun run) {
        Graph spec = data.getGraph(spec(RunIds.iri(id)));
        run.specGraph().find().forEach(spec::add);
        describe(data.getGraph(RUNS_GRAPH), id, run.spec(), run.started(), run.plan());
    }

    /** Adds what does not change of a run to the description of runs: id, spec, start, plan. */
    static void describe(Graph runs, String id, String specLocation, Instant started, String plan) {
        Node s = NodeFactory.createURI(RunIds.iri(id));
        runs.add(Triple.create(s, RDF.type.asNode(), SG.term("Run")));
        runs.add(Triple.create(s, SG.term("runId"), NodeFactory.createLiteralString(id)));
        runs.add(Triple.create(s, SG.term("specLocation"), NodeFactory.createLiteralString(specLocation)));
        runs.add(Triple.create(s, NodeFactory.createURI(PROV + "startedAtTime"), time(started)));
        if (plan != null) {
            // none for a run whose process ended before its plan's JSON was written (the disk store writes it beside the run)
            runs.add(Triple.create(s, SG.term("planJson"), NodeFactory.createLiteralString(plan)));
        }
    }

    /** Replaces a run's state and counts in the description of runs. */
    static void progress(DatasetGraph data, String id, RunInfo.Progress p) {
        progress(data.getGraph(RUNS_GRAPH), id, p);
    }

    /** Replaces a run's state and counts in {@code runs}, a description of runs. */
    static void progress(Graph runs, String id, RunInfo.Progress p) {
        Node s = NodeFactory.createURI(RunIds.iri(id));
        for (String p2 : PROGRESS_TERMS) {
            runs.remove(s, SG.term(p2), Node.ANY);
        }
        runs.add(Triple.create(s, SG.term("runState"), SG.term(stateName(p.state()))));
        runs.add(Triple.create(s, SG.term("tasksDone"), NodeFactory.createLiteralDT(Integer.toString(p.tasksDone()), XSDDatatype.XSDinteger)));
        runs.add(Triple.create(s, SG.term("tasksTotal"), NodeFactory.createLiteralDT(Integer.toString(p.tasksTotal()), XSDDatatype.XSDinteger)));
        runs.add(Triple.create(s, SG.term("elapsed"), NodeFactory.createLiteralDT(p.elapsed().toString(), XSDDatatype.XSDduration)));
        for (String gate : p.waitingGates()) {
            runs.add(Triple.create(s, SG.term("waitsFor"), NodeFactory.createURI(gate)));
        }
    }

    /** The local name of a state in the vocabulary: {@code sg:Running}, {@code sg:Waiting}, … */
    static String stateName(RunInfo.State state) {
        String n = state.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static Node time(Instant at) {
        // Instant's form always has seconds; OffsetDateTime's drops ":00" seconds, which is no xsd:dateTime
        return NodeFactory.createLiteralDT(at.toString(), XSDDatatype.XSDdateTime);
    }
}
