package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.junit.jupiter.api.Test;

/**
 * The run report in both formats, on real runs of a small spec: a success with a measured metric met, a
 * failure where a gate fails and compensation runs, and a simulated run of an example.
 */
class RunReportWriterTest {
    private static final String NS = "https://example.org/run-report#";

    /** Two writers of one resource (a contention, declared), a gate on a metric, a compensation. */
    private static final String SPEC = """
            @prefix :        <https://example.org/run-report#> .
            @prefix sg:      <https://w3id.org/specgraph#> .
            @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
            @prefix dcterms: <http://purl.org/dc/terms/> .

            :spec a sg:Spec ; dcterms:title "Run report test" ; sg:goal "Exercise the run report" .
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
            :alice a sg:Agent ; rdfs:label "Alice" ; sg:responsibility "builds" .
            :bob   a sg:Agent ; rdfs:label "Bob" ; sg:responsibility "checks" .
            :compile a sg:Task ; rdfs:label "Compile" ; sg:agent :alice ; sg:phase :p1 ; sg:handler "compile" ;
                sg:estimatedDuration "PT1H"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed ;
                sg:writes "Cargo.toml" ; sg:compensatedBy :undo .
            :lint a sg:Task ; rdfs:label "Lint" ; sg:agent :bob ; sg:phase :p1 ; sg:handler "lint" ;
                sg:estimatedDuration "PT1H"^^xsd:duration ; sg:writes "Cargo.toml" .
            :undo a sg:Task ; rdfs:label "Undo the build" ; sg:agent :alice ; sg:phase :p1 ; sg:handler "undo" ;
                sg:estimatedDuration "PT10M"^^xsd:duration .
            :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :alice ; sg:phase :p2 ; sg:dependsOn :built ;
                sg:handler "ship" ; sg:estimatedDuration "PT30M"^^xsd:duration .
            :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :compile , :lint ; sg:owner :bob ;
                sg:condition [ sg:metricMet :speed ] .
            :speed a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :compile .
            :slow a sg:Bottleneck ; rdfs:label "Slow build" ; sg:severity sg:High .
            :c1 a sg:Conflict ; rdfs:label "Manifest" ; sg:between :alice , :bob ; sg:resource "Cargo.toml" ;
                sg:resolution sg:Serialize .
            """;

    private static Plan plan() {
        return Specgraph.load(l -> l.string("report.ttl", SPEC)).plan();
    }

    private static RunResult run(double buildTime) {
        return Engine.builder()
                .handler("compile", ctx -> {
                    ctx.store().get("nothing");
                    ctx.store().put("built", true);
                    ctx.store().get("built");
                    ctx.measure(NS + "speed", buildTime);
                    return "binary";
                })
                .handler("lint", ctx -> null)
                .handler("undo", ctx -> null)
                .handler("ship", ctx -> null)
                .build()
                .run(plan());
    }

    @Test
    void textOfASuccessSummarisesTimesGatesStoreAndSlos() {
        RunResult result = run(8);
        assertThat(result.succeeded()).isTrue();
        String text = RunReportWriter.write(result, RunReportFormat.TEXT);
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("run succeeded: 3 tasks (3 succeeded), 1 gate (1 passed)");
        assertThat(lines.get(1)).startsWith("wall time ").contains(", total task time ").endsWith(" with 4 workers");
        assertThat(lines.get(2)).isEqualTo("plan (estimated durations): lower bound 2.5 h, estimated 2.5 h with 4 workers");
        assertThat(text).doesNotContain("tasks that did not succeed").doesNotContain("compensation:")
                .contains("\ngates:\n  built  passed\n")
                .contains("\"Cargo.toml\": lint waited for compile — declared c1, serialize")
                .contains("context store: 1 hit, 1 miss")
                .contains("SLOs:\n  metric      baseline → target → measured  status  improvement  unit\n"
                        + "  Build time  100 → ≤ 10 → 8                met     12.5x        s\n");
        assertThat(RunReportWriter.write(result, RunReportFormat.TEXT)).isEqualTo(text);
    }

    @Test
    void textOfAFailureNamesWhatDidNotSucceedTheGateAndTheCompensation() {
        RunResult result = run(20);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        String text = RunReportWriter.write(result, RunReportFormat.TEXT);
        assertThat(text.lines().findFirst().orElseThrow())
                .isEqualTo("run failed: 3 tasks (2 succeeded, 1 skipped), 1 gate (1 failed), 1 compensation (1 succeeded)");
        assertThat(text)
                .contains("tasks that did not succeed:\n  ship  skipped: gate Built did not pass\n")
                .contains("compensation:\n  undo  succeeded: compensating Compile\n")
                .contains("built  failed: Build time measured 20.0 s, target ≤ 10.0 s")
                .contains("Build time  100 → ≤ 10 → 20")
                .contains("not met")
                .contains("5x");
    }

    @Test
    void jsonCarriesTheWholeResultInTheDocumentedShape() {
        RunResult result = run(20);
        String json = RunReportWriter.write(result, RunReportFormat.JSON);
        assertThat(RunReportWriter.write(result, RunReportFormat.JSON)).isEqualTo(json);
        JsonObject root = JSON.parse(json);
        assertThat(root.keys()).containsExactly("schema", "run", "startedAt", "outcome", "workers", "timeScale", "virtualTime",
                "wallTimeMs", "totalTaskTimeMs", "speedup", "lowerBoundMs", "estimatedMakespanMs", "simulatedMakespanMs",
                "tasks", "gates", "slos", "contentions", "store");
        assertThat(root.getString("schema")).isEqualTo(RunReportWriter.JSON_SCHEMA);
        assertThat(root.getString("run")).isEqualTo(result.runIri());
        assertThat(root.getString("outcome")).isEqualTo("failed");
        assertThat(root.getNumber("workers").intValue()).isEqualTo(4);
        assertThat(root.get("timeScale").isNull()).isTrue();
        assertThat(root.get("virtualTime").getAsBoolean().value()).isFalse();
        assertThat(root.get("simulatedMakespanMs").isNull()).isTrue();
        assertThat(root.getNumber("lowerBoundMs").longValue()).isEqualTo(result.lowerBound().toMillis());
        assertThat(root.getNumber("wallTimeMs").longValue()).isEqualTo(result.wallTime().toMillis());

        JsonArray tasks = root.get("tasks").getAsArray();
        assertThat(tasks.size()).isEqualTo(4);
        JsonObject compile = task(tasks, "compile");
        assertThat(compile.getString("state")).isEqualTo("succeeded");
        assertThat(compile.getString("label")).isEqualTo("Compile");
        assertThat(compile.get("compensation").getAsBoolean().value()).isFalse();
        JsonObject attempt = compile.get("attempts").getAsArray().get(0).getAsObject();
        assertThat(attempt.keys()).containsExactly("number", "state", "startMs", "endMs", "reason");
        assertThat(attempt.getNumber("number").intValue()).isEqualTo(1);
        assertThat(attempt.getString("state")).isEqualTo("succeeded");
        JsonObject ship = task(tasks, "ship");
        assertThat(ship.getString("state")).isEqualTo("skipped");
        assertThat(ship.getString("reason")).isEqualTo("gate Built did not pass");
        assertThat(ship.get("attempts").getAsArray().isEmpty()).isTrue();
        assertThat(task(tasks, "undo").get("compensation").getAsBoolean().value()).isTrue();

        JsonObject gate = root.get("gates").getAsArray().get(0).getAsObject();
        assertThat(gate.getString("iri")).isEqualTo(NS + "built");
        assertThat(gate.getString("state")).isEqualTo("failed");
        JsonArray conditions = gate.get("conditions").getAsArray();
        assertThat(conditions.get(0).getAsObject().getString("kind")).isEqualTo("requirements");
        JsonObject metric = conditions.get(1).getAsObject();
        assertThat(metric.getString("kind")).isEqualTo("metric_met");
        assertThat(metric.getString("value")).isEqualTo(NS + "speed");
        assertThat(metric.getString("status")).isEqualTo("failed");

        JsonObject slo = root.get("slos").getAsArray().get(0).getAsObject();
        assertThat(slo.getString("metric")).isEqualTo(NS + "speed");
        assertThat(slo.getString("direction")).isEqualTo("minimize");
        assertThat(slo.getNumber("baseline").doubleValue()).isEqualTo(100.0);
        assertThat(slo.getNumber("target").doubleValue()).isEqualTo(10.0);
        assertThat(slo.getNumber("measured").doubleValue()).isEqualTo(20.0);
        assertThat(slo.get("met").getAsBoolean().value()).isFalse();
        assertThat(slo.getNumber("improvement").doubleValue()).isEqualTo(5.0);
        assertThat(slo.getString("unit")).isEqualTo("s");

        JsonObject contention = root.get("contentions").getAsArray().get(0).getAsObject();
        assertThat(contention.getString("resource")).isEqualTo("Cargo.toml");
        assertThat(contention.getString("holder")).isEqualTo(NS + "compile");
        assertThat(contention.getString("waiter")).isEqualTo(NS + "lint");
        assertThat(contention.getString("conflict")).isEqualTo(NS + "c1");
        assertThat(contention.getString("resolution")).isEqualTo("serialize");
        assertThat(root.getObj("store").getNumber("hits").longValue()).isEqualTo(1);
        assertThat(root.getObj("store").getNumber("misses").longValue()).isEqualTo(1);
    }

    @Test
    void aSimulatedRunReportsItsScaleAndMakespanInSpecTime() {
        Plan plan = Specgraph.load(Path.of("..", "specs", "codegen")).plan();
        RunResult result = Engine.builder().simulate(0.01).build().run(plan);
        String text = RunReportWriter.write(result, RunReportFormat.TEXT);
        assertThat(text).contains("simulated at time scale 0.01: makespan ")
                .contains(" in spec time; plan: lower bound 1.6 s, estimated 1.6 s with 4 workers")
                .contains("not measured");
        JsonObject root = JSON.parse(RunReportWriter.write(result, RunReportFormat.JSON));
        assertThat(root.getNumber("timeScale").doubleValue()).isEqualTo(0.01);
        assertThat(root.getNumber("simulatedMakespanMs").longValue())
                .isEqualTo(result.simulatedMakespan().orElseThrow().toMillis())
                .isGreaterThanOrEqualTo(result.lowerBound().toMillis());
        for (JsonValue slo : root.get("slos").getAsArray()) {
            assertThat(slo.getAsObject().get("measured").isNull()).isTrue();
            assertThat(slo.getAsObject().get("met").isNull()).isTrue();
        }
    }

    private static JsonObject task(JsonArray tasks, String local) {
        return tasks.stream().map(JsonValue::getAsObject).filter(t -> t.getString("iri").equals(NS + local))
                .findFirst().orElseThrow();
    }
}
