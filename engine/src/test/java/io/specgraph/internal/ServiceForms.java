package io.specgraph.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Graph patterns that call a SERVICE, each nested a different way; {@code %1$s} stands for the endpoint. Each
 * binds {@code ?s ?p ?o} from the data first where it matters, so that ARQ, left alone, does reach the
 * SERVICE over a graph with one triple ({@link SafeQueryExecTest} checks that it does). (ARQ 6 never evaluates
 * an EXISTS in ORDER BY, so that form is only in {@link QueryGuardTest}.)
 */
public final class ServiceForms {
    private ServiceForms() {}

    /** Name of the nesting, then the pattern. */
    public static final Map<String, String> PATTERNS;

    static {
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("plain SERVICE", "SERVICE <%1$s> { ?s ?p ?o }");
        patterns.put("SERVICE ?variable", "BIND(<%1$s> AS ?endpoint) SERVICE ?endpoint { ?s ?p ?o }");
        patterns.put("FILTER EXISTS", "?s ?p ?o FILTER EXISTS { SERVICE <%1$s> { ?s ?p ?o } }");
        patterns.put("FILTER NOT EXISTS", "?s ?p ?o FILTER NOT EXISTS { SERVICE <%1$s> { ?s ?p ?o } }");
        patterns.put("EXISTS inside a FILTER expression", "?s ?p ?o FILTER (false || COALESCE(EXISTS { SERVICE <%1$s> { ?s ?p ?o } }, true))");
        patterns.put("subquery", "?s ?p ?o { SELECT * WHERE { SERVICE <%1$s> { ?s ?p ?o } } }");
        patterns.put("nested group, UNION, OPTIONAL", "?s ?p ?o { { { ?s ?p ?o OPTIONAL { SERVICE <%1$s> { ?s ?p ?o } } } } UNION { ?s ?p ?o } }");
        patterns.put("MINUS", "?s ?p ?o MINUS { SERVICE <%1$s> { ?s ?p ?o } }");
        patterns.put("BIND(EXISTS)", "?s ?p ?o BIND(EXISTS { SERVICE <%1$s> { ?s ?p ?o } } AS ?b)");
        patterns.put("SELECT expression of a subquery", "{ SELECT ?s (EXISTS { SERVICE <%1$s> { ?s ?p ?o } } AS ?b) WHERE { ?s ?p ?o } }");
        patterns.put("GROUP BY of a subquery", "{ SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY (EXISTS { SERVICE <%1$s> { ?s ?p ?o } }) }");
        patterns.put("HAVING of a subquery", "{ SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (NOT EXISTS { SERVICE <%1$s> { ?s ?p ?o } }) }");
        patterns.put("aggregate of a subquery", "{ SELECT (SAMPLE(EXISTS { SERVICE <%1$s> { ?s ?p ?o } }) AS ?x) WHERE { ?s ?p ?o } }");
        PATTERNS = Collections.unmodifiableMap(patterns);
    }

    /** The pattern as an ASK query, as an {@code sg:ask} condition is. */
    public static String ask(String pattern, String endpoint) {
        return "ASK { " + pattern.formatted(endpoint) + " }";
    }

    /** The pattern as a closure query: a SELECT of {@code ?this}. */
    public static String select(String pattern, String endpoint) {
        return "SELECT ?this WHERE { " + pattern.formatted(endpoint) + " }";
    }

    /** The pattern as a dialect query: a CONSTRUCT. */
    public static String construct(String pattern, String endpoint) {
        return "CONSTRUCT { ?s ?p ?o } WHERE { " + pattern.formatted(endpoint) + " }";
    }

    /** Each nesting as JUnit arguments: its name and its pattern. */
    public static Stream<Arguments> forms() {
        return PATTERNS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }
}
