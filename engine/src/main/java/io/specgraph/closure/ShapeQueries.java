package io.specgraph.closure;

import io.specgraph.internal.QueryGuard;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;

/**
 * Refuses a user's shapes file whose SHACL-SPARQL (constraints, targets, constraint components: any
 * {@code sh:select}, {@code sh:ask} or {@code sh:construct}) would reach outside the spec. Jena's SHACL engine
 * runs these queries with its own settings, where the confinement that {@code SafeQueryExec} gives every other
 * query cannot be set, so they are checked, with the same {@link QueryGuard}, before any of them runs.
 */
final class ShapeQueries {
    private static final String SH = "http://www.w3.org/ns/shacl#";
    private static final List<Node> QUERY_PROPERTIES = List.of(
            NodeFactory.createURI(SH + "select"), NodeFactory.createURI(SH + "ask"), NodeFactory.createURI(SH + "construct"),
            NodeFactory.createURI(SH + "update"));
    private static final Node PREFIX = NodeFactory.createURI(SH + "prefix");
    private static final Node NAMESPACE = NodeFactory.createURI(SH + "namespace");
    /** For a query that does not parse on its own: words that must not occur in it at all. */
    private static final Pattern WAY_OUT = Pattern.compile("(?i)\\bSERVICE\\b|<\\s*java:|\\bLOAD\\b");

    private ShapeQueries() {}

    /** @throws InvalidRuleException when a query of the shapes could reach outside the data it is given */
    static void check(String name, Graph shapes) {
        String prefixes = prefixDeclarations(shapes);
        for (Node property : QUERY_PROPERTIES) {
            for (Triple t : shapes.find(Node.ANY, property, Node.ANY).toList()) {
                if (!t.getObject().isLiteral()) {
                    continue;
                }
                String text = t.getObject().getLiteralLexicalForm();
                String problem = problem(prefixes, text);
                if (problem != null) {
                    throw new InvalidRuleException(name + ": the SHACL-SPARQL query of sh:" + property.getLocalName()
                            + " " + problem + "; shapes may only read the spec");
                }
            }
        }
    }

    private static String problem(String prefixes, String text) {
        Query query;
        try {
            query = QueryFactory.create(prefixes + text);
        } catch (QueryParseException e) {
            // an update, or prefixes declared in a way not collected here: refuse the words that lead out
            return WAY_OUT.matcher(text).find() ? "mentions SERVICE, LOAD or a java: function" : null;
        }
        return QueryGuard.problem(query);
    }

    /** Every prefix the shapes declare with sh:declare, as SPARQL PREFIX lines (the way SHACL applies them). */
    private static String prefixDeclarations(Graph shapes) {
        StringBuilder out = new StringBuilder();
        for (Triple t : shapes.find(Node.ANY, PREFIX, Node.ANY).toList()) {
            Node namespace = shapes.find(t.getSubject(), NAMESPACE, Node.ANY).nextOptional().map(Triple::getObject).orElse(null);
            if (t.getObject().isLiteral() && namespace != null) {
                out.append("PREFIX ").append(t.getObject().getLiteralLexicalForm()).append(": <")
                        .append(namespace.isURI() ? namespace.getURI() : namespace.getLiteralLexicalForm()).append(">\n");
            }
        }
        return out.toString();
    }
}
