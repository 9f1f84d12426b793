package io.specgraph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SafeQueryExec}: the execution-level defence, tested on its own (the queries go straight to ARQ with
 * the sandboxed context, past {@link QueryGuard}), against a listener that counts the requests that arrive.
 */
class SafeQueryExecTest {
    private HttpListener listener;
    private Graph data;

    @BeforeEach
    void start() throws Exception {
        listener = HttpListener.start();
        data = GraphFactory.createDefaultGraph();
        data.add(Triple.create(NodeFactory.createURI("http://x/s"), NodeFactory.createURI("http://x/p"), NodeFactory.createLiteralString("o")));
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    /** ARQ as it is, with its global context: what the engine ran before. */
    private boolean askAsArqWould(String query) {
        return QueryExec.graph(data).query(QueryFactory.create(query)).ask();
    }

    /** The sandbox alone: past {@link QueryGuard}, as a case the guard missed would be. */
    private boolean askInSandbox(String query) {
        return SafeQueryExec.execute(QueryFactory.create(query), data, null, null, QueryExec::ask);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void leftAloneArqCallsOutForEveryForm(String form, String pattern) {
        // the control: without the sandbox each form does reach the listener, so the zero below means something
        askAsArqWould(ServiceForms.ask(pattern, listener.url()));
        assertThat(listener.requests()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void theSandboxAloneRefusesEveryFormWithoutARequest(String form, String pattern) {
        String query = ServiceForms.ask(pattern, listener.url());
        assertThatThrownBy(() -> askInSandbox(query))
                .isInstanceOf(QueryDeniedException.class)
                .hasMessageStartingWith("the query was stopped: SERVICE ")
                .hasMessageEndingWith(" is not allowed; a query may only read the data it is given");
        assertThat(listener.requests()).isZero();
    }

    @Test
    void aSilentServiceIsRefusedToo() {
        assertThatThrownBy(() -> askInSandbox("ASK { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <" + listener.url() + "> { ?s ?p ?o } } }"))
                .isInstanceOf(QueryDeniedException.class)
                .hasMessage("the query was stopped: SERVICE " + listener.url() + " is not allowed; a query may only read the data it is given");
        assertThat(listener.requests()).isZero();
    }

    @Test
    void theSandboxKeepsFunctionsAndTheTimeout() {
        assertThat(askInSandbox("PREFIX afn: <http://jena.apache.org/ARQ/function#>"
                + " ASK { ?s ?p ?o FILTER(afn:localname(?s) = \"s\" && STRLEN(?o) = 1) }")).isTrue();
        assertThatThrownBy(() -> SafeQueryExec.ask(data, QueryFactory.create(
                "PREFIX afn: <http://jena.apache.org/ARQ/function#> ASK { ?s ?p ?o FILTER(afn:wait(2000)) }"), Duration.ofMillis(50)))
                .isInstanceOf(QueryCancelledException.class);
    }

    @Test
    void thePublicWayChecksTheQueryFirstAndSaysWhatIsRefused() {
        Query query = QueryFactory.create(ServiceForms.ask(ServiceForms.PATTERNS.get("FILTER NOT EXISTS"), listener.url()));
        assertThatThrownBy(() -> SafeQueryExec.ask(data, query, null))
                .isInstanceOf(QueryDeniedException.class)
                .hasMessage("the query uses SERVICE <" + listener.url() + "> (within FILTER, NOT EXISTS);"
                        + " a query may only read the data it is given");
        assertThat(SafeQueryExec.ask(data, QueryFactory.create("ASK { ?s ?p \"o\" }"), null)).isTrue();
        assertThat(SafeQueryExec.select(data, QueryFactory.create("SELECT ?s { ?s ?p ?o }"), null)).hasSize(1);
        assertThat(listener.requests()).isZero();
    }

    @Test
    void aJavaClassIsNotLoadedEvenWhenTheQueryComputesItsName() {
        // the control: ARQ, left alone, initialises the class a java: IRI names
        askAsArqWould("ASK { FILTER(<java:io.specgraph.internal.Traps$Control>()) }");
        assertThat(Traps.LOADED).contains("Control");

        String computed = "ASK { BIND(CALL(IRI(CONCAT(\"java:io.specgraph.internal.Traps\", \"$Computed\"))) AS ?x) }";
        assertThat(QueryGuard.problem(QueryFactory.create(computed))).as("no reading of the text can see it").isNull();
        assertThatThrownBy(() -> askInSandbox(computed))
                .isInstanceOf(QueryDeniedException.class)
                .hasMessage("the query was stopped: <java:io.specgraph.internal.Traps$Computed> names a Java class to load,"
                        + " which is not allowed; a query may only read the data it is given");
        assertThatThrownBy(() -> askInSandbox("ASK { FILTER(<java:io.specgraph.internal.Traps$Function>()) }"))
                .isInstanceOf(QueryDeniedException.class).hasMessageContaining("Traps$Function");
        assertThatThrownBy(() -> askInSandbox("ASK { ?s <java:io.specgraph.internal.Traps$Property> ?o }"))
                .isInstanceOf(QueryDeniedException.class).hasMessageContaining("Traps$Property");
        assertThat(Traps.LOADED).doesNotContain("Computed", "Function", "Property");
    }
}
