package io.specgraph.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run traced through the OpenTelemetry SDK into its in-memory exporter, read back span by span. */
class RunTracerTest {
    private static final String NS = "https://example.org/trace#";
    private static final String PREFIXES = """
            @prefix :     <https://example.org/trace#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;
    /** Two phases; :flaky fails once and is retried; :g2 fails, for the latency measured (50 ms) misses 10 ms. */
    private static final String SPEC = """
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
            :dev a sg:Agent ; sg:concurrency 2 .
            :flaky a sg:Task ; rdfs:label "Flaky" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 1 ;
               sg:estimatedDuration "PT5M"^^xsd:duration .
            :bench a sg:Task ; rdfs:label "Bench" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "bench" ;
               sg:measures :latency ; sg:estimatedDuration "PT5M"^^xsd:duration .
            :ship a sg:Task ; rdfs:label "Ship it" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ;
               sg:estimatedDuration "PT10M"^^xsd:duration .
            :g2 a sg:Gate ; rdfs:label "Fast enough" ; sg:closes :p2 ; sg:condition [ sg:metricMet :latency ] .
            :latency a sg:Metric ; rdfs:label "Latency" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "ms" ;
               sg:direction sg:Minimize ; sg:priority 1 .
            """;

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final RunTracer tracer = new RunTracer(OpenTelemetrySdk.builder().setTracerProvider(provider).build());

    @AfterEach
    void shutDown() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void aRunBecomesATraceParentedAsThePlanNestsIt() {
        RunResult result = runTheSpec();
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        // a run, two phases, four attempts (flaky twice) and a gate: nothing more, nothing left open
        assertThat(spans).hasSize(1 + 2 + 4 + 1);
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());

        SpanData run = spans.stream().filter(s -> s.getName().startsWith("run ")).findFirst().orElseThrow();
        assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(run.getAttributes().get(RunTracer.RUN_IRI)).isEqualTo(result.runIri());
        assertThat(run.getAttributes().get(RunTracer.RUN_OUTCOME)).isEqualTo("failed");
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(tracer.runSpanContext()).hasValueSatisfying(c -> assertThat(c.getTraceId()).isEqualTo(run.getTraceId()));

        SpanData build = only(spans, "phase Build");
        SpanData ship = only(spans, "phase Ship");
        assertThat(List.of(build, ship)).extracting(SpanData::getParentSpanId).containsOnly(run.getSpanId());
        assertThat(build.getAttributes().get(RunTracer.PHASE_IRI)).isEqualTo(NS + "p1");
        assertThat(build.getAttributes().get(RunTracer.PHASE_SUCCEEDED)).isTrue();

        List<SpanData> flaky = spans.stream().filter(s -> s.getName().equals("task Flaky"))
                .sorted((a, b) -> Long.compare(a.getAttributes().get(RunTracer.ATTEMPT), b.getAttributes().get(RunTracer.ATTEMPT)))
                .toList();
        assertThat(flaky).hasSize(2).extracting(SpanData::getParentSpanId).containsOnly(build.getSpanId());
        assertThat(flaky.get(0).getAttributes().get(RunTracer.ATTEMPT)).isEqualTo(1L);
        assertThat(flaky.get(0).getAttributes().get(RunTracer.TASK_STATE)).isEqualTo("failed");
        assertThat(flaky.get(0).getAttributes().get(RunTracer.WILL_RETRY)).isTrue();
        assertThat(flaky.get(0).getAttributes().get(RunTracer.TASK_REASON)).contains("first try fails");
        assertThat(flaky.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(flaky.get(1).getAttributes().get(RunTracer.ATTEMPT)).isEqualTo(2L);
        assertThat(flaky.get(1).getAttributes().get(RunTracer.TASK_STATE)).isEqualTo("succeeded");
        assertThat(flaky.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
        assertThat(flaky).allSatisfy(s -> {
            assertThat(s.getAttributes().get(RunTracer.TASK_IRI)).isEqualTo(NS + "flaky");
            assertThat(s.getAttributes().get(RunTracer.AGENT_IRI)).isEqualTo(NS + "dev");
        });

        SpanData bench = only(spans, "task Bench");
        assertThat(bench.getEvents()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("metric");
            assertThat(e.getAttributes().get(RunTracer.METRIC_IRI)).isEqualTo(NS + "latency");
            assertThat(e.getAttributes().get(RunTracer.METRIC_VALUE)).isEqualTo(50.0);
        });
        assertThat(only(spans, "task Ship it").getParentSpanId()).isEqualTo(ship.getSpanId());

        SpanData gate = only(spans, "gate Fast enough");
        assertThat(gate.getParentSpanId()).isEqualTo(ship.getSpanId());
        assertThat(gate.getAttributes().get(RunTracer.GATE_IRI)).isEqualTo(NS + "g2");
        assertThat(gate.getAttributes().get(RunTracer.GATE_STATE)).isEqualTo("failed");
        assertThat(gate.getAttributes().get(RunTracer.GATE_REASON)).isNotBlank();
        assertThat(gate.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        // every span lies within the run's
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.getStartEpochNanos()).isGreaterThanOrEqualTo(run.getStartEpochNanos());
            assertThat(s.getEndEpochNanos()).isLessThanOrEqualTo(run.getEndEpochNanos()).isGreaterThanOrEqualTo(s.getStartEpochNanos());
        });
    }

    @Test
    void aSimulatedRunsSpansTakeTheRunsOwnTimes() {
        Instant start = Instant.parse("2030-01-01T09:00:00Z");
        RunResult result = Engine.builder().workers(2).simulateInVirtualTime().clock(Clock.fixed(start, ZoneOffset.UTC))
                .listener(tracer).build().run(plan());
        assertThat(result.wallTime()).isEqualTo(Duration.ofMinutes(15));

        List<SpanData> spans = exporter.getFinishedSpanItems();
        SpanData run = spans.stream().filter(s -> s.getName().startsWith("run ")).findFirst().orElseThrow();
        assertThat(run.getAttributes().get(RunTracer.RUN_SIMULATED)).isTrue();
        assertThat(nanos(run.getStartEpochNanos())).isEqualTo(start);
        assertThat(nanos(run.getEndEpochNanos())).isEqualTo(start.plus(Duration.ofMinutes(15)));
        SpanData ship = only(spans, "task Ship it");
        assertThat(nanos(ship.getStartEpochNanos())).isEqualTo(start.plus(Duration.ofMinutes(5)));
        assertThat(nanos(ship.getEndEpochNanos())).isEqualTo(start.plus(Duration.ofMinutes(15)));
        // a simulated measurement cannot be had, so the gate on it is not a pass: whatever it is, it is there
        assertThat(only(spans, "gate Fast enough").getAttributes().get(RunTracer.GATE_STATE)).isNotNull();
    }

    @Test
    void theRecordPointsAtTheSpanOfTheRunOfEveryAttemptAndOfEveryGate() {
        RunResult result = runTheSpec();
        List<SpanData> spans = exporter.getFinishedSpanItems();
        String traceId = spans.get(0).getTraceId();

        // the run, four attempts (:flaky twice) and the gate, each with its own span, all in the run's trace
        List<List<String>> links = links(result, """
                SELECT ?what ?task ?attempt ?trace ?span WHERE {
                  ?what sg:traceId ?trace ; sg:spanId ?span .
                  OPTIONAL { ?what sg:task ?task ; sg:attempt ?attempt }
                  OPTIONAL { ?what sg:gate ?task }
                } ORDER BY ?task ?attempt""");
        assertThat(links).hasSize(1 + 4 + 1);
        assertThat(links).extracting(row -> row.get(3)).containsOnly(traceId);
        SpanData run = spans.stream().filter(s -> s.getName().startsWith("run ")).findFirst().orElseThrow();
        assertThat(links).contains(List.of(result.runIri(), "", "", traceId, run.getSpanId()));
        for (SpanData attempt : spans.stream().filter(s -> s.getName().startsWith("task ")).toList()) {
            assertThat(links).as("the record's link to " + attempt.getName()).contains(List.of(
                    links.stream().filter(r -> r.get(1).equals(attempt.getAttributes().get(RunTracer.TASK_IRI))
                            && r.get(2).equals(attempt.getAttributes().get(RunTracer.ATTEMPT).toString()))
                            .findFirst().orElseThrow().get(0),
                    attempt.getAttributes().get(RunTracer.TASK_IRI), attempt.getAttributes().get(RunTracer.ATTEMPT).toString(),
                    traceId, attempt.getSpanId()));
        }
        SpanData gate = only(spans, "gate Fast enough");
        assertThat(links).anySatisfy(r -> assertThat(r.subList(1, 5)).containsExactly(NS + "g2", "", traceId, gate.getSpanId()));
        // and from the trace to the record: the run's span names the run the record describes
        assertThat(run.getAttributes().get(RunTracer.RUN_IRI)).isEqualTo(result.runIri());
    }

    @Test
    void aTaskThatNeverRanPointsAtItsSpanOfNoLength() {
        RunResult result = Engine.builder()
                .handler("broken", ctx -> {
                    throw new IllegalStateException("broken");
                })
                .handler("ok", ctx -> null)
                .listener(tracer)
                .build()
                .run(Specgraph.load(l -> l.string("skip.ttl", PREFIXES + """
                        :p a sg:Phase ; rdfs:label "Only" ; sg:order 1 .
                        :dev a sg:Agent .
                        :a a sg:Task ; rdfs:label "A" ; sg:agent :dev ; sg:phase :p ; sg:handler "broken" ;
                           sg:estimatedDuration "PT1M"^^xsd:duration .
                        :b a sg:Task ; rdfs:label "B" ; sg:agent :dev ; sg:phase :p ; sg:handler "ok" ; sg:dependsOn :a ;
                           sg:estimatedDuration "PT1M"^^xsd:duration .
                        """)).plan());
        SpanData b = only(exporter.getFinishedSpanItems(), "task B");
        assertThat(b.getAttributes().get(RunTracer.TASK_STATE)).isEqualTo("skipped");
        assertThat(links(result, """
                SELECT ?state ?span WHERE { ?a sg:task <https://example.org/trace#b> ; sg:state ?state ; sg:spanId ?span }"""))
                .containsExactly(List.of("https://w3id.org/specgraph#Skipped", b.getSpanId()));
    }

    @Test
    void spansThatAreNotSampledAreNotPointedAt() {
        SdkTracerProvider unsampled = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            RunResult result = Engine.builder().workers(2).simulateInVirtualTime()
                    .listener(new RunTracer(OpenTelemetrySdk.builder().setTracerProvider(unsampled).build()))
                    .build().run(plan());
            assertThat(result.record().size()).isPositive();
            assertThat(links(result, "SELECT ?s WHERE { { ?s sg:traceId ?t } UNION { ?s sg:spanId ?t } }")).isEmpty();
        } finally {
            unsampled.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** The rows of a query over the record, each value as a string (an IRI or a literal's lexical form; "" unbound). */
    private static List<List<String>> links(RunResult result, String select) {
        Query query = QueryFactory.create("PREFIX sg: <https://w3id.org/specgraph#>\n" + select);
        List<List<String>> rows = new ArrayList<>();
        try (QueryExecution exec = QueryExecutionFactory.create(query, ModelFactory.createModelForGraph(result.record().graph()))) {
            exec.execSelect().forEachRemaining(row -> rows.add(query.getResultVars().stream().map(v -> {
                RDFNode n = row.get(v);
                return n == null ? "" : n.isLiteral() ? n.asLiteral().getLexicalForm() : n.toString();
            }).toList()));
        }
        return rows;
    }

    /** Runs the spec for real, traced: :flaky fails its first attempt, :bench measures 50 ms. */
    private RunResult runTheSpec() {
        AtomicInteger flakyCalls = new AtomicInteger();
        return Engine.builder()
                .backoff(Duration.ZERO)
                .handler("flaky", ctx -> {
                    if (flakyCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first try fails");
                    }
                    return null;
                })
                .handler("bench", ctx -> {
                    ctx.measure(NS + "latency", 50);
                    return null;
                })
                .handler("ok", ctx -> null)
                .listener(tracer)
                .build()
                .run(plan());
    }

    private static Plan plan() {
        return Specgraph.load(l -> l.string("trace-spec.ttl", PREFIXES + SPEC)).plan();
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named " + name + " among " + spans.stream().map(SpanData::getName).toList()).hasSize(1);
        return named.get(0);
    }

    private static Instant nanos(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
