package io.specgraph.closure;

import io.specgraph.internal.Json;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.shacl.engine.ShaclPaths;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;

/**
 * Writes a {@link ClosureReport} as text for people, JSON for programs, or a SHACL validation report in
 * Turtle for RDF tools. The JSON schema is documented in {@code docs/closure-report.md}.
 */
public final class ClosureReportWriter {
    /** Identifier of the JSON schema written by {@link ReportFormat#JSON}; changes when the schema changes. */
    public static final String JSON_SCHEMA = "https://w3id.org/specgraph/schema/closure-report/1";

    private static final String SH = "http://www.w3.org/ns/shacl#";
    private static final String SGC = Origin.NS;

    private ClosureReportWriter() {}

    /** The report in the given format. */
    public static String write(ClosureReport report, ReportFormat format) {
        return switch (format) {
            case TEXT -> text(report, false);
            case JSON -> json(report);
            case TURTLE -> turtle(report);
        };
    }

    /** A rule with more violations than this is shown grouped in text: a count and the first {@value #EXAMPLES}. */
    public static final int GROUP_ABOVE = 5;
    /** How many violations of a grouped rule the text shows. */
    public static final int EXAMPLES = 3;

    /**
     * Violations grouped by category (in category order) and sorted by file:line, then coverage and the summary.
     * A rule with more than {@value #GROUP_ABOVE} violations is shown as its count and its first {@value #EXAMPLES};
     * {@link #text(ClosureReport, boolean)} with {@code all} lists every one (JSON and Turtle always do).
     */
    public static String text(ClosureReport report) {
        return text(report, false);
    }

    /** As {@link #text(ClosureReport)}; with {@code all}, every violation is listed, none grouped. */
    public static String text(ClosureReport report, boolean all) {
        StringBuilder out = new StringBuilder();
        for (CategoryCoverage category : report.coverage()) {
            List<Violation> found = report.violations().stream()
                    .filter(v -> v.category().equals(category.category())).toList();
            if (found.isEmpty()) {
                continue;
            }
            out.append(category.category()).append(": ").append(category.failed()).append(" of ")
                    .append(category.total()).append(category.total() == 1 ? " check" : " checks").append(" failed\n");
            Map<String, List<Violation>> byRule = new LinkedHashMap<>();
            found.forEach(v -> byRule.computeIfAbsent(v.ruleId(), r -> new ArrayList<>()).add(v));
            for (Violation v : found) {
                List<Violation> same = byRule.get(v.ruleId());
                if (all || same.size() <= GROUP_ABOVE) {
                    line(out, v);
                } else if (same.get(0) == v) {
                    long nodes = same.stream().map(Violation::focusNode).distinct().count();
                    out.append("  ").append(v.ruleId()).append(": ").append(same.size()).append(" violations")
                            .append(nodes == same.size() ? "" : " on " + nodes + " nodes").append(", e.g.:\n");
                    same.subList(0, EXAMPLES).forEach(e -> {
                        out.append("  ");
                        line(out, e);
                    });
                    out.append("    … and ").append(same.size() - EXAMPLES).append(" more (--all lists every one)\n");
                }
            }
            out.append('\n');
        }
        for (String notice : report.notices()) {
            out.append("notice: ").append(notice).append("\n\n");
        }
        int width = Math.max(8, report.coverage().stream().mapToInt(c -> c.category().length()).max().orElse(8));
        int countWidth = (report.checks() + "/" + report.checks()).length();
        out.append("checks by category:\n");
        for (CategoryCoverage c : report.coverage()) {
            out.append(row(width, countWidth, c.category(), c.satisfied(), c.total(), c.percent()));
        }
        out.append(row(width, countWidth, "all", report.satisfied(), report.checks(), report.percent()));
        out.append('\n').append(report.summary()).append('\n');
        return out.toString();
    }

    private static void line(StringBuilder out, Violation v) {
        out.append("  ").append(v.position() == null ? "(no location)" : v.location())
                .append(": ").append(v.severity().label()).append(" [").append(v.ruleId()).append("] ")
                .append(v.message()).append('\n');
    }

    private static String row(int width, int countWidth, String name, int satisfied, int total, double percent) {
        return String.format(Locale.ROOT, "  %-" + width + "s  %" + countWidth + "s  %6s%n", name,
                satisfied + "/" + total, total == 0 ? "-" : Percent.format(percent));
    }

    /** The report as JSON (schema {@value #JSON_SCHEMA}). */
    public static String json(ClosureReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", JSON_SCHEMA);
        root.put("closed", report.closed());
        root.put("summary", report.summary());
        root.put("sources", report.sources());
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("satisfied", report.satisfied());
        checks.put("total", report.checks());
        checks.put("percent", report.percent());
        root.put("checks", checks);
        List<Object> categories = new ArrayList<>();
        for (CategoryCoverage c : report.coverage()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", c.category());
            m.put("satisfied", c.satisfied());
            m.put("total", c.total());
            m.put("percent", c.percent());
            categories.add(m);
        }
        root.put("categories", categories);
        List<Object> rules = new ArrayList<>();
        for (RuleCoverage r : report.rules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", r.ruleId());
            m.put("category", r.category());
            m.put("satisfied", r.satisfied());
            m.put("total", r.total());
            rules.add(m);
        }
        root.put("rules", rules);
        List<Object> violations = new ArrayList<>();
        for (Violation v : report.violations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", v.ruleId());
            m.put("category", v.category());
            m.put("severity", v.severity().label());
            m.put("focus", term(v.focusNode()));
            m.put("label", v.focusLabel());
            m.put("path", v.path());
            m.put("value", v.value() == null ? null : term(v.value()));
            m.put("message", v.message());
            m.put("file", v.position() == null ? null : v.position().source());
            m.put("line", v.position() == null ? null : v.position().line());
            m.put("column", v.position() == null ? null : v.position().column());
            violations.add(m);
        }
        root.put("violations", violations);
        root.put("notices", report.notices());
        return Json.write(root);
    }

    private static String term(Node node) {
        if (node.isURI()) {
            return node.getURI();
        }
        if (node.isLiteral()) {
            return node.getLiteralLexicalForm();
        }
        return "_:" + node.getBlankNodeLabel();
    }

    /**
     * The report as a SHACL {@code sh:ValidationReport} in Turtle, with specgraph's rule, category and location.
     * {@code sh:conforms} is SHACL's: true only when there is no result at all (a warning makes it false);
     * whether the spec is closed (no result of severity Violation) is {@code sgc:closed}. Every result has its
     * {@code sh:sourceConstraintComponent}; only a SHACL shape's result has {@code sh:sourceShape} (and
     * {@code sh:resultPath}, inverse and other complex paths included, as SHACL writes it); a result of one of
     * specgraph's own rules names a component of its own ({@link Origin}) and the rule ({@code sgc:rule}).
     */
    public static String turtle(ClosureReport report) {
        Graph g = GraphFactory.createDefaultGraph();
        g.getPrefixMapping().setNsPrefixes(report.prefixes());
        g.getPrefixMapping().setNsPrefix("sh", SH);
        g.getPrefixMapping().setNsPrefix("sgc", SGC);
        Node root = NodeFactory.createBlankNode();
        g.add(root, RDF.type.asNode(), sh("ValidationReport"));
        g.add(root, sh("conforms"), bool(report.violations().isEmpty()));
        g.add(root, sgc("closed"), bool(report.closed()));
        for (Violation v : report.violations()) {
            Node r = NodeFactory.createBlankNode();
            g.add(root, sh("result"), r);
            g.add(r, RDF.type.asNode(), sh("ValidationResult"));
            g.add(r, sh("focusNode"), v.focusNode());
            g.add(r, sh("resultSeverity"), sh(switch (v.severity()) {
                case VIOLATION -> "Violation";
                case WARNING -> "Warning";
                case INFO -> "Info";
            }));
            Origin origin = v.origin();
            g.add(r, sh("sourceConstraintComponent"), origin.constraintComponent());
            if (origin.shape() != null) {
                g.add(r, sh("sourceShape"), origin.shape());
            }
            if (origin.constraint() != null) {
                g.add(r, sh("sourceConstraint"), origin.constraint());
            }
            g.add(r, sh("resultMessage"), NodeFactory.createLiteralString(v.message()));
            if (v.value() != null) {
                g.add(r, sh("value"), v.value());
            }
            if (origin.path() != null) {
                g.add(r, sh("resultPath"), ShaclPaths.pathToRDF(g::add, origin.path()));
            } else if (v.path() != null) {
                Node path = simplePath(v.path(), report);
                g.add(r, path != null ? sh("resultPath") : sgc("pathText"),
                        path != null ? path : NodeFactory.createLiteralString(v.path()));
            }
            g.add(r, sgc("rule"), NodeFactory.createLiteralString(v.ruleId()));
            g.add(r, sgc("category"), NodeFactory.createLiteralString(v.category()));
            if (v.position() != null) {
                g.add(r, sgc("location"), NodeFactory.createLiteralString(v.position().toString()));
            }
        }
        StringWriter out = new StringWriter();
        RDFDataMgr.write(out, g, RDFFormat.TURTLE_PRETTY);
        return out.toString();
    }

    /** The IRI of a path written as one prefixed name or {@code <iri>}, or null for a complex path. */
    private static Node simplePath(String path, ClosureReport report) {
        if (path.startsWith("<") && path.endsWith(">") && path.indexOf('>') == path.length() - 1) {
            return NodeFactory.createURI(path.substring(1, path.length() - 1));
        }
        if (path.matches("[A-Za-z][\\w.-]*:[\\w.-]*|:[\\w.-]*")) {
            String expanded = report.prefixes().expandPrefix(path);
            return expanded.equals(path) ? null : NodeFactory.createURI(expanded);
        }
        return null;
    }

    private static Node sh(String local) {
        return NodeFactory.createURI(SH + local);
    }

    private static Node sgc(String local) {
        return NodeFactory.createURI(SGC + local);
    }

    private static Node bool(boolean value) {
        return NodeFactory.createLiteralDT(Boolean.toString(value), XSDDatatype.XSDboolean);
    }
}
