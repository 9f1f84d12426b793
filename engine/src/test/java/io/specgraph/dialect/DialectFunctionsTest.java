package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.util.Context;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parsers as SPARQL functions over a tiny graph written the ggen way: each function and the property
 * function in a query, a refused string leaving its variable unbound and landing in the collector.
 */
class DialectFunctionsTest {

    private static final String DATA = """
            @prefix : <https://ex.org/ggen#> .
            :Compile   :baseline "120s" ;                    :target "≤15s" .
            :Memory    :baseline "1.5-2 GB" ;                :target "≤100 MB" .
            :Tests     :baseline "Blocked (unmeasurable)" ;  :target "≤150s" .
            :RDF       :baseline "Not measured" ;            :target "≤5s/1k triples" .
            :T1 :taskId "T001" ; :duration "1-2 hours" ;     :depends_on "none" .
            :T2 :taskId "T002" ; :duration "2 days" ;        :depends_on "T001" .
            :T3 :taskId "T003" ; :duration "soon" ;          :depends_on "T001, T002" .
            :T4 :taskId "T004" ; :duration "30-45 minutes" ; :depends_on "T002?" .
            """;

    private static final String PREFIXES = DialectFunctions.SPARQL_PREFIX + """
            PREFIX : <https://ex.org/ggen#>
            PREFIX sg: <https://w3id.org/specgraph#>
            PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
            """;

    private static Model model;

    @BeforeAll
    static void load() {
        DialectFunctions.register();
        model = ModelFactory.createDefaultModel();
        model.read(new StringReader(DATA), null, "TTL");
    }

    @Test
    void quantityFunctionsReadMetricsAndLeaveRefusedOnesUnbound() {
        ParseProblems problems = new ParseProblems();
        Map<String, QuerySolution> rows = select(PREFIXES + """
                SELECT ?m ?value ?high ?unit ?cmp ?base ?baseValue ?target ?targetCmp WHERE {
                  ?m :baseline ?b ; :target ?t .
                  BIND (sgfn:quantityValue(?b) AS ?value)
                  BIND (sgfn:quantityHigh(?b) AS ?high)
                  BIND (sgfn:quantityUnit(?b) AS ?unit)
                  BIND (sgfn:quantityComparator(?b) AS ?cmp)
                  BIND (sgfn:quantityBase(?b) AS ?base)
                  BIND (sgfn:quantityValue(sgfn:quantityBase(?b)) AS ?baseValue)
                  BIND (sgfn:quantityValue(sgfn:quantityBase(?t)) AS ?target)
                  BIND (sgfn:quantityComparator(?t) AS ?targetCmp)
                }""", "m", problems);

        QuerySolution memory = rows.get("Memory");
        assertThat(memory.getLiteral("value").getValue().toString()).isEqualTo("1.5");
        assertThat(memory.getLiteral("value").getDatatypeURI()).isEqualTo(XSDDatatype.XSDdecimal.getURI());
        assertThat(memory.getLiteral("high").getDouble()).isEqualTo(2.0);
        assertThat(memory.getLiteral("unit").getString()).isEqualTo("GB");
        assertThat(memory.getLiteral("cmp").getString()).isEqualTo("=");
        assertThat(memory.getLiteral("base").getString()).isEqualTo("1500-2000 MB");
        assertThat(memory.getLiteral("baseValue").getInt()).isEqualTo(1500);
        assertThat(memory.getLiteral("target").getInt()).isEqualTo(100);
        assertThat(memory.getLiteral("targetCmp").getString()).isEqualTo("<=");

        QuerySolution compile = rows.get("Compile");
        assertThat(compile.getLiteral("high").getInt()).isEqualTo(120);
        assertThat(compile.getLiteral("target").getInt()).isEqualTo(15);

        assertThat(rows.get("RDF").getLiteral("targetCmp").getString()).isEqualTo("<=");
        for (String unmeasured : List.of("Tests", "RDF")) {
            QuerySolution row = rows.get(unmeasured);
            for (String var : List.of("value", "high", "unit", "cmp", "base", "baseValue")) {
                assertThat(row.contains(var)).as(unmeasured + " ?" + var).isFalse();
            }
            assertThat(row.contains("target")).isTrue();
        }
        // each refused string once, however many functions and solutions refused it
        assertThat(problems.all()).containsExactlyInAnyOrder(
                new ParseProblem("quantity", "Blocked (unmeasurable)", "no number: not a quantity"),
                new ParseProblem("quantity", "Not measured", "no number: not a quantity"));
    }

    @Test
    void durationFunctionGivesXsdDurationsAndTheUpperEndOfARange() {
        ParseProblems problems = new ParseProblems();
        Map<String, QuerySolution> rows = select(PREFIXES + """
                SELECT ?id ?d ?working WHERE {
                  ?t :taskId ?id ; :duration ?text .
                  BIND (sgfn:duration(?text) AS ?d)
                  BIND (sgfn:duration(?text, "working") AS ?working)
                }""", "id", problems);

        Literal t1 = rows.get("T001").getLiteral("d");
        assertThat(t1.getLexicalForm()).isEqualTo("PT2H");
        assertThat(t1.getDatatypeURI()).isEqualTo(XSDDatatype.XSDduration.getURI());
        assertThat(rows.get("T002").getLiteral("d").getLexicalForm()).isEqualTo("P2D");
        assertThat(rows.get("T002").getLiteral("working").getLexicalForm()).isEqualTo("PT16H");
        assertThat(rows.get("T004").getLiteral("d").getLexicalForm()).isEqualTo("PT45M");
        assertThat(rows.get("T003").contains("d")).isFalse();
        assertThat(rows.get("T003").contains("working")).isFalse();
        assertThat(problems.all()).singleElement().satisfies(p -> {
            assertThat(p.parser()).isEqualTo("duration");
            assertThat(p.input()).isEqualTo("soon");
            assertThat(p.reason()).contains("no number");
        });
    }

    @Test
    void durationLowGivesTheLowEndOfARange() {
        ParseProblems problems = new ParseProblems();
        Map<String, QuerySolution> rows = select(PREFIXES + """
                SELECT ?id ?low ?working WHERE {
                  ?t :taskId ?id ; :duration ?text .
                  BIND (sgfn:durationLow(?text) AS ?low)
                  BIND (sgfn:durationLow(?text, "working") AS ?working)
                }""", "id", problems);

        assertThat(rows.get("T001").getLiteral("low").getLexicalForm()).isEqualTo("PT1H");
        assertThat(rows.get("T001").getLiteral("low").getDatatypeURI()).isEqualTo(XSDDatatype.XSDduration.getURI());
        assertThat(rows.get("T002").getLiteral("low").getLexicalForm()).isEqualTo("P2D");
        assertThat(rows.get("T002").getLiteral("working").getLexicalForm()).isEqualTo("PT16H");
        assertThat(rows.get("T004").getLiteral("low").getLexicalForm()).isEqualTo("PT30M");
        assertThat(rows.get("T003").contains("low")).isFalse();
        assertThat(problems.all()).extracting(ParseProblem::input).containsOnly("soon");
    }

    @Test
    void splitIdsGivesOneRowPerIdAndNoneForARefusedList() {
        ParseProblems problems = new ParseProblems();
        List<String> edges = new ArrayList<>();
        try (QueryExecution qe = QueryExecution.create().query(PREFIXES + """
                        SELECT ?id ?dep WHERE {
                          ?t :taskId ?id ; :depends_on ?list .
                          ?dep sgfn:splitIds ?list .
                        } ORDER BY ?id ?dep""")
                .model(model).set(DialectFunctions.PROBLEMS, problems).build()) {
            qe.execSelect().forEachRemaining(r ->
                    edges.add(r.getLiteral("id").getString() + "->" + r.getLiteral("dep").getString()));
        }
        assertThat(edges).containsExactly("T002->T001", "T003->T001", "T003->T002");
        assertThat(problems.all()).containsExactly(
                new ParseProblem("id list", "T002?", "'T002?' is not an id (letters, digits and _ - . : / # only)"));
    }

    @Test
    void splitIdsChecksMembershipWhenTheIdIsGiven() {
        assertThat(ask("ASK { \"T010\" sgfn:splitIds \"T004, T010\" }")).isTrue();
        assertThat(ask("ASK { \"T011\" sgfn:splitIds \"T004, T010\" }")).isFalse();
        assertThat(ask("ASK { ?x sgfn:splitIds ?unbound }")).isFalse();
    }

    @Test
    void constructMapsTheForeignSpecOntoCoreTriples() {
        ParseProblems problems = new ParseProblems();
        Model core;
        try (QueryExecution qe = QueryExecution.create().query(PREFIXES + """
                        CONSTRUCT {
                          ?task sg:estimatedDuration ?d .
                          ?task sg:dependsOn ?dep .
                        } WHERE {
                          ?task :taskId ?id .
                          { ?task :duration ?text BIND (sgfn:duration(?text) AS ?d) }
                          UNION
                          { ?task :depends_on ?list . ?depId sgfn:splitIds ?list . ?dep :taskId ?depId }
                        }""")
                .model(model).set(DialectFunctions.PROBLEMS, problems).build()) {
            core = qe.execConstruct();
        }
        // T003's "soon" produced no duration triple; T004's "T002?" no dependency; both reported
        assertThat(core.size()).isEqualTo(3 + 3);
        assertThat(problems.all()).extracting(ParseProblem::input).containsExactlyInAnyOrder("soon", "T002?");
    }

    @Test
    void aQueryWithoutCollectorStillLeavesRefusedStringsUnbound() {
        try (QueryExecution qe = QueryExecution.create()
                .query(PREFIXES + "SELECT ?d WHERE { BIND (sgfn:duration(\"soon\") AS ?d) }").model(model).build()) {
            ResultSet rs = qe.execSelect();
            assertThat(rs.next().contains("d")).isFalse();
        }
    }

    @Test
    void constantArgumentsAreReportedToo() {
        // ARQ's optimiser folds calls with constant arguments ahead of execution; the refusal must still arrive
        ParseProblems problems = new ParseProblems();
        Map<String, QuerySolution> rows = select(PREFIXES + """
                SELECT ?k ?v WHERE { VALUES ?k { "k" } BIND (sgfn:quantityValue("fast") AS ?v) }""", "k", problems);
        assertThat(rows.get("k").contains("v")).isFalse();
        assertThat(problems.all()).extracting(ParseProblem::input).containsExactly("fast");
    }

    @Test
    void nonLiteralArgumentsAreRefusedAndReported() {
        ParseProblems problems = new ParseProblems();
        Map<String, QuerySolution> rows = select(PREFIXES + """
                SELECT ?t ?d WHERE { ?t :taskId "T001" BIND (sgfn:duration(?t) AS ?d) }""", "t", problems);
        assertThat(rows.values()).singleElement().satisfies(r -> assertThat(r.contains("d")).isFalse());
        assertThat(problems.all()).singleElement().satisfies(p -> assertThat(p.reason()).isEqualTo("not a string"));
    }

    @Test
    void aWrongNumberOfArgumentsIsAQueryError() {
        assertThatThrownBy(() -> select(PREFIXES + "SELECT ?v WHERE { BIND (sgfn:quantityValue(\"1\", \"2\") AS ?v) }",
                "v", new ParseProblems())).isInstanceOf(QueryBuildException.class);
    }

    @Test
    void registrationIsIdempotentAndPerContextRegistrationStaysInItsContext() {
        DialectFunctions.register();
        DialectFunctions.register();
        assertThat(FunctionRegistry.get().isRegistered(DialectFunctions.DURATION)).isTrue();
        assertThat(PropertyFunctionRegistry.get().isRegistered(DialectFunctions.SPLIT_IDS)).isTrue();

        // a registry in a context of its own: only that context changes, whatever the global state is
        Context context = new Context();
        boolean globalBefore = FunctionRegistry.get().isRegistered(DialectFunctions.QUANTITY_UNIT);
        DialectFunctions.registerIn(context);
        DialectFunctions.registerIn(context);
        assertThat(FunctionRegistry.get(context).isRegistered(DialectFunctions.QUANTITY_UNIT)).isTrue();
        assertThat(PropertyFunctionRegistry.get(context).isRegistered(DialectFunctions.SPLIT_IDS)).isTrue();
        assertThat(FunctionRegistry.get().isRegistered(DialectFunctions.QUANTITY_UNIT)).isEqualTo(globalBefore);
    }

    @Test
    void perContextRegistrationRunsQueriesWithoutTheGlobalOne() {
        Context context = new Context();
        DialectFunctions.registerIn(context);
        // remove from the global registries for the length of this test, to prove the context's copy is used
        FunctionRegistry global = FunctionRegistry.get();
        PropertyFunctionRegistry globalProperties = PropertyFunctionRegistry.get();
        global.remove(DialectFunctions.QUANTITY_UNIT);
        globalProperties.remove(DialectFunctions.SPLIT_IDS);
        try {
            ParseProblems problems = new ParseProblems();
            context.set(DialectFunctions.PROBLEMS, problems);
            List<String> out = new ArrayList<>();
            try (QueryExecution qe = QueryExecution.create().query(PREFIXES + """
                            SELECT ?u ?id WHERE { BIND (sgfn:quantityUnit("1.5-2 GB") AS ?u) ?id sgfn:splitIds "A, B" }
                            ORDER BY ?id""")
                    .model(model).context(context).build()) {
                qe.execSelect().forEachRemaining(r -> out.add(r.getLiteral("u").getString() + r.getLiteral("id")));
            }
            assertThat(out).containsExactly("GBA", "GBB");
            assertThat(problems.isEmpty()).isTrue();
        } finally {
            DialectFunctions.register();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, QuerySolution> select(String query, String keyVar, ParseProblems problems) {
        Map<String, QuerySolution> rows = new HashMap<>();
        try (QueryExecution qe = QueryExecution.create().query(query).model(model)
                .set(DialectFunctions.PROBLEMS, problems).build()) {
            qe.execSelect().forEachRemaining(r -> rows.put(key(r.get(keyVar)), r));
        }
        return rows;
    }

    private static String key(RDFNode node) {
        return node.isLiteral() ? node.asLiteral().getLexicalForm() : node.asResource().getLocalName();
    }

    private static boolean ask(String query) {
        try (QueryExecution qe = QueryExecution.create().query(PREFIXES + query).model(model).build()) {
            return qe.execAsk();
        }
    }
}
