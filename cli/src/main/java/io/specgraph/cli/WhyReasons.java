package io.specgraph.cli;

import io.specgraph.vocab.SG;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.ModelFactory;

/**
 * Why each task of an incremental run ran or was cached, read from the run record with the query docs/run.md
 * documents ({@link #QUERY}): the record is the one place the reasons are, so that anyone can ask it the same.
 */
final class WhyReasons {
    /** The documented query: every task's up-to-date check, its verdict and reasons, in the order they were given. */
    static final String QUERY = """
            PREFIX sg: <https://w3id.org/specgraph#>
            SELECT ?task ?verdict ?reason
            WHERE {
              ?check a sg:UpToDateCheck ; sg:checkOf ?task ; sg:verdict ?verdict ; sg:because ?why .
              ?why sg:reason ?reason .
            }
            ORDER BY ?task ?why
            """;

    private WhyReasons() {}

    /** One task's check: reused or not, and the reasons as sentences. */
    record Why(boolean reused, List<String> reasons) {
        String text() {
            return String.join("; ", reasons);
        }
    }

    /** Per task IRI, its check, from the record; empty when the run checked nothing (not incremental). */
    static Map<String, Why> of(Graph record) {
        Map<String, Why> out = new LinkedHashMap<>();
        try (QueryExecution q = QueryExecution.create(QUERY, ModelFactory.createModelForGraph(record))) {
            ResultSet rows = q.execSelect();
            while (rows.hasNext()) {
                QuerySolution row = rows.next();
                String task = row.getResource("task").getURI();
                boolean reused = row.getResource("verdict").getURI().equals(SG.NS + "Reuse");
                out.computeIfAbsent(task, k -> new Why(reused, new ArrayList<>())).reasons().add(row.getLiteral("reason").getString());
            }
        }
        return out;
    }

    /**
     * What {@code specgraph why RUN TASK} prints: whether the task ran or was cached in the run, and each reason.
     *
     * @throws io.specgraph.store.StoreException when the run has no such task or no record yet
     */
    static List<String> answer(io.specgraph.store.RunStore store, String runId, String task) {
        Graph spec = store.registration(runId).specGraph();
        String wanted = task.startsWith(":") ? task.substring(1) : task;
        List<String> tasks = spec.find(org.apache.jena.graph.Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), SG.term("Task"))
                .mapWith(t -> t.getSubject()).filterKeep(n -> n.isURI()).mapWith(n -> n.getURI()).toList();
        String iri = tasks.stream().filter(t -> t.equals(wanted) || io.specgraph.plan.PlanWriter.local(t).equals(wanted)).findFirst()
                .orElseThrow(() -> new io.specgraph.store.StoreException("run " + runId + " has no task " + task
                        + "; give a task's local name or IRI"));
        Graph record = store.record(runId).orElseThrow(() -> new io.specgraph.store.StoreException("run " + runId
                + " has no record yet (it is saved when the run stops); ask again when it has stopped"));
        Why why = of(record).get(iri);
        String name = io.specgraph.plan.PlanWriter.local(iri);
        if (why == null) {
            return List.of(name + " was not checked for being up to date in run " + runId + " (a run with --store none or"
                    + " --simulate, or one that stopped before the task was reached): it runs whenever the run reaches it.");
        }
        List<String> out = new ArrayList<>();
        out.add(name + (why.reused() ? " was cached (not run) in run " : " ran in run ") + runId + ":");
        why.reasons().forEach(r -> out.add("  " + r));
        return out;
    }
}
