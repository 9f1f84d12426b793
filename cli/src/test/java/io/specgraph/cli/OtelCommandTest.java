package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --otel}: the SDK configured as the {@code OTEL_*} variables say. A test cannot set the environment
 * of its own process, so it sets the {@code otel.*} system properties, which autoconfigure reads the same way.
 */
class OtelCommandTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final Pattern TRACE_LINE = Pattern.compile("(?m)^OpenTelemetry trace ([0-9a-f]{32})$");
    private static final List<String> PROPERTIES = List.of("otel.traces.exporter", "otel.exporter.otlp.traces.endpoint",
            "otel.exporter.otlp.protocol", "otel.bsp.schedule.delay", "otel.java.exporter.otlp.retry.disabled");

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private static String spec() {
        return REPO.resolve("specs").resolve("build-optimization").toString();
    }

    @Test
    void otelWithTheExporterOffRunsAndNamesTheTrace() {
        System.setProperty("otel.traces.exporter", "none");
        Run run = Run.of("run", spec(), "--simulate", "--time-scale", "virtual", "--store", "none", "--progress", "none",
                "--otel");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(TRACE_LINE.matcher(run.err()).find()).as(run.err()).isTrue();
    }

    @Test
    void theStoredRecordNamesTheTraceOfTheRunAndTheSpanOfEveryAttempt(@TempDir Path dir) {
        System.setProperty("otel.traces.exporter", "none"); // spans are made and sampled, only not sent
        String store = dir.resolve("store").toString();
        Run run = Run.of("run", spec(), "--simulate", "--time-scale", "virtual", "--store", store, "--progress", "none",
                "--otel", "--record", dir.resolve("record.ttl").toString());
        assertThat(run.code()).as(run.err()).isZero();
        Matcher trace = TRACE_LINE.matcher(run.err());
        assertThat(trace.find()).as(run.err()).isTrue();

        Run query = Run.of("query", """
                PREFIX sg: <https://w3id.org/specgraph#>
                SELECT ?trace (COUNT(?attempt) AS ?attempts) (COUNT(DISTINCT ?span) AS ?spans) WHERE {
                  ?run a sg:Run ; sg:traceId ?trace .
                  ?attempt a sg:TaskAttempt ; sg:run ?run .
                  OPTIONAL { ?attempt sg:traceId ?trace ; sg:spanId ?span }
                } GROUP BY ?trace""", "--store", store);
        assertThat(query.code()).as(query.err()).isZero();
        // one row: the run's trace, and as many distinct spans as attempts (every task of the plan ran once)
        assertThat(query.outLines()).last().isEqualTo("1 row");
        assertThat(query.out()).containsPattern("(?m)^" + trace.group(1) + "\\s+(\\d+)\\s+\\1\\s*$");
        assertThat(dir.resolve("record.ttl")).content().contains(trace.group(1));
    }

    @Test
    void theSpansReachAnOtlpCollectorOverHttpBeforeTheCommandReturns() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer collector = collector(received, paths);
        try {
            // OTLP over HTTP is what the command line defaults to (the SDK's own default, gRPC, is not built in)
            System.setProperty("otel.exporter.otlp.traces.endpoint",
                    "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
            // a batch sent only when the SDK shuts down: the command must flush before it returns
            System.setProperty("otel.bsp.schedule.delay", "600000");
            Run run = Run.of("run", spec(), "--simulate", "--time-scale", "virtual", "--store", "none",
                    "--progress", "none", "--otel");
            assertThat(run.code()).as(run.err()).isZero();
            Matcher trace = TRACE_LINE.matcher(run.err());
            assertThat(trace.find()).as(run.err()).isTrue();

            assertThat(paths).isNotEmpty().containsOnly("/v1/traces");
            String all = new String(concat(received), StandardCharsets.ISO_8859_1);
            // OTLP protobuf keeps strings and ids as they are: the trace named, the run's spans and attributes in it
            assertThat(all).contains(new String(HexFormat.of().parseHex(trace.group(1)), StandardCharsets.ISO_8859_1));
            assertThat(all).contains("specgraph.task.iri", "specgraph.gate.iri", "specgraph", "phase ");
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void aCollectorThatIsNotThereIsAWarningInALineAndTheRunStillSucceeds() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        System.setProperty("otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + closedPort + "/v1/traces");
        System.setProperty("otel.java.exporter.otlp.retry.disabled", "true");
        Run run = Run.of("run", spec(), "--simulate", "--time-scale", "virtual", "--store", "none", "--progress", "none",
                "--otel");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("warning: --otel: trace [0-9a-f]{32} was not sent: .+; check OTEL_EXPORTER_OTLP_ENDPOINT")
                .doesNotContain("\tat ").doesNotContainPattern("(?m)^OpenTelemetry trace");
    }

    @Test
    void gRpcIsRefusedWithWhatToSetInstead() {
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        Run run = Run.of("run", spec(), "--simulate", "--time-scale", "virtual", "--store", "none", "--otel");
        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("OTLP over HTTP only", "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "nothing was run");
    }

    @Test
    void resumeOtelTracesTheResumedPartOfARun(@TempDir Path dir) throws Exception {
        Path spec = Files.createDirectories(dir.resolve("approval"));
        Files.writeString(spec.resolve("plan.ttl"), """
                @prefix :        <https://example.org/approval#> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Approval" ; sg:goal "Ship once someone says so" .
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "builds and ships" .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:command "true" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:dependsOn :signed ;
                    sg:command "true" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :signed a sg:Gate ; rdfs:label "Signed off" ; sg:closes :p1 ; sg:requires :build ; sg:owner :dev ;
                    sg:condition [ sg:approval [ sg:approver :dev ] ] .
                :speed a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                    sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :build .
                :slow a sg:Bottleneck ; rdfs:label "Slow build" ; sg:severity sg:High .
                """);
        String store = dir.resolve("store").toString();
        Run waiting = Run.of("run", spec.toString(), "--allow-commands", "--store", store, "--progress", "none");
        assertThat(waiting.code()).as(waiting.err() + waiting.out()).isEqualTo(Main.WAITING);
        Matcher id = Pattern.compile("run ([a-z0-9]+) started").matcher(waiting.out() + waiting.err());
        assertThat(id.find()).as(waiting.out()).isTrue();
        // not approved: the resumed part waits again (a resume right after an approve may stop before the store's
        // decision is polled, a race of the engine's own, so this test does not depend on it)
        List<byte[]> received = new CopyOnWriteArrayList<>();
        HttpServer collector = collector(received);
        try {
            System.setProperty("otel.exporter.otlp.traces.endpoint",
                    "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
            Run resumed = Run.of("resume", id.group(1), "--store", store, "--progress", "none", "--otel");
            assertThat(resumed.code()).as(resumed.err() + resumed.out()).isEqualTo(Main.WAITING);
            assertThat(resumed.err()).containsPattern("(?m)^OpenTelemetry trace [0-9a-f]{32}$");
            String all = new String(concat(received), StandardCharsets.ISO_8859_1);
            assertThat(all).contains("specgraph.run.resumed", "specgraph.run.outcome", "waiting", "run " + id.group(1));
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void aBadOtelConfigurationIsBadInputAndRunsNothing() {
        System.setProperty("otel.traces.exporter", "no-such-exporter");
        Run run = Run.of("run", spec(), "--simulate", "--time-scale", "virtual", "--store", "none", "--otel");
        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("--otel", "otel.traces.exporter: no-such-exporter", "nothing was run")
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    /** An OTLP/HTTP collector on a loopback port that keeps each request's body. */
    private static HttpServer collector(List<byte[]> received) throws IOException {
        return collector(received, new CopyOnWriteArrayList<>());
    }

    private static HttpServer collector(List<byte[]> received, List<String> paths) throws IOException {
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            exchange.getRequestBody().transferTo(body);
            received.add(body.toByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        return collector;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
