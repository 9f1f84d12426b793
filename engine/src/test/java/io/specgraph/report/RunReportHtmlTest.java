package io.specgraph.report;

import static io.specgraph.report.Page.hasClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * The HTML run report read as a browser would get it, through a real XML parser: well-formed, nothing fetched,
 * and every part a person looks for — a bar per attempt, retries apart, waits, gates as milestones, the critical
 * path, the estimate beside the run, the plan graph by phase, gate conditions, SLOs, contentions, closure.
 */
class RunReportHtmlTest {
    private static final String NS = "https://example.org/html-report#";

    /**
     * Two writers of one resource (a contention), a task that fails once and is retried, a gate on a metric and
     * an ASK, a compensation, and a title and reason with markup and control characters in them.
     */
    private static final String SPEC = """
            @prefix :        <https://example.org/html-report#> .
            @prefix sg:      <https://w3id.org/specgraph#> .
            @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
            @prefix dcterms: <http://purl.org/dc/terms/> .

            :spec a sg:Spec ; dcterms:title "Ship <script>alert(1)</script> & \\"friends\\"" ; sg:goal "Exercise the report" .
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
            :alice a sg:Agent ; rdfs:label "Alice" ; sg:responsibility "builds" .
            :bob   a sg:Agent ; rdfs:label "Bob" ; sg:responsibility "checks" .
            :compile a sg:Task ; rdfs:label "Compile" ; sg:agent :alice ; sg:phase :p1 ; sg:handler "compile" ;
                sg:estimatedDuration "PT2H"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed ;
                sg:writes "Cargo.toml" ; sg:compensatedBy :undo ; sg:retries 1 .
            :lint a sg:Task ; rdfs:label "Lint" ; sg:agent :bob ; sg:phase :p1 ; sg:handler "lint" ;
                sg:estimatedDuration "PT1H"^^xsd:duration ; sg:writes "Cargo.toml" .
            :undo a sg:Task ; rdfs:label "Undo the build" ; sg:agent :alice ; sg:phase :p1 ; sg:handler "undo" ;
                sg:estimatedDuration "PT10M"^^xsd:duration .
            :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :alice ; sg:phase :p2 ; sg:dependsOn :built ;
                sg:handler "ship" ; sg:estimatedDuration "PT30M"^^xsd:duration .
            :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :compile , :lint ; sg:owner :bob ;
                sg:condition [ sg:metricMet :speed ] ,
                    [ sg:ask "PREFIX sg: <https://w3id.org/specgraph#> ASK { ?t a sg:Task }" ] .
            :speed a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :compile .
            :slow a sg:Bottleneck ; rdfs:label "Slow build" ; sg:severity sg:High .
            :c1 a sg:Conflict ; rdfs:label "Manifest" ; sg:between :alice , :bob ; sg:resource "Cargo.toml" ;
                sg:resolution sg:Serialize .
            """;

    private static Spec spec() {
        return Specgraph.load(l -> l.string("report.ttl", SPEC));
    }

    /** A real run: compile fails its first attempt (with markup and an escape in the error), then measures. */
    private static RunResult run(Plan plan, double buildTime) {
        AtomicInteger compiles = new AtomicInteger();
        return Engine.builder()
                .backoff(Duration.ofMillis(5))
                .handler("compile", ctx -> {
                    Thread.sleep(30);
                    if (compiles.incrementAndGet() == 1) {
                        throw new IllegalStateException("linker said \u001b[31m</svg><b>boom</b>\u001b[0m");
                    }
                    ctx.measure(NS + "speed", buildTime);
                    return "binary";
                })
                .handler("lint", ctx -> {
                    Thread.sleep(30);
                    return null;
                })
                .handler("undo", ctx -> null)
                .handler("ship", ctx -> {
                    Thread.sleep(10);
                    return null;
                })
                .build()
                .run(plan);
    }

    /** The most attempts that ran at the same time. */
    private static int mostAtOnce(RunResult result) {
        List<long[]> edges = new ArrayList<>();
        result.tasks().forEach(t -> t.attempts().forEach(a -> {
            edges.add(new long[] {a.start().toNanos(), 1});
            edges.add(new long[] {a.end().toNanos(), -1});
        }));
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int most = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            most = Math.max(most, now);
        }
        return most;
    }

    @Test
    void thePageIsWellFormedAndFetchesNothing() {
        Spec spec = spec();
        RunResult result = run(spec.plan(), 8);
        String html = RunReportHtml.write(result, spec.validate());
        assertThat(html).startsWith("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"");
        Page page = Page.parse(html);
        assertThat(page.count("//script | //link | //img | //iframe | //object | //embed | //base")).isZero();
        for (Element e : page.all("//*")) {
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (a.getName().equals("href") || a.getName().endsWith(":href") || a.getName().equals("src")) {
                    assertThat(a.getValue()).as("<%s %s>", e.getTagName(), a.getName()).startsWith("#");
                }
                if (!a.getName().startsWith("xmlns")) {
                    assertThat(a.getValue()).as("<%s %s>", e.getTagName(), a.getName()).doesNotContain("://");
                }
            }
        }
        assertThat(page.texts("//style")).singleElement().asString().doesNotContain("url(").doesNotContain("@import")
                .doesNotContain("@font-face");
        assertThat(page.all("//a")).allSatisfy(a -> assertThat(page.count("//*[@id='" + a.getAttribute("href").substring(1)
                + "']")).as(a.getAttribute("href")).isEqualTo(1));
        assertThat(RunReportHtml.write(result, spec.validate())).as("the same result gives the same page").isEqualTo(html);
    }

    @Test
    void textFromTheSpecAndTheRunIsEscapedNotInterpreted() {
        Spec spec = spec();
        RunResult result = run(spec.plan(), 8);
        Page page = Page.parse(RunReportHtml.write(result));
        assertThat(page.texts("//h1")).containsExactly("Ship <script>alert(1)</script> & \"friends\" — run report");
        assertThat(page.count("//b")).isZero();
        String retried = String.join("\n", page.texts("//section[@id='tasks']//li"));
        assertThat(retried).contains("linker said ?[31m</svg><b>boom</b>?[0m").doesNotContain("\u001b");
    }

    @Test
    void theTimelineHasABarPerAttemptWithRetriesApartWaitsAndGatesAsMilestones() {
        Spec spec = spec();
        Plan plan = spec.plan();
        RunResult result = run(plan, 8);
        assertThat(result.succeeded()).isTrue();
        Page page = Page.parse(RunReportHtml.write(result));
        int attempts = result.tasks().stream().mapToInt(t -> t.attempts().size()).sum();
        assertThat(attempts).isEqualTo(4);

        String byWorker = "//svg[" + hasClass("by-worker") + "]";
        assertThat(page.count(byWorker + "//rect[" + hasClass("bar") + "]")).isEqualTo(attempts);
        assertThat(page.count(byWorker + "//rect[" + hasClass("retry") + "]")).as("compile's first attempt").isEqualTo(1);
        assertThat(page.texts(byWorker + "//rect[" + hasClass("retry") + "]/title")).singleElement().asString()
                .startsWith("Compile — failed, attempt 1 of 2");
        assertThat(page.count(byWorker + "//rect[" + hasClass("bar") + " and " + hasClass("s-succeeded") + "]")).isEqualTo(3);
        assertThat(page.count(byWorker + "//text[" + hasClass("lane-label") + "]"))
                .as("a lane per worker: as many as attempts ever ran at once").isEqualTo(mostAtOnce(result));
        // lint and compile write Cargo.toml: the one that waited shows it on its lane
        assertThat(page.texts(byWorker + "//line[" + hasClass("resource") + "]/title")).singleElement().asString()
                .contains("for \"Cargo.toml\", which");
        assertThat(page.count(byWorker + "//g[" + hasClass("milestone") + " and " + hasClass("g-passed") + "]")).isEqualTo(1);
        // the critical path runs compile → built → ship: compile's two attempts and ship are outlined
        assertThat(page.count(byWorker + "//rect[" + hasClass("bar") + " and " + hasClass("critical") + "]")).isEqualTo(3);
        assertThat(page.texts(byWorker + "//g[" + hasClass("phase") + "]/text/title")).containsExactly("Build", "Ship");

        String byAgent = "//svg[" + hasClass("by-agent") + "]";
        assertThat(page.texts(byAgent + "//text[" + hasClass("lane-label") + "]/title")).containsExactly("Alice", "Bob");
        assertThat(page.count(byAgent + "//rect[" + hasClass("bar") + "]")).isEqualTo(attempts);
        // the switch between the two works without script: two radio buttons ahead of both charts
        assertThat(page.count("//section[@id='timeline']/input[@type='radio' and @name='lanes']")).isEqualTo(2);
        assertThat(page.texts("//style")).singleElement().asString()
                .contains("#lanes-worker:checked ~ .by-agent { display: none; }")
                .contains("#lanes-agent:checked ~ .by-worker { display: none; }");

        String estimate = "//svg[" + hasClass("estimate") + "]";
        assertThat(page.texts(estimate + "//rect[" + hasClass("bar") + "]/title"))
                .as("every scheduled task once, at its estimate, the two writers of Cargo.toml one after the other")
                .containsExactlyInAnyOrder("Compile — estimated 2 h, from 0 ms to 2 h; on the critical path",
                        "Lint — estimated 1 h, from 2 h to 3 h",
                        "Ship — estimated 30 min, from 3 h to 3.5 h; on the critical path");
        assertThat(page.texts(estimate + "//g[" + hasClass("milestone") + "]/title")).containsExactly("Built — expected at 3 h");
    }

    @Test
    void aFailedGateIsAFailedMilestoneAndWhatItBlockedIsListed() {
        Spec spec = spec();
        RunResult result = run(spec.plan(), 20);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        Page page = Page.parse(RunReportHtml.write(result));
        assertThat(page.count("//svg[" + hasClass("by-worker") + "]//g[" + hasClass("milestone") + " and "
                + hasClass("g-failed") + "]")).isEqualTo(1);
        assertThat(page.texts("//header/p[" + hasClass("outcome") + "]")).containsExactly("run failed");
        List<String> rows = page.rows("//section[@id='tasks']//tbody/tr");
        assertThat(rows).anySatisfy(r -> assertThat(r).isEqualTo("Ship | Alice | skipped | 0 | gate Built did not pass"))
                .anySatisfy(r -> assertThat(r).startsWith("Undo the build (compensation) | Alice | succeeded | 1 |"));
        assertThat(page.texts("//svg[" + hasClass("plan-graph") + "]//g[" + hasClass("gate") + " and " + hasClass("g-failed")
                + "]/title")).singleElement().asString().startsWith("gate Built — failed");
    }

    @Test
    void thePlanGraphHasAClusterPerPhaseGatesApartAndTheCriticalPathMarked() {
        Spec spec = spec();
        Plan plan = spec.plan();
        Page page = Page.parse(RunReportHtml.write(run(plan, 8)));
        String graph = "//svg[" + hasClass("plan-graph") + "]";
        assertThat(page.texts(graph + "/g[" + hasClass("cluster") + "]/text")).containsExactly("Build", "Ship");
        assertThat(page.count(graph + "//g[" + hasClass("node") + " and " + hasClass("task") + "]")).isEqualTo(3);
        assertThat(page.count(graph + "//g[" + hasClass("node") + " and " + hasClass("gate") + "]/polygon")).isEqualTo(1);
        assertThat(page.count(graph + "//path[" + hasClass("edge") + "]")).isEqualTo(plan.edges().size());
        assertThat(plan.criticalPath().nodes()).containsExactly(NS + "compile", NS + "built", NS + "ship");
        assertThat(page.count(graph + "//g[" + hasClass("node") + " and " + hasClass("critical") + "]")).isEqualTo(3);
        assertThat(page.count(graph + "//path[" + hasClass("critical") + "]")).isEqualTo(2);
        assertThat(page.texts("//p[" + hasClass("critical-path") + "]"))
                .containsExactly("Critical path: Compile → ◆ Built → Ship");
    }

    @Test
    void gatesSlosContentionsAndClosureAreTables() {
        Spec spec = spec();
        ClosureReport closure = spec.validate();
        RunResult result = run(spec.plan(), 8);
        Page page = Page.parse(RunReportHtml.write(result, closure));
        List<String> conditions = page.rows("//section[@id='gates']//tbody/tr");
        assertThat(conditions).hasSize(3);
        assertThat(conditions.get(0)).matches("Built \\| passed \\| \\d+ ms \\| requirements built \\| passed \\| .*");
        assertThat(conditions.get(1)).startsWith("sg:metricMet speed | passed | Build time measured 8");
        assertThat(conditions.get(2)).as("the ASK without its PREFIX lines").startsWith("sg:ask ASK { ?t a sg:Task } | passed |");
        assertThat(page.rows("//section[@id='slos']//tbody/tr")).containsExactly("Build time | 100 | ≤ 10 | 8 | met | 12.5× | s");
        assertThat(result.contentions()).isNotEmpty();
        assertThat(page.rows("//section[@id='contentions']//tbody/tr")).hasSize(result.contentions().size()).allSatisfy(row ->
                assertThat(row).matches("Cargo.toml \\| (Lint \\| Compile|Compile \\| Lint) \\| Manifest \\| serialize"));
        assertThat(page.texts("//section[@id='closure']/p")).containsExactly(closure.summary());
        assertThat(page.count("//section[@id='closure']//tbody/tr")).isEqualTo(closure.coverage().size());
        Page without = Page.parse(RunReportHtml.write(result));
        assertThat(without.count("//section[@id='closure'] | //a[@href='#closure']"))
                .as("no closure section, and no link to one, without a closure report").isZero();
    }

    @Test
    void aSimulatedRunIsDrawnInSpecTimeOnTheEstimatesScale() {
        Spec spec = Specgraph.load(Path.of("..", "specs", "build-optimization"));
        Plan plan = spec.plan();
        RunResult result = Engine.builder().simulateInVirtualTime().build().run(plan);
        Page page = Page.parse(RunReportHtml.write(result, spec.validate()));
        // in virtual time every task takes its estimate: the run and the estimate have one axis, tick for tick
        List<String> runTicks = page.texts("//svg[" + hasClass("by-worker") + "]/g[" + hasClass("axis") + "]/text");
        assertThat(runTicks).contains("0 ms", "3 h", "30 h");
        assertThat(page.texts("//svg[" + hasClass("estimate") + "]/g[" + hasClass("axis") + "]/text")).isEqualTo(runTicks);
        int ran = result.tasks().stream().mapToInt(t -> t.attempts().size()).sum();
        assertThat(page.count("//svg[" + hasClass("by-worker") + "]//rect[" + hasClass("bar") + "]")).isEqualTo(ran);
        assertThat(page.count("//svg[" + hasClass("by-worker") + "]//g[" + hasClass("milestone") + "]"))
                .isEqualTo(plan.gates().size());
        assertThat(page.texts("//section[@id='closure']/p")).singleElement().asString().startsWith("closed: 100%");
    }
}
