package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spec, a closure query or a dialect that hides a SERVICE call — inside FILTER EXISTS, FILTER NOT EXISTS,
 * a subquery, nested groups, BIND(EXISTS …) — is refused by {@code validate} and makes no request during
 * {@code run --simulate}, even when the run is allowed to go ahead unclosed. A listener on 127.0.0.1 counts
 * what arrives.
 */
class QueryConfinementCommandTest {
    /** Each nesting; {@code %1$s} is the endpoint. Each reaches the endpoint when ARQ runs it unchecked. */
    private static final String[] FORMS = {
            "SERVICE <%1$s> { ?s ?p ?o }",
            "?s ?p ?o FILTER EXISTS { SERVICE <%1$s> { ?s ?p ?o } }",
            "?s ?p ?o FILTER NOT EXISTS { SERVICE <%1$s> { ?s ?p ?o } }",
            "?s ?p ?o { SELECT * WHERE { SERVICE <%1$s> { ?s ?p ?o } } }",
            "?s ?p ?o { { { ?s ?p ?o OPTIONAL { SERVICE <%1$s> { ?s ?p ?o } } } } UNION { ?s ?p ?o } }",
            "?s ?p ?o BIND(EXISTS { SERVICE <%1$s> { ?s ?p ?o } } AS ?b)",
    };

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void listen() throws Exception {
        byte[] oneSolution = "{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[{}]}}".getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/sparql-results+json");
            exchange.sendResponseHeaders(200, oneSolution.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(oneSolution);
            }
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sparql";
    }

    /** A closed spec but for its gate, whose sg:ask (line 13) is {@code ask}. */
    private Path spec(String ask) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("spec"));
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :     <https://example.org/leak#> .
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
                :dev a sg:Agent ; rdfs:label "Dev" .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:dependsOn :built ;
                    sg:handler "ship" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :build ; sg:condition [
                    sg:ask "%s" ] .
                """.formatted(ask));
        return folder;
    }

    @Test
    void theSpecWithAnHonestGateIsClosedAndRuns() throws Exception {
        Path spec = spec("ASK { ?s ?p ?o }");
        Run validate = Run.of("validate", spec.toString());
        assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
        Run run = Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void aGateThatCallsOutIsRefusedByValidateAndCallsNothingInASimulatedRun(int form) throws Exception {
        Path spec = spec("ASK { " + FORMS[form].formatted(endpoint()) + " }");

        Run validate = Run.of("validate", spec.toString());
        assertThat(validate.code()).as(validate.out() + validate.err()).isEqualTo(1);
        assertThat(validate.out()).containsPattern("plan\\.ttl:13\\b.*\\[condition-ask-valid]")
                .contains("has an sg:ask query that uses SERVICE <" + endpoint() + ">");

        Run run = Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual", "--allow-unclosed");
        assertThat(run.out() + run.err()).contains("uses SERVICE <" + endpoint() + ">").doesNotContain("\tat ");
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(requests.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void aClosureQueryThatCallsOutIsBadInput(int form) throws Exception {
        Path spec = spec("ASK { ?s ?p ?o }");
        Path query = Files.writeString(dir.resolve("leak.rq"), "SELECT ?this WHERE { " + FORMS[form].formatted(endpoint()) + " }");

        Run validate = Run.of("validate", "--query", query.toString(), spec.toString());
        assertThat(validate.code()).as(validate.out() + validate.err()).isEqualTo(2);
        assertThat(validate.err()).contains(query + ": the query uses SERVICE <" + endpoint() + ">")
                .contains("a closure query may only read the spec").doesNotContain("\tat ");
        assertThat(requests.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void aDialectQueryThatCallsOutIsBadInput(int form) throws Exception {
        Path spec = spec("ASK { ?s ?p ?o }");
        Path dialects = dir.resolve("dialects");
        Path query = Files.writeString(Files.createDirectories(dialects.resolve("leaky")).resolve("1-map.rq"),
                "CONSTRUCT { ?s ?p ?o } WHERE { " + FORMS[form].formatted(endpoint()) + " }");

        for (String command : new String[] {"validate", "run"}) {
            Run run = command.equals("run")
                    ? Run.of("run", spec.toString(), "--dialect", "leaky", "--dialect-dir", dialects.toString(), "--simulate",
                            "--time-scale", "virtual", "--allow-unclosed")
                    : Run.of("validate", spec.toString(), "--dialect", "leaky", "--dialect-dir", dialects.toString());
            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(2);
            assertThat(run.err()).contains(query + ": the query uses SERVICE <" + endpoint() + ">")
                    .contains("a dialect query may only read the spec").doesNotContain("\tat ");
        }
        assertThat(requests.get()).isZero();
    }
}
