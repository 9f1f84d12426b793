package io.specgraph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.jena.query.QueryFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link QueryGuard}: what a query from elsewhere may not do, wherever it hides it. */
class QueryGuardTest {
    private static final String ENDPOINT = "http://127.0.0.1:9/sparql";

    private static String problem(String query) {
        return QueryGuard.problem(QueryFactory.create(query));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void serviceIsRefusedHoweverItIsNested(String form, String pattern) {
        for (String query : new String[] {ServiceForms.ask(pattern, ENDPOINT), ServiceForms.select(pattern, ENDPOINT),
                ServiceForms.construct(pattern, ENDPOINT)}) {
            assertThat(problem(query)).as(query).startsWith("uses SERVICE ");
        }
    }

    @Test
    void theRefusalNamesTheEndpointAndTheConstructsAroundIt() {
        assertThat(problem("ASK { ?s ?p ?o OPTIONAL { ?s ?p ?o FILTER NOT EXISTS { { SELECT * { SERVICE <" + ENDPOINT
                + "> { ?s ?p ?o } } } } } }"))
                .isEqualTo("uses SERVICE <" + ENDPOINT + "> (within OPTIONAL, FILTER, NOT EXISTS, a subquery)");
        assertThat(problem("ASK { BIND(<" + ENDPOINT + "> AS ?e) SERVICE SILENT ?e { ?s ?p ?o } }")).isEqualTo("uses SERVICE ?e");
        assertThat(problem("ASK { GRAPH ?g { SERVICE <" + ENDPOINT + "> { ?s ?p ?o } } }")).contains("(within GRAPH)");
        assertThat(problem("SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(EXISTS { SERVICE <" + ENDPOINT + "> { ?s ?p ?o } })"))
                .isEqualTo("uses SERVICE <" + ENDPOINT + "> (within ORDER BY, EXISTS)");
        assertThat(problem("ASK { ?s ?p ?o LATERAL { SERVICE <" + ENDPOINT + "> { ?s ?p ?o } } }")).contains("(within LATERAL)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ASK FROM <file:///etc/passwd> { ?s ?p ?o }", "ASK FROM NAMED <http://example.org/g> { ?s ?p ?o }",
            "SELECT ?this FROM <https://example.org/data.ttl> WHERE { ?this ?p ?o }"})
    void readingOtherDataWithFromIsRefused(String query) {
        assertThat(problem(query)).startsWith("names data to read with FROM or FROM NAMED (<");
    }

    @Test
    void javaClassesAsFunctionsOrPropertiesAreRefusedWhereverTheyAppear() {
        assertThat(problem("ASK { FILTER(<java:io.specgraph.internal.Traps$Function>(1)) }"))
                .isEqualTo("calls <java:io.specgraph.internal.Traps$Function>, which ARQ would load as a Java class (within FILTER)");
        assertThat(problem("ASK { ?s ?p ?o { SELECT (<JAVA:x.Y>() AS ?z) {} } }")).startsWith("calls <JAVA:x.Y>");
        assertThat(problem("ASK { ?s <java:io.specgraph.internal.Traps$Property> ?o }"))
                .isEqualTo("names the property <java:io.specgraph.internal.Traps$Property>, which ARQ would load as a Java class");
        assertThat(problem("ASK { ?s <http://x/a>/(^<java:x.Y>|<http://x/b>)* ?o }")).startsWith("names the property <java:x.Y>");
        assertThat(problem("ASK { ?s !(<http://x/a>|<java:x.Y>) ?o }")).startsWith("names the property <java:x.Y>");
    }

    @Test
    void queriesThatOnlyReadTheirDataPass() {
        assertThat(problem("ASK { ?s ?p ?o FILTER NOT EXISTS { ?s <http://x/a>+ ?o } BIND(STRLEN(STR(?o)) AS ?n) }")).isNull();
        assertThat(problem("SELECT ?this (COUNT(?o) AS ?n) WHERE { ?this ?p ?o OPTIONAL { ?o ?q ?r } MINUS { ?this a ?t } }"
                + " GROUP BY ?this HAVING (COUNT(?o) > 1) ORDER BY DESC(?n) VALUES ?this { <http://x/1> }")).isNull();
        assertThat(problem("PREFIX afn: <http://jena.apache.org/ARQ/function#> ASK { ?s ?p ?o FILTER(afn:localname(?s) != \"\") }"))
                .as("Jena's own function library is not a class named by the query").isNull();
        assertThat(problem("CONSTRUCT { ?s <java:x.Y> ?o } WHERE { ?s ?p ?o }")).as("a template is written, not evaluated").isNull();
    }
}
