package io.specgraph.closure;

import io.specgraph.internal.QueryGuard;
import java.util.List;
import java.util.Locale;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;

/**
 * Refuses a user's shapes file whose SHACL-SPARQL (constraints, targets, constraint components: any
 * {@code sh:select}, {@code sh:ask}, {@code sh:construct} or {@code sh:update}) could reach outside the spec.
 * Jena's SHACL engine runs these queries with its own settings, where the confinement that
 * {@code SafeQueryExec} gives every other query cannot be set, so everything is decided before any of them
 * runs, and more strictly ({@link QueryGuard#problemUnconfined}): no prefix may name the {@code java:} scheme,
 * every query must parse here with the prefixes the file declares, and no query may compute the function it
 * calls.
 */
final class ShapeQueries {
    private static final String SH = "http://www.w3.org/ns/shacl#";
    private static final List<Node> QUERY_PROPERTIES = List.of(
            NodeFactory.createURI(SH + "select"), NodeFactory.createURI(SH + "ask"), NodeFactory.createURI(SH + "construct"),
            NodeFactory.createURI(SH + "update"));
    private static final Node UPDATE = NodeFactory.createURI(SH + "update");
    private static final Node PREFIX = NodeFactory.createURI(SH + "prefix");
    private static final Node NAMESPACE = NodeFactory.createURI(SH + "namespace");

    private ShapeQueries() {}

    /** @throws InvalidRuleException when a query of the shapes could reach outside the data it is given */
    static void check(String name, Graph shapes) {
        String prefixes = prefixDeclarations(name, shapes);
        for (Node property : QUERY_PROPERTIES) {
            for (Triple t : shapes.find(Node.ANY, property, Node.ANY).toList()) {
                String where = name + ": the SHACL-SPARQL query of sh:" + property.getLocalName();
                if (property.equals(UPDATE)) {
                    // SHACL rules (sh:update) are not run by specgraph's validation; refuse rather than guess
                    throw new InvalidRuleException(where + " is a SPARQL update; shapes may only read the spec");
                }
                if (!t.getObject().isLiteral()) {
                    continue; // not a query Jena would run
                }
                Query query;
                try {
                    query = QueryFactory.create(prefixes + t.getObject().getLiteralLexicalForm());
                } catch (QueryParseException e) {
                    throw new InvalidRuleException(where + " does not parse with the prefixes the file declares ("
                            + QueryGuard.parseFailure(e) + "); it must, to be checked before it runs");
                }
                String problem = QueryGuard.problemUnconfined(query);
                if (problem != null) {
                    throw new InvalidRuleException(where + " " + problem + "; shapes may only read the spec");
                }
            }
        }
    }

    /**
     * Every prefix the shapes declare with sh:declare, as SPARQL PREFIX lines. A namespace in the java: scheme
     * is refused outright: whichever shape's sh:prefixes it reaches, it would turn a prefixed name into a class
     * for ARQ to load.
     */
    private static String prefixDeclarations(String name, Graph shapes) {
        StringBuilder out = new StringBuilder();
        for (Triple t : shapes.find(Node.ANY, NAMESPACE, Node.ANY).toList()) {
            Node namespace = t.getObject();
            String iri = namespace.isURI() ? namespace.getURI() : namespace.isLiteral() ? namespace.getLiteralLexicalForm() : null;
            if (iri != null && iri.strip().toLowerCase(Locale.ROOT).startsWith("java:")) {
                throw new InvalidRuleException(name + ": declares the prefix namespace <" + iri + ">, which ARQ would load as"
                        + " Java classes; shapes may only read the spec");
            }
            Node prefix = shapes.find(t.getSubject(), PREFIX, Node.ANY).nextOptional().map(Triple::getObject).orElse(null);
            if (iri != null && prefix != null && prefix.isLiteral()) {
                out.append("PREFIX ").append(prefix.getLiteralLexicalForm()).append(": <").append(iri).append(">\n");
            }
        }
        return out.toString();
    }
}
