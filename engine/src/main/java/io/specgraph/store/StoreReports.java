package io.specgraph.store;

import io.specgraph.internal.Iris;
import io.specgraph.internal.Json;
import io.specgraph.plan.PlanWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;

/**
 * What a store holds, written for a person (aligned text) or a program (JSON): the list of runs
 * ({@code specgraph runs}) and the answer to a history query ({@code specgraph query}).
 */
public final class StoreReports {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private StoreReports() {}

    /** The runs, one line each (text), or an array of objects with the same fields (JSON, schema runs/1). */
    public static String runs(List<RunInfo> runs, boolean json) {
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("schema", "runs/1");
            root.put("runs", Json.array(runs, r -> Json.object(
                    "id", r.id(), "runIri", r.runIri(), "spec", r.spec(), "started", r.started().toString(),
                    "state", r.progress().state().name().toLowerCase(Locale.ROOT),
                    "tasksDone", r.progress().tasksDone(), "tasksTotal", r.progress().tasksTotal(),
                    "durationSeconds", r.progress().elapsed().toMillis() / 1000.0,
                    "waitingGates", r.progress().waitingGates())));
            return Json.write(root);
        }
        if (runs.isEmpty()) {
            return "no runs in this store yet\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATE", "STARTED", "TASKS", "DURATION", "SPEC", "WAITING FOR"});
        for (RunInfo r : runs) {
            rows.add(new String[] {r.id(), r.progress().state().name().toLowerCase(Locale.ROOT), STARTED.format(r.started()),
                r.progress().tasksDone() + "/" + r.progress().tasksTotal(), PlanWriter.human(r.progress().elapsed()), r.spec(),
                String.join(", ", r.progress().waitingGates().stream().map(Iris::localName).toList())});
        }
        return table(rows);
    }

    /** A query's answer: a table of rows, true/false, or Turtle (text); the SPARQL JSON results format, or N-Triples lines in JSON strings. */
    public static String answer(QueryAnswer answer, boolean json) {
        return switch (answer) {
            case QueryAnswer.Answer a -> json ? Json.write(Json.object("head", Map.of(), "boolean", a.value())) : a.value() + "\n";
            case QueryAnswer.Triples t -> {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                RDFDataMgr.write(out, t.graph(), json ? Lang.JSONLD : Lang.TURTLE);
                yield out.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            case QueryAnswer.Rows r -> json ? rowsJson(r) : rowsText(r);
        };
    }

    private static String rowsJson(QueryAnswer.Rows r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("head", Json.object("vars", r.variables()));
        root.put("results", Json.object("bindings", Json.array(r.rows(), row -> {
            Map<String, Object> b = new LinkedHashMap<>();
            for (String v : r.variables()) {
                Node n = row.get(v);
                if (n != null) {
                    b.put(v, term(n));
                }
            }
            return b;
        })));
        return Json.write(root);
    }

    private static Map<String, Object> term(Node n) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (n.isURI()) {
            t.put("type", "uri");
            t.put("value", n.getURI());
        } else if (n.isBlank()) {
            t.put("type", "bnode");
            t.put("value", n.getBlankNodeLabel());
        } else if (n.isLiteral()) {
            t.put("type", "literal");
            t.put("value", n.getLiteralLexicalForm());
            if (!n.getLiteralLanguage().isEmpty()) {
                t.put("xml:lang", n.getLiteralLanguage());
            } else if (n.getLiteralDatatypeURI() != null && !n.getLiteralDatatypeURI().endsWith("#string")) {
                t.put("datatype", n.getLiteralDatatypeURI());
            }
        } else {
            t.put("type", "literal");
            t.put("value", n.toString());
        }
        return t;
    }

    private static String rowsText(QueryAnswer.Rows r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(r.variables().toArray(String[]::new));
        for (Map<String, Node> row : r.rows()) {
            rows.add(r.variables().stream().map(v -> {
                Node n = row.get(v);
                return n == null ? "" : n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
            }).toArray(String[]::new));
        }
        return table(rows) + r.rows().size() + (r.rows().size() == 1 ? " row\n" : " rows\n");
    }

    private static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

}
