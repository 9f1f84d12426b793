package io.specgraph.closure;

import io.specgraph.internal.QueryGuard;
import io.specgraph.internal.SafeQueryExec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;

/**
 * A closure rule written as a SPARQL SELECT query: one row per failure, the failing node in {@code ?this}.
 * Its description comes from {@code # key: value} comment lines at the top of the file (see
 * {@link ClosureOptions} for the convention); built-in and user queries follow the same one.
 */
final class QueryRule {
    private static final Pattern HEADER = Pattern.compile("^#\\s*([a-zA-Z-]+)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\?([A-Za-z_][A-Za-z0-9_]*)}");

    private final String name;
    private final String id;
    private final String category;
    private final Severity severity;
    private final Node target;
    private final String when;
    private final String message;
    private final Query query;

    private QueryRule(String name, Map<String, String> header, Query query) {
        this.name = name;
        this.id = header.getOrDefault("rule", defaultId(name));
        this.category = header.getOrDefault("category", "custom");
        this.severity = severity(name, header.getOrDefault("severity", "violation"));
        this.target = header.containsKey("target") ? NodeFactory.createURI(header.get("target")) : null;
        this.when = header.get("when");
        this.message = header.get("message");
        this.query = query;
    }

    /**
     * Parses a closure query.
     *
     * @throws InvalidRuleException when the text is not a SPARQL SELECT query projecting {@code ?this}, its
     *                              header is malformed, or it reaches outside the spec ({@link QueryGuard})
     */
    static QueryRule parse(String name, String text) {
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("#")) {
                break;
            }
            Matcher m = HEADER.matcher(trimmed);
            if (m.matches()) {
                header.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
        }
        Query query;
        try {
            query = QueryFactory.create(text);
        } catch (QueryParseException e) {
            String where = e.getLine() > 0 ? name + ":" + e.getLine() + ":" + e.getColumn() : name;
            throw new InvalidRuleException(where + ": not a valid SPARQL query: " + QueryGuard.parseFailure(e));
        }
        if (!query.isSelectType()) {
            throw new InvalidRuleException(name + ": a closure query must be a SELECT query returning one row per failure"
                    + " with the failing node in ?this");
        }
        if (!query.getProjectVars().contains(Var.alloc("this"))) {
            throw new InvalidRuleException(name + ": the query does not select ?this; return the failing node as ?this"
                    + " (and optionally ?value, ?path, ?message)");
        }
        String problem = QueryGuard.problem(query);
        if (problem != null) {
            throw new InvalidRuleException(name + ": the query " + problem + "; a closure query may only read the spec");
        }
        return new QueryRule(name, header, query);
    }

    /** The condition under which the rule applies ({@code strict-phases}), or null when it always applies. */
    String when() {
        return when;
    }

    void run(Findings findings) {
        long checks = target != null ? findings.countInstances(target) : 0;
        Set<String> seen = new HashSet<>();
        Set<Node> failing = new HashSet<>();
        List<Binding> rows;
        try {
            rows = SafeQueryExec.select(findings.data(), query, null);
        } catch (QueryDeniedException e) {
            // stopped when it tried to reach out (a function named only at run time): the rule is unusable
            throw new InvalidRuleException(name + ": " + e.getMessage() + "; a closure query may only read the spec");
        }
        for (Binding row : rows) {
            Node focus = row.get("this");
            if (focus == null) {
                continue;
            }
            Node value = row.get("value");
            String phrase = phrase(row, findings);
            if (!seen.add(focus + "\u0000" + value + "\u0000" + phrase)) {
                continue;
            }
            failing.add(focus);
            Node path = row.get("path");
            findings.fail(id, category, severity, focus, path == null ? null : findings.name(path), value, phrase,
                    Origin.rule(Origin.QUERY, path));
        }
        findings.tally().checks(id, category, target != null ? checks : Math.max(1, failing.size()));
    }

    private String phrase(Binding row, Findings findings) {
        if (message != null) {
            String text = message.replace("{$value}", findings.name(row.get("value")))
                    .replace("{$this}", findings.name(row.get("this")));
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                Node bound = row.get(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(bound == null ? "?" + m.group(1) : findings.name(bound)));
            }
            m.appendTail(out);
            return out.toString();
        }
        Node text = row.get("message");
        if (text != null) {
            return text.isLiteral() ? text.getLiteralLexicalForm() : findings.name(text);
        }
        return "fails the closure query " + name;
    }

    private static String defaultId(String name) {
        String file = name.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        return file.endsWith(".rq") ? file.substring(0, file.length() - 3) : file;
    }

    private static Severity severity(String name, String text) {
        try {
            return Severity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(name + ": unknown severity \"" + text + "\"; use violation, warning or info");
        }
    }
}
