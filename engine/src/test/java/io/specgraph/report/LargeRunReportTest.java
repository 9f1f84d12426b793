package io.specgraph.report;

import static io.specgraph.report.Page.hasClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A 10,000-task run gives a page a browser opens at once: a few hundred kilobytes, bars merged where they touch,
 * lanes capped, the plan graph drawn phase by phase, every table cut to its first rows with a count of the rest.
 */
class LargeRunReportTest {
    private static final int TASKS = 10_000;
    private static final int PHASES = 4;
    private static final int AGENTS = 80;

    /** Tasks in phases in order, each depending on the one 13 before it in its phase; gates close phases 1–3. */
    private static String spec() {
        StringBuilder s = new StringBuilder("""
                @prefix :     <https://example.org/large#> .
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
                :spec a sg:Spec ; rdfs:label "Large" ; sg:goal "A report of ten thousand tasks" .
                """);
        for (int a = 0; a < AGENTS; a++) {
            s.append(":a").append(a).append(" a sg:Agent ; rdfs:label \"Agent ").append(a).append("\" ; sg:concurrency 2 .\n");
        }
        for (int p = 1; p <= PHASES; p++) {
            s.append(":p").append(p).append(" a sg:Phase ; rdfs:label \"Phase ").append(p).append("\" ; sg:order ").append(p)
                    .append(" .\n");
            int last = p * TASKS / PHASES - 1;
            s.append(":m").append(p).append(" a sg:Metric ; rdfs:label \"Quality ").append(p).append("\" ; sg:baseline 0.0 ;")
                    .append(" sg:target 1.0 ; sg:unit \"score\" ; sg:direction sg:Maximize ; sg:measuredBy :t").append(last)
                    .append(" .\n");
            if (p < PHASES) {
                s.append(":g").append(p).append(" a sg:Gate ; rdfs:label \"Phase ").append(p).append(" done\" ; sg:closes :p")
                        .append(p).append(" ; sg:condition [ sg:metricMet :m").append(p).append(" ] .\n");
            }
        }
        for (int i = 0; i < TASKS; i++) {
            int phase = 1 + i * PHASES / TASKS;
            s.append(":t").append(i).append(" a sg:Task ; rdfs:label \"Task ").append(i).append("\" ; sg:agent :a")
                    .append(i % AGENTS).append(" ; sg:phase :p").append(phase).append(" ; sg:handler \"noop\" ;")
                    .append(" sg:estimatedDuration \"PT").append(1 + (i * 7919) % 60).append("M\"^^xsd:duration");
            if (i >= 13 && 1 + (i - 13) * PHASES / TASKS == phase) {
                s.append(" ; sg:dependsOn :t").append(i - 13);
            }
            s.append(" .\n");
        }
        return s.toString();
    }

    @Test
    void aTenThousandTaskRunIsSmallAndAggregated() {
        Plan plan = Specgraph.load(l -> l.string("large.ttl", spec())).plan();
        RunResult result = Engine.builder().workers(16).simulateInVirtualTime().build().run(plan);
        assertThat(result.tasks()).hasSize(TASKS);
        assertThat(result.succeeded()).isTrue();

        RunReportHtml.write(result); // once to load and compile the classes, as a long-running host would have
        long start = System.nanoTime();
        String html = RunReportHtml.write(result);
        long millis = (System.nanoTime() - start) / 1_000_000;
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("10k-task report: %d bytes in %d ms%n", bytes, millis);
        assertThat(millis).as("time to write the page, ms").isLessThan(10_000);
        assertThat(bytes).as("size of the page").isLessThan(1_000_000);

        Page page = Page.parse(html);
        String byWorker = "//svg[" + hasClass("by-worker") + "]";
        int workerBars = page.count(byWorker + "//rect[" + hasClass("bar") + "]");
        assertThat(workerBars).as("bars that touch on a lane are merged").isLessThan(Gantt.MAX_BARS).isGreaterThan(16);
        assertThat(page.count(byWorker + "//text[" + hasClass("lane-label") + "]")).as("lanes, at most the workers")
                .isBetween(2, 16);
        assertThat(page.texts("//section[@id='timeline']/p[" + hasClass("note") + "]"))
                .anySatisfy(n -> assertThat(n).startsWith(TASKS + " attempts drawn as " + workerBars + " bars"));
        String byAgent = "//svg[" + hasClass("by-agent") + "]";
        assertThat(page.texts(byAgent + "//text[" + hasClass("lane-label") + "]/title")).hasSize(Timeline.MAX_LANES)
                .endsWith((AGENTS - Timeline.MAX_LANES + 1) + " other agents");
        assertThat(page.count(byAgent + "//rect[" + hasClass("bar") + "]")).isLessThan(4 * Gantt.MAX_BARS);
        assertThat(page.count("//svg[" + hasClass("estimate") + "]//rect[" + hasClass("bar") + "]")).isLessThan(Gantt.MAX_BARS);
        assertThat(page.count("//svg[" + hasClass("plan-graph") + " and " + hasClass("by-phase") + "]//g[" + hasClass("cluster")
                + "]")).isEqualTo(PHASES);
        assertThat(page.count("//svg[" + hasClass("plan-graph") + "]//g[" + hasClass("node") + "]")).isZero();
    }
}
