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
}
