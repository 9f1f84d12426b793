package io.specgraph.run;

import static io.specgraph.run.RunSpecs.NS;
import static io.specgraph.run.RunSpecs.PREFIXES;
import static io.specgraph.run.RunSpecs.await;
import static io.specgraph.run.RunSpecs.gate;
import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanConflict;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a run gives its host, seen through the public API only: the run record as RDF, gate conditions
 * (metrics, SPARQL, Java predicates, dry runs), what handlers see, limits and priorities, events and the
 * SLO table.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineFeatureTest {
    static final String SG = "https://w3id.org/specgraph#";
    static final String SPARQL_PREFIXES = """
            PREFIX :     <https://example.org/run#>
            PREFIX sg:   <https://w3id.org/specgraph#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
            """;
    /** Lower is better: 100 ms before, 10 ms to reach. */
    static final String LATENCY = """
            :latency a sg:Metric ; rdfs:label "Latency" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "ms" ;
               sg:direction sg:Minimize ; sg:priority 1 .
            """;

    @TempDir
    Path tempDir;


    // ------------------------------------------------------------------ the run record

    @Test
    void theRunRecordWrittenAsTurtleAnswersQuestionsInSparql() throws IOException {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :alice a sg:Agent ; rdfs:label "Alice" .
                :bob a sg:Agent ; rdfs:label "Bob" ; sg:concurrency 2 .
                :flaky a sg:Task ; sg:agent :alice ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 2 ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                :steady a sg:Task ; sg:agent :bob ; sg:phase :p1 ; sg:handler "ok" ; sg:estimatedDuration "PT5M"^^xsd:duration .
                :bench a sg:Task ; sg:agent :bob ; sg:phase :p1 ; sg:handler "bench" ; sg:measures :latency ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                :g1 a sg:Gate ; rdfs:label "Fast enough" ; sg:closes :p1 ; sg:condition [ sg:metricMet :latency ] .
                """ + LATENCY;
        AtomicInteger flakyCalls = new AtomicInteger();
        RunResult result = Engine.builder()
                .backoff(Duration.ZERO)
                .handler("flaky", ctx -> {
                    if (flakyCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first try fails");
                    }
                    return "ok";
                })
                .handler("ok", ctx -> "ok")
                .handler("bench", ctx -> {
                    ctx.measure(iri("latency"), 8);
                    return null;
                })
                .build()
                .run(plan(spec));
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);

        Path file = tempDir.resolve("out/record.ttl");
        result.record().writeTurtle(file);
        Model model = RDFDataMgr.loadModel(file.toString());
        assertThat(model.getGraph().isIsomorphicWith(result.record().graph())).isTrue();
        assertThat(result.record().runIri()).isEqualTo(result.runIri());

        // which tasks had more than one attempt?
        assertThat(select(model, """
                SELECT ?task WHERE { ?a a sg:TaskAttempt ; sg:task ?task }
                GROUP BY ?task HAVING (COUNT(?a) > 1)
                """)).extracting(s -> s.getResource("task").getURI()).containsExactly(iri("flaky"));
        // which agent ran :steady?
        assertThat(select(model, """
                SELECT ?agent WHERE { ?a a sg:TaskAttempt ; sg:task :steady ; prov:wasAssociatedWith ?agent }
                """)).extracting(s -> s.getResource("agent").getURI()).containsExactly(iri("bob"));
        // how many attempts failed?
        assertThat(select(model, """
                SELECT (COUNT(?a) AS ?n) WHERE { ?a a sg:TaskAttempt ; sg:state sg:Failed }
                """)).extracting(s -> s.getLiteral("n").getInt()).containsExactly(1);
        // the failed attempt was the first one of :flaky, with the reason
        assertThat(select(model, """
                SELECT ?n ?reason WHERE { ?a a sg:TaskAttempt ; sg:task :flaky ; sg:attempt ?n ; sg:state sg:Failed ;
                                             sg:reason ?reason }
                """)).extracting(s -> s.getLiteral("n").getInt(), s -> s.getLiteral("reason").getString().contains("first try fails"))
                .containsExactly(tuple(1, true));
        // the run as a whole
        assertThat(select(model, """
                SELECT ?run ?workers WHERE { ?run a sg:Run ; sg:state sg:Succeeded ; sg:workers ?workers ;
                                               prov:startedAtTime ?s ; prov:endedAtTime ?e }
                """)).extracting(s -> s.getResource("run").getURI(), s -> s.getLiteral("workers").getInt())
                .containsExactly(tuple(result.runIri(), 4));
        // the measurement, made by the attempt of :bench
        assertThat(select(model, """
                SELECT ?value WHERE { ?m a sg:Measurement ; sg:metric :latency ; sg:value ?value ;
                                         prov:wasGeneratedBy ?a . ?a sg:task :bench }
                """)).extracting(s -> s.getLiteral("value").getLexicalForm()).singleElement()
                .satisfies(v -> assertThat(new BigDecimal(v)).isEqualByComparingTo("8"));
        // the gate evaluation
        assertThat(select(model, """
                SELECT ?state WHERE { ?g a sg:GateEvaluation ; sg:gate :g1 ; sg:state ?state }
                """)).extracting(s -> s.getResource("state").getURI()).containsExactly(SG + "Passed");
        // every attempt belongs to the run and ended no earlier than it started (typed xsd:dateTime, so comparable)
        assertThat(select(model, "SELECT ?a WHERE { ?a a sg:TaskAttempt }")).hasSize(4);
        assertThat(select(model, """
                SELECT ?a WHERE { ?a a sg:TaskAttempt ; sg:run ?run ; prov:startedAtTime ?s ; prov:endedAtTime ?e .
                                  ?run a sg:Run .
                                  FILTER (datatype(?s) = xsd:dateTime && datatype(?e) = xsd:dateTime && ?e >= ?s) }
                """)).hasSize(4);
    }

    @Test
    void theTimelineAndTheRecordUseTheEnginesClock() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :t a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        Instant epoch = Instant.parse("2030-01-01T00:00:00Z");
        RunResult result = Engine.builder()
                .clock(Clock.fixed(epoch, ZoneOffset.UTC))
                .handler("h", ctx -> null)
                .build()
                .run(plan(spec));

        assertThat(result.startedAt()).isEqualTo(epoch);
        Attempt attempt = task(result, "t").attempts().get(0);
        assertThat(attempt.startedAt()).isEqualTo(epoch.plus(attempt.start()));
        assertThat(attempt.endedAt()).isEqualTo(epoch.plus(attempt.end()));
        Model model = ModelFactory.createModelForGraph(result.record().graph());
        assertThat(select(model, "SELECT ?s WHERE { ?run a sg:Run ; prov:startedAtTime ?s }"))
                .extracting(s -> s.getLiteral("s").getLexicalForm()).containsExactly("2030-01-01T00:00:00Z");
    }

    @Test
    void tasksThatNeverRanAreInTheRecordWithTheirState() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :fails a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "boom" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :next a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "ok" ; sg:dependsOn :fails ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        RunResult result = Engine.builder()
                .handler("boom", ctx -> {
                    throw new IllegalStateException("nope");
                })
                .handler("ok", ctx -> null)
                .build()
                .run(plan(spec));

        Model model = ModelFactory.createModelForGraph(result.record().graph());
        assertThat(select(model, """
                SELECT ?task ?state WHERE { ?a a sg:TaskAttempt ; sg:task ?task ; sg:state ?state } ORDER BY ?task
                """)).extracting(s -> s.getResource("task").getURI(), s -> s.getResource("state").getURI())
                .containsExactly(tuple(iri("fails"), SG + "Failed"), tuple(iri("next"), SG + "Skipped"));
        assertThat(select(model, "SELECT ?run WHERE { ?run a sg:Run ; sg:state sg:Failed }")).hasSize(1);
    }

    // ------------------------------------------------------------------ gate conditions

    /** Bench measures latency; gate Fast enough closes phase 1 on it; Ship (phase 2) and Report depend on the gate. */
    static final String METRIC_GATE = """
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :dev a sg:Agent ; sg:concurrency 2 .
            :bench a sg:Task ; rdfs:label "Bench" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "bench" ; sg:measures :latency ;
               sg:estimatedDuration "PT5M"^^xsd:duration .
            :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ;
               sg:estimatedDuration "PT5M"^^xsd:duration .
            :report a sg:Task ; rdfs:label "Report" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ; sg:dependsOn :g1 ;
               sg:estimatedDuration "PT5M"^^xsd:duration .
            :g1 a sg:Gate ; rdfs:label "Fast enough" ; sg:closes :p1 ; sg:condition [ sg:metricMet :latency ] .
            """ + LATENCY;

    @ParameterizedTest(name = "latency {0} ms, target ≤ 10 ms: passes = {1}")
    @CsvSource({"8, true", "10, true", "12, false", "9.999, true", "10.001, false"})
    void aMetricConditionPassesWhenTheMeasuredValueMeetsTheTarget(String measured, boolean passes) {
        List<String> ran = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .handler("bench", ctx -> {
                    ctx.measure(iri("latency"), new BigDecimal(measured));
                    return null;
                })
                .handler("ok", ctx -> {
                    ran.add(ctx.task().iri());
                    return null;
                })
                .build()
                .run(plan(METRIC_GATE));

        GateOutcome g1 = gate(result, "g1");
        assertThat(g1.conditions()).extracting(ConditionOutcome::kind)
                .containsExactly(ConditionOutcome.Kind.REQUIREMENTS, ConditionOutcome.Kind.METRIC_MET);
        ConditionOutcome metric = g1.conditions().get(1);
        assertThat(metric.value()).isEqualTo(iri("latency"));
        assertThat(metric.detail()).contains("measured " + measured).contains("10");
        if (passes) {
            assertThat(g1.state()).isEqualTo(GateState.PASSED);
            assertThat(metric.status()).isEqualTo(ConditionOutcome.Status.PASSED);
            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(ran).containsExactlyInAnyOrder(iri("ship"), iri("report"));
        } else {
            assertThat(g1.state()).isEqualTo(GateState.FAILED);
            assertThat(metric.status()).isEqualTo(ConditionOutcome.Status.FAILED);
            assertThat(g1.reason()).contains("measured " + measured);
            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
            assertThat(ran).isEmpty();
            for (String t : List.of("ship", "report")) {
                assertThat(task(result, t).state()).as(t).isEqualTo(TaskState.SKIPPED);
                assertThat(task(result, t).reason()).as(t).contains("Fast enough");
            }
        }
    }

    @Test
    void aMetricNobodyMeasuredFailsItsGateInARealRun() {
        RunResult result = Engine.builder()
                .handler("bench", ctx -> null)
                .handler("ok", ctx -> null)
                .build()
                .run(plan(METRIC_GATE));

        GateOutcome g1 = gate(result, "g1");
        assertThat(g1.state()).isEqualTo(GateState.FAILED);
        assertThat(g1.reason()).contains("not measured");
        assertThat(task(result, "ship").state()).isEqualTo(TaskState.SKIPPED);
    }

    @Test
    void anAskConditionQueriesTheSpecTogetherWithTheRunRecord() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :p2 a sg:Phase ; sg:order 2 .
                :dev a sg:Agent .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "ok" ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                :audit a sg:Task ; rdfs:label "Audit" ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ; sg:dependsOn :g2 ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                # passes: a task of :dev (spec) has a succeeded attempt (record)
                :g1 a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:condition [ sg:ask '''
                    PREFIX sg: <https://w3id.org/specgraph#>
                    PREFIX :   <https://example.org/run#>
                    ASK { ?t sg:agent :dev . ?a a sg:TaskAttempt ; sg:task ?t ; sg:state sg:Succeeded }''' ] .
                # fails: no attempt failed
                :g2 a sg:Gate ; rdfs:label "Something failed" ; sg:requires :build ; sg:condition [ sg:ask '''
                    PREFIX sg: <https://w3id.org/specgraph#>
                    ASK { ?a a sg:TaskAttempt ; sg:state sg:Failed }''' ] .
                """;
        List<String> ran = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .failurePolicy(FailurePolicy.KEEP_GOING)
                .handler("ok", ctx -> {
                    ran.add(ctx.task().iri());
                    return null;
                })
                .build()
                .run(plan(spec));

        GateOutcome g1 = gate(result, "g1");
        assertThat(g1.state()).isEqualTo(GateState.PASSED);
        assertThat(g1.conditions()).filteredOn(c -> c.kind() == ConditionOutcome.Kind.ASK).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(ConditionOutcome.Status.PASSED);
                    assertThat(c.value()).contains("ASK");
                });
        GateOutcome g2 = gate(result, "g2");
        assertThat(g2.state()).isEqualTo(GateState.FAILED);
        assertThat(g2.reason()).contains("false");
        assertThat(task(result, "audit").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(task(result, "audit").reason()).contains("Something failed");
        assertThat(ran).containsExactlyInAnyOrder(iri("build"), iri("ship"));
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    }

    /** Build and Bench in phase 1, closed by Green (sg:predicate "tests-green"); Ship in phase 2. */
    static final String PREDICATE_GATE = """
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :dev a sg:Agent ; sg:concurrency 2 .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ; sg:estimatedDuration "PT5M"^^xsd:duration .
            :bench a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "bench" ; sg:measures :latency ;
               sg:estimatedDuration "PT5M"^^xsd:duration .
            :ship a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ; sg:estimatedDuration "PT5M"^^xsd:duration .
            :g1 a sg:Gate ; rdfs:label "Green" ; sg:closes :p1 ; sg:condition [ sg:predicate "tests-green" ] .
            """ + LATENCY;

    static Engine.Builder predicateEngine() {
        return Engine.builder()
                .handler("build", ctx -> {
                    ctx.store().put("coverage", 0.93);
                    return "artifact-1";
                })
                .handler("bench", ctx -> {
                    ctx.measure(iri("latency"), 7);
                    return null;
                })
                .handler("ok", ctx -> null);
    }

    @Test
    void predicatesRegisteredByKeyAndByGateIriAreEvaluatedAndSeeTheRun() {
        Map<String, Object> seen = new ConcurrentHashMap<>();
        AtomicInteger byKey = new AtomicInteger();
        AtomicInteger byGate = new AtomicInteger();
        RunResult result = predicateEngine()
                .predicate("tests-green", ctx -> {
                    byKey.incrementAndGet();
                    seen.put("gate", ctx.gate().iri());
                    seen.put("build state", ctx.state(iri("build")));
                    seen.put("ship state", ctx.state(iri("ship")));
                    seen.put("build output", ctx.output(iri("build")));
                    seen.put("latency", ctx.measured(iri("latency")).map(BigDecimal::stripTrailingZeros));
                    seen.put("coverage", ctx.store().get("coverage"));
                    seen.put("spec has the gate", ctx.spec().contains(NodeFactory.createURI(iri("g1")), null, null));
                    seen.put("record attempts", ctx.record().find(null, NodeFactory.createURI(SG + "task"), null).toList().size());
                    return true;
                })
                .predicate(iri("g1"), ctx -> {
                    byGate.incrementAndGet();
                    return ctx.state(iri("bench")) == TaskState.SUCCEEDED;
                })
                .build()
                .run(plan(PREDICATE_GATE));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(byKey).hasValue(1);
        assertThat(byGate).hasValue(1);
        GateOutcome g1 = gate(result, "g1");
        assertThat(g1.state()).isEqualTo(GateState.PASSED);
        assertThat(g1.conditions()).extracting(ConditionOutcome::kind, ConditionOutcome::value, ConditionOutcome::status)
                .containsExactly(
                        tuple(ConditionOutcome.Kind.REQUIREMENTS, iri("g1"), ConditionOutcome.Status.PASSED),
                        tuple(ConditionOutcome.Kind.PREDICATE, "tests-green", ConditionOutcome.Status.PASSED),
                        tuple(ConditionOutcome.Kind.PREDICATE, iri("g1"), ConditionOutcome.Status.PASSED));
        assertThat(seen).containsEntry("gate", iri("g1"))
                .containsEntry("build state", TaskState.SUCCEEDED)
                .containsEntry("ship state", TaskState.PENDING)
                .containsEntry("build output", Optional.of("artifact-1"))
                .containsEntry("latency", Optional.of(BigDecimal.valueOf(7)))
                .containsEntry("coverage", Optional.of(0.93))
                .containsEntry("spec has the gate", true)
                .containsEntry("record attempts", 2);
        assertThat(task(result, "ship").state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void aPredicateThatDoesNotHoldOrThrowsFailsTheGate() {
        RunResult result = predicateEngine()
                .predicate("tests-green", ctx -> false)
                .predicate(iri("g1"), ctx -> {
                    throw new IllegalStateException("coverage report missing");
                })
                .build()
                .run(plan(PREDICATE_GATE));

        GateOutcome g1 = gate(result, "g1");
        assertThat(g1.state()).isEqualTo(GateState.FAILED);
        assertThat(g1.conditions()).filteredOn(c -> c.kind() == ConditionOutcome.Kind.PREDICATE)
                .extracting(ConditionOutcome::value, ConditionOutcome::status)
                .containsExactly(tuple("tests-green", ConditionOutcome.Status.FAILED),
                        tuple(iri("g1"), ConditionOutcome.Status.FAILED));
        assertThat(g1.reason()).contains("does not hold").contains("coverage report missing");
        assertThat(task(result, "ship").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    }

    @Test
    void aDryRunAssumesWhatItCannotCheckAndRunsNoCommand() throws IOException {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :p2 a sg:Phase ; sg:order 2 .
                :dev a sg:Agent ; sg:concurrency 2 .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "unregistered" ; sg:measures :latency ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :deploy a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:command 'touch "$SPECGRAPH_TASK_DIR/ran"' ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :ship a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "unregistered" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :g1 a sg:Gate ; rdfs:label "Checked" ; sg:closes :p1 ;
                   sg:condition [ sg:metricMet :latency ] , [ sg:predicate "nobody-registered-this" ] .
                """ + LATENCY;
        RunResult result = Engine.builder().simulate(0.001).workDirectory(tempDir).build().run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(result.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED));
        GateOutcome g1 = gate(result, "g1");
        assertThat(g1.state()).isEqualTo(GateState.PASSED);
        assertThat(g1.reason()).contains("assumed");
        assertThat(g1.conditions()).extracting(ConditionOutcome::kind, ConditionOutcome::status).containsExactly(
                tuple(ConditionOutcome.Kind.REQUIREMENTS, ConditionOutcome.Status.PASSED),
                tuple(ConditionOutcome.Kind.METRIC_MET, ConditionOutcome.Status.ASSUMED),
                tuple(ConditionOutcome.Kind.PREDICATE, ConditionOutcome.Status.ASSUMED));
        assertThat(result.timeScale()).hasValue(0.001);
        // the two phases take at least 1 + 1 simulated minutes one after the other
        assertThat(result.simulatedMakespan()).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMinutes(2)));
        assertThat(result.slos()).singleElement().satisfies(row -> {
            assertThat(row.measured()).isEmpty();
            assertThat(row.met()).isEmpty();
        });
        try (Stream<Path> files = Files.walk(tempDir)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("ran"))).isEmpty();
        }
    }

    // ------------------------------------------------------------------ what handlers see

    @Test
    void aHandlerSeesTheOutputsOfWhatItDependsOn() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "a" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "b" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :n a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "n" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :other a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "other" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :c a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "c" ; sg:dependsOn :a , :b , :n ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicReference<Map<String, Object>> upstream = new AtomicReference<>();
        AtomicReference<Optional<Object>> outputOfA = new AtomicReference<>();
        RunResult result = Engine.builder()
                .handler("a", ctx -> "A-out")
                .handler("b", ctx -> 42)
                .handler("n", ctx -> null)
                .handler("other", ctx -> "unrelated")
                .handler("c", ctx -> {
                    upstream.set(ctx.upstream());
                    outputOfA.set(ctx.output(iri("a")));
                    return null;
                })
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(upstream.get()).containsExactlyInAnyOrderEntriesOf(Map.of(iri("a"), "A-out", iri("b"), 42));
        assertThat(outputOfA.get()).contains("A-out");
    }

    @Test
    void theSharedStoreComputesOnceAndCountsHitsAndMisses() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 3 .
                :r1 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "read" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :r2 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "read" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :r3 a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "read" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        AtomicInteger computed = new AtomicInteger();
        List<String> values = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .handler("read", ctx -> {
                    values.add(ctx.store().computeIfAbsent("analysis", String.class, () -> {
                        computed.incrementAndGet();
                        return "expensive analysis";
                    }));
                    return null;
                })
                .build()
                .run(plan(spec));

        assertThat(computed).hasValue(1);
        assertThat(values).containsExactly("expensive analysis", "expensive analysis", "expensive analysis");
        ContextStore store = result.store();
        assertThat(store.misses()).isEqualTo(1);
        assertThat(store.hits()).isEqualTo(2);
        assertThat(store.keys()).containsExactly("analysis");
    }

    @Test
    void measuringAnUndeclaredMetricIsRefusedToTheHandler() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :bench a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "bench" ; sg:measures :latency ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """ + LATENCY;
        RunResult result = Engine.builder()
                .handler("bench", ctx -> {
                    ctx.measure(iri("latencyy"), 3);
                    return null;
                })
                .build()
                .run(plan(spec));

        TaskRun bench = task(result, "bench");
        assertThat(bench.state()).isEqualTo(TaskState.FAILED);
        assertThat(bench.reason()).contains(iri("latencyy")).contains(iri("latency"));
        assertThat(result.slos()).singleElement().satisfies(row -> assertThat(row.measured()).isEmpty());
    }

    @Test
    void aHandlerForTheTaskWinsOverOneForTheKeyWhichWinsOverOneForTheAgent() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 3 .
                :special a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "key" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :keyed a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "key" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :other a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "no-such-key" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        Map<String, String> ranBy = new ConcurrentHashMap<>();
        RunResult result = Engine.builder()
                .handlerForTask(iri("special"), ctx -> ranBy.put(ctx.task().iri(), "task"))
                .handler("key", ctx -> ranBy.put(ctx.task().iri(), "key"))
                .handlerForAgent(iri("dev"), ctx -> ranBy.put(ctx.task().iri(), "agent"))
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(ranBy).containsExactlyInAnyOrderEntriesOf(
                Map.of(iri("special"), "task", iri("keyed"), "key", iri("other"), "agent"));
    }

    @Test
    void oneEngineRunsTwoPlansAtOnceEachWithItsOwnStoreAndRecord() throws Exception {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :t a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch both = new CountDownLatch(2);
        Engine engine = Engine.builder()
                .handler("h", ctx -> {
                    ctx.store().computeIfAbsent("run", String.class, ctx::runIri);
                    both.countDown();
                    if (!await(both)) {
                        throw new IllegalStateException("the other run never ran at the same time");
                    }
                    return ctx.runIri();
                })
                .build();
        Plan plan = plan(spec);
        RunHandle first = engine.start(plan);
        RunHandle second = engine.start(plan);
        RunResult r1 = first.await();
        RunResult r2 = second.await();

        assertThat(r1.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(r2.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(r1.runIri()).isNotEqualTo(r2.runIri());
        assertThat(r1.store().misses()).isEqualTo(1);
        assertThat(r2.store().misses()).isEqualTo(1);
        assertThat(r1.store().get("run")).contains(r1.runIri());
        assertThat(r2.store().get("run")).contains(r2.runIri());
        assertThat(r1.record().graph().contains(NodeFactory.createURI(r2.runIri()), null, null)).isFalse();
    }

    // ------------------------------------------------------------------ limits and priority

    /**
     * Two independent tasks that one limit must keep apart: each waits up to 200 ms for the other to be
     * running at the same time. The wait is no synchronisation: the assertion holds whatever the timing.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"agent", "phase", "resource"})
    void aLimitOfOneNeverLetsTwoTasksOverlap(String limit) {
        String spec = switch (limit) {
            case "agent" -> """
                    :p1 a sg:Phase ; sg:order 1 .
                    :solo a sg:Agent .
                    :t1 a sg:Task ; sg:agent :solo ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                    :t2 a sg:Task ; sg:agent :solo ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                    """;
            case "phase" -> """
                    :p1 a sg:Phase ; sg:order 1 ; sg:maxParallel 1 .
                    :x a sg:Agent . :y a sg:Agent .
                    :t1 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                    :t2 a sg:Task ; sg:agent :y ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                    """;
            default -> """
                    :p1 a sg:Phase ; sg:order 1 .
                    :x a sg:Agent . :y a sg:Agent .
                    :t1 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:writes "db" ;
                       sg:estimatedDuration "PT1M"^^xsd:duration .
                    :t2 a sg:Task ; sg:agent :y ; sg:phase :p1 ; sg:handler "h" ; sg:writes "db" ;
                       sg:estimatedDuration "PT1M"^^xsd:duration .
                    :c1 a sg:Conflict ; sg:between :x , :y ; sg:resource "db" ; sg:resolution sg:FirstWins .
                    """;
        };
        CountDownLatch both = new CountDownLatch(2);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        List<Boolean> metTheOther = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .workers(4)
                .handler("h", ctx -> {
                    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                    both.countDown();
                    metTheOther.add(both.await(200, TimeUnit.MILLISECONDS));
                    active.decrementAndGet();
                    return null;
                })
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(maxActive).hasValue(1);
        assertThat(metTheOther).containsExactly(false, true); // the second found the first gone
        TaskRun t1 = task(result, "t1");
        TaskRun t2 = task(result, "t2");
        TaskRun first = t1.start().orElseThrow().compareTo(t2.start().orElseThrow()) <= 0 ? t1 : t2;
        TaskRun second = first == t1 ? t2 : t1;
        assertThat(first.end().orElseThrow()).isLessThanOrEqualTo(second.start().orElseThrow());
        if (limit.equals("resource")) {
            assertThat(result.contentions()).singleElement().satisfies(c -> {
                assertThat(c.resource()).isEqualTo("db");
                assertThat(c.holder()).isEqualTo(first.iri());
                assertThat(c.waiter()).isEqualTo(second.iri());
                assertThat(c.resolution()).isEqualTo(PlanConflict.Resolution.FIRST_WINS);
            });
        } else {
            assertThat(result.contentions()).isEmpty();
        }
    }

    @Test
    void anAgentWithConcurrencyTwoRunsTwoTasksAtOnce() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :duo a sg:Agent ; sg:concurrency 2 .
                :t1 a sg:Task ; sg:agent :duo ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :t2 a sg:Task ; sg:agent :duo ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """;
        CountDownLatch both = new CountDownLatch(2);
        RunResult result = Engine.builder()
                .handler("h", ctx -> {
                    both.countDown();
                    if (!await(both)) {
                        throw new IllegalStateException("the other task never ran at the same time");
                    }
                    return null;
                })
                .build()
                .run(plan(spec));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
    }

    @Test
    void withOneWorkerTheReadyTaskWithTheLongestRemainingPathStartsFirst() {
        // remaining paths: a 1 min, b 20 min, c 10 + 30 = 40 min, d 30 min (after c)
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT20M"^^xsd:duration .
                :c a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT10M"^^xsd:duration .
                :d a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:dependsOn :c ;
                   sg:estimatedDuration "PT30M"^^xsd:duration .
                """;
        List<String> started = new CopyOnWriteArrayList<>();
        RunResult result = Engine.builder()
                .workers(1)
                .handler("h", ctx -> {
                    started.add(ctx.task().iri());
                    return null;
                })
                .build()
                .run(plan(spec));

        List<String> expected = List.of(iri("c"), iri("d"), iri("b"), iri("a"));
        assertThat(started).containsExactlyElementsOf(expected);
        List<String> byStart = result.tasks().stream()
                .sorted((x, y) -> x.start().orElseThrow().compareTo(y.start().orElseThrow()))
                .map(TaskRun::iri).toList();
        assertThat(byStart).containsExactlyElementsOf(expected);
    }

    // ------------------------------------------------------------------ events

    @Test
    void aListenerSeesTheRunUnfoldInOrder() {
        String spec = """
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
                :dev a sg:Agent ; sg:concurrency 2 .
                :flaky a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "flaky" ; sg:retries 1 ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                :bench a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "bench" ; sg:measures :latency ;
                   sg:estimatedDuration "PT5M"^^xsd:duration .
                :ship a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ok" ; sg:estimatedDuration "PT5M"^^xsd:duration .
                :g1 a sg:Gate ; sg:closes :p1 ; sg:condition [ sg:metricMet :latency ] .
                """ + LATENCY;
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        AtomicInteger flakyCalls = new AtomicInteger();
        RunResult result = Engine.builder()
                .backoff(Duration.ZERO)
                .handler("flaky", ctx -> {
                    if (flakyCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("once");
                    }
                    return null;
                })
                .handler("bench", ctx -> {
                    ctx.measure(iri("latency"), 5);
                    return null;
                })
                .handler("ok", ctx -> null)
                .listener(events::add)
                .listener(e -> {
                    if (e instanceof RunEvent.RunStarted) {
                        throw new IllegalStateException("a broken listener must not break the run (expected in this test)");
                    }
                })
                .build()
                .run(plan(spec));
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);

        assertThat(events.get(0)).isInstanceOfSatisfying(RunEvent.RunStarted.class, e -> {
            assertThat(e.runIri()).isEqualTo(result.runIri());
            assertThat(e.workers()).isEqualTo(4);
            assertThat(e.simulated()).isFalse();
        });
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunEvent.RunFinished.class,
                e -> assertThat(e.result()).isSameAs(result));
        assertThat(events).filteredOn(e -> e instanceof RunEvent.RunStarted || e instanceof RunEvent.RunFinished).hasSize(2);

        // every attempt starts, then finishes
        for (String t : List.of("flaky", "bench", "ship")) {
            List<RunEvent> mine = events.stream().filter(e -> taskOf(e).equals(iri(t))).toList();
            assertThat(mine).as(t).allSatisfy(e -> assertThat(e).isInstanceOfAny(RunEvent.TaskStarted.class,
                    RunEvent.TaskFinished.class, RunEvent.MetricRecorded.class));
            List<String> shape = mine.stream().map(e -> switch (e) {
                case RunEvent.TaskStarted s -> "start " + s.attempt();
                case RunEvent.TaskFinished f -> "finish " + f.attempt() + " " + f.state() + (f.willRetry() ? " retry" : "");
                case RunEvent.MetricRecorded m -> "measured " + m.value().stripTrailingZeros().toPlainString();
                default -> e.toString();
            }).toList();
            switch (t) {
                case "flaky" -> assertThat(shape).containsExactly("start 1", "finish 1 FAILED retry", "start 2", "finish 2 SUCCEEDED");
                case "bench" -> assertThat(shape).containsExactly("start 1", "measured 5", "finish 1 SUCCEEDED");
                default -> assertThat(shape).containsExactly("start 1", "finish 1 SUCCEEDED");
            }
        }
        assertThat(events).filteredOn(RunEvent.MetricRecorded.class::isInstance).singleElement()
                .isInstanceOfSatisfying(RunEvent.MetricRecorded.class, m -> {
                    assertThat(m.metric().iri()).isEqualTo(iri("latency"));
                    assertThat(m.value()).isEqualByComparingTo("5");
                    assertThat(m.task().iri()).isEqualTo(iri("bench"));
                });

        // phases and the gate between them
        int p1Started = indexOf(events, e -> e instanceof RunEvent.PhaseStarted s && s.phase().iri().equals(iri("p1")));
        int p1Finished = indexOf(events, e -> e instanceof RunEvent.PhaseFinished f && f.phase().iri().equals(iri("p1")));
        int gateEvaluated = indexOf(events, e -> e instanceof RunEvent.GateEvaluated g && g.outcome().iri().equals(iri("g1")));
        int p2Started = indexOf(events, e -> e instanceof RunEvent.PhaseStarted s && s.phase().iri().equals(iri("p2")));
        int p2Finished = indexOf(events, e -> e instanceof RunEvent.PhaseFinished f && f.phase().iri().equals(iri("p2")));
        int firstP1Task = indexOf(events, e -> e instanceof RunEvent.TaskStarted s && s.task().phase().equals(iri("p1")));
        int lastP1Task = lastIndexOf(events, e -> e instanceof RunEvent.TaskFinished f && f.task().phase().equals(iri("p1")));
        int shipStarted = indexOf(events, e -> e instanceof RunEvent.TaskStarted s && s.task().iri().equals(iri("ship")));
        int shipFinished = indexOf(events, e -> e instanceof RunEvent.TaskFinished f && f.task().iri().equals(iri("ship")));
        assertThat(List.of(p1Started, firstP1Task, lastP1Task, p1Finished, gateEvaluated, p2Started, shipStarted, shipFinished,
                p2Finished, events.size() - 1)).isSorted().doesNotContain(-1).doesNotHaveDuplicates();
        assertThat(((RunEvent.PhaseFinished) events.get(p1Finished)).succeeded()).isTrue();
        assertThat(((RunEvent.GateEvaluated) events.get(gateEvaluated)).outcome().state()).isEqualTo(GateState.PASSED);
        assertThat(events).filteredOn(e -> e instanceof RunEvent.PhaseStarted || e instanceof RunEvent.PhaseFinished
                || e instanceof RunEvent.GateEvaluated).hasSize(5);
    }

    // ------------------------------------------------------------------ SLO table

    @Test
    void theSloTableShowsWhatWasMeasuredWhetherItMetTheTargetAndTheImprovement() {
        String spec = """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :bench a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "bench" ;
                   sg:measures :latency , :throughput , :errors ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :throughput a sg:Metric ; sg:baseline 50 ; sg:target 100 ; sg:unit "rps" ; sg:direction sg:Maximize .
                :errors a sg:Metric ; sg:baseline 5 ; sg:target 1 ; sg:unit "per day" ; sg:direction sg:Minimize .
                """ + LATENCY;
        RunResult result = Engine.builder()
                .handler("bench", ctx -> {
                    ctx.measure(iri("latency"), 20);
                    ctx.measure(iri("latency"), new BigDecimal("8")); // the last value counts
                    ctx.measure(iri("throughput"), 80);
                    return null;
                })
                .build()
                .run(plan(spec));

        Map<String, SloRow> rows = new HashMap<>();
        result.slos().forEach(r -> rows.put(r.metric().iri(), r));
        assertThat(rows).containsOnlyKeys(iri("latency"), iri("throughput"), iri("errors"));

        SloRow latency = rows.get(iri("latency"));
        assertThat(latency.measured()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("8"));
        assertThat(latency.met()).contains(true);
        assertThat(latency.improvement()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("12.5")); // 100 / 8

        SloRow throughput = rows.get(iri("throughput"));
        assertThat(throughput.measured()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("80"));
        assertThat(throughput.met()).contains(false);
        assertThat(throughput.improvement()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.6")); // 80 / 50

        SloRow errors = rows.get(iri("errors"));
        assertThat(errors.measured()).isEmpty();
        assertThat(errors.met()).isEmpty();
        assertThat(errors.improvement()).isEmpty();

        // every measurement is in the record, not only the last
        Model model = ModelFactory.createModelForGraph(result.record().graph());
        assertThat(select(model, "SELECT ?v WHERE { ?m a sg:Measurement ; sg:metric :latency ; sg:value ?v }"))
                .extracting(s -> new BigDecimal(s.getLiteral("v").getLexicalForm()).stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder("20", "8");
    }

    // ------------------------------------------------------------------ helpers

    private static List<QuerySolution> select(Model model, String query) {
        try (QueryExecution exec = QueryExecution.create(SPARQL_PREFIXES + query, model)) {
            ResultSet rows = exec.execSelect();
            List<QuerySolution> out = new ArrayList<>();
            rows.forEachRemaining(out::add);
            return out;
        }
    }

    private static String taskOf(RunEvent e) {
        return switch (e) {
            case RunEvent.TaskStarted s -> s.task().iri();
            case RunEvent.TaskFinished f -> f.task().iri();
            case RunEvent.MetricRecorded m -> m.task().iri();
            default -> "";
        };
    }

    private static int indexOf(List<RunEvent> events, Predicate<RunEvent> match) {
        for (int i = 0; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<RunEvent> events, Predicate<RunEvent> match) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
