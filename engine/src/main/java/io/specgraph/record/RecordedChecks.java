package io.specgraph.record;

import io.specgraph.vocab.SG;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.ModelFactory;

/**
 * The up-to-date checks of an incremental run, read back from its record with {@link #QUERY} (the query
 * docs/run.md documents): for each task, whether the run reused earlier work, the reasons the check gave, and
 * the earlier attempt a cached task reused. The record is the one place the reasons are, so {@code specgraph why},
 * {@code show} and the report page read them here, as anyone can with the same query.
 */
public final class RecordedChecks {
    /** Every task's check, its verdict and reasons (the reason IRIs are numbered in the order the check gave them). */
    public static final String QUERY = """
            PREFIX sg: <https://w3id.org/specgraph#>
            SELECT ?task ?verdict ?why ?reason
            WHERE {
              ?check a sg:UpToDateCheck ; sg:checkOf ?task ; sg:verdict ?verdict ; sg:because ?why .
              ?why sg:reason ?reason .
            }
            ORDER BY ?task ?why
            """;

    private static final Node CACHED_FROM = SG.term("cachedFrom");

    /**
     * One task's check.
     *
     * @param taskIri    the task
     * @param reused     true when the run reused earlier work (the task was cached), false when it ran
     * @param reasons    the check's reasons as sentences, in the order given
     * @param cachedFrom the earlier attempt a cached task reused, or null
     */
    public record Check(String taskIri, boolean reused, List<String> reasons, String cachedFrom) {
        public Check {
            reasons = List.copyOf(reasons);
        }

        /** The reasons in one line. */
        public String text() {
            return String.join("; ", reasons);
        }
    }

    private RecordedChecks() {}

    /** Per task IRI (in the order of the query), its check; empty when the run checked nothing (not incremental). */
    public static Map<String, Check> of(Graph record) {
        Map<String, Boolean> reused = new LinkedHashMap<>();
        Map<String, List<String[]>> reasons = new LinkedHashMap<>();
        try (QueryExecution q = QueryExecution.create(QUERY, ModelFactory.createModelForGraph(record))) {
            ResultSet rows = q.execSelect();
            while (rows.hasNext()) {
                QuerySolution row = rows.next();
                String task = row.getResource("task").getURI();
                reused.put(task, row.getResource("verdict").getURI().equals(SG.NS + "Reuse"));
                reasons.computeIfAbsent(task, k -> new ArrayList<>())
                        .add(new String[] {row.getResource("why").getURI(), row.getLiteral("reason").getString()});
            }
        }
        Map<String, String> cachedFrom = new LinkedHashMap<>();
        record.find(Node.ANY, CACHED_FROM, Node.ANY).forEach(t -> {
            List<Triple> task = record.find(t.getSubject(), SG.task, Node.ANY).toList();
            if (!task.isEmpty() && task.get(0).getObject().isURI() && t.getObject().isURI()) {
                cachedFrom.put(task.get(0).getObject().getURI(), t.getObject().getURI());
            }
        });
        Map<String, Check> out = new LinkedHashMap<>();
        reused.forEach((task, r) -> {
            List<String[]> given = reasons.get(task);
            // …:reason:2 before …:reason:10: the number, not the IRI's spelling, is the order
            given.sort(Comparator.comparingInt(w -> number(w[0])));
            out.put(task, new Check(task, r, given.stream().map(w -> w[1]).toList(), cachedFrom.get(task)));
        });
        return Collections.unmodifiableMap(out);
    }

    private static int number(String reasonIri) {
        try {
            return Integer.parseInt(reasonIri.substring(reasonIri.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
