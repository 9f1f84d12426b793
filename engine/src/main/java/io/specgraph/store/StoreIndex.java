package io.specgraph.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;

/**
 * The TDB2 database of a disk store as what it is: an index of the run folders for history queries, brought up
 * to date when a query needs it, never written while a run goes. Everything in it is derived from the files of
 * {@code runs/<id>/} ({@code state.properties}, {@code registration.properties}, {@code plan.json},
 * {@code spec.trdf}, {@code record.jsonl} or {@code record.trdf}), so a database a kill left unreadable loses nothing: removed, it is built again.
 *
 * <p>Which version of each run's files the index holds is kept in the database's default graph (history queries
 * read the union of the named graphs, so they never see it), as a stamp of the files' sizes, modification times
 * and identities: every file is replaced by a rename, so a new version is a new file.
 */
final class StoreIndex {
    private static final Node INDEXED = NodeFactory.createURI("urn:specgraph:store:indexed");

    private final TdbAccess tdb;

    StoreIndex(TdbAccess tdb) {
        this.tdb = tdb;
    }

    /** Brings the index up to date with {@code runs}, the complete runs of the store; writes only what changed. */
    void update(List<RunFolder> runs) throws IOException {
        Map<String, String> now = new HashMap<>();
        for (RunFolder run : runs) {
            now.put(run.id, stamp(run));
        }
        Map<String, String> indexed = tdb.read(StoreIndex::stamps);
        if (indexed.equals(now)) {
            return;
        }
        try {
            tdb.write(data -> {
                Map<String, String> inside = stamps(data);
                for (RunFolder run : runs) {
                    String stamp = now.get(run.id);
                    if (!stamp.equals(inside.get(run.id))) {
                        reindex(data, run, stamp);
                    }
                }
                inside.keySet().stream().filter(id -> !now.containsKey(id)).forEach(id -> remove(data, id));
            });
        } catch (UncheckedIOException e) {
            // the transaction was aborted: the index keeps what it had
            throw e.getCause();
        }
    }

    private static Map<String, String> stamps(DatasetGraph data) {
        Map<String, String> stamps = new HashMap<>();
        data.getDefaultGraph().find(Node.ANY, INDEXED, Node.ANY)
                .forEach(t -> stamps.put(t.getSubject().getURI().substring(RunIds.iri("").length()), t.getObject().getLiteralLexicalForm()));
        return stamps;
    }

    /** Replaces what the index has of one run with what its files say now. */
    private static void reindex(DatasetGraph data, RunFolder run, String stamp) {
        try {
            reindexFrom(data, run, stamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reindexFrom(DatasetGraph data, RunFolder run, String stamp) throws IOException {
        remove(data, run.id);
        RunInfo info = run.readState().orElseThrow(() -> new NoSuchFileException(run.dir.resolve(RunFolder.STATE).toString()));
        Properties registration = run.readRegistration();
        Graph runs = data.getGraph(RunGraphs.RUNS_GRAPH);
        RunGraphs.describe(runs, run.id, info.spec(), info.started(), run.readPlan(registration).orElse(null));
        RunGraphs.progress(runs, run.id, info.progress());
        String iri = RunIds.iri(run.id);
        run.readSpec(registration, StreamRDFLib.graph(data.getGraph(RunGraphs.spec(iri))));
        run.readRecord(data.getGraph(RunGraphs.record(iri)));
        data.getDefaultGraph().add(Triple.create(NodeFactory.createURI(iri), INDEXED, NodeFactory.createLiteralString(stamp)));
    }

    private static void remove(DatasetGraph data, String id) {
        String iri = RunIds.iri(id);
        Node s = NodeFactory.createURI(iri);
        data.removeGraph(RunGraphs.spec(iri));
        data.removeGraph(RunGraphs.record(iri));
        data.getGraph(RunGraphs.RUNS_GRAPH).remove(s, Node.ANY, Node.ANY);
        data.getDefaultGraph().remove(s, INDEXED, Node.ANY);
    }

    /** Which version of a run's files there is: each file's size, modification time and identity. */
    private static String stamp(RunFolder run) throws IOException {
        StringBuilder stamp = new StringBuilder();
        for (Path file : List.of(run.dir.resolve(RunFolder.STATE), run.dir.resolve(RunFolder.PLAN), run.spec(), run.record(),
                run.recordFacts())) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                stamp.append(a.size()).append('/').append(a.lastModifiedTime()).append('/').append(a.fileKey()).append(';');
            } catch (NoSuchFileException e) {
                stamp.append("-;");
            }
        }
        return stamp.toString();
    }
}
