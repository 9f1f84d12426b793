package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.report.RunReportHtml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The report's timeline says a task waited for a resource only when the other writer was writing while it waited.
 * Compile and Lint both write Cargo.toml: Compile's first attempt runs first and fails, Lint waits for it, and
 * Compile's retry waits for Lint. A first attempt of Compile that started a little after it was ready (a busy
 * machine) waited for a slot, not for Lint, which had not started: the retry's contention does not explain it.
 */
class ReportedWaitsTest {
    static final String NS = "https://example.org/waits#";

    @Test
    void aFirstAttemptsWaitIsNotExplainedByTheContentionOfItsRetry() {
        Plan plan = Specgraph.load(l -> l.string("waits.ttl", """
                @prefix :     <https://example.org/waits#> .
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :alice a sg:Agent ; rdfs:label "Alice" .
                :bob a sg:Agent ; rdfs:label "Bob" .
                :compile a sg:Task ; rdfs:label "Compile" ; sg:agent :alice ; sg:phase :p1 ; sg:handler "compile" ;
                    sg:estimatedDuration "PT2H"^^xsd:duration ; sg:writes "Cargo.toml" ; sg:retries 1 .
                :lint a sg:Task ; rdfs:label "Lint" ; sg:agent :bob ; sg:phase :p1 ; sg:handler "lint" ;
                    sg:estimatedDuration "PT1H"^^xsd:duration ; sg:writes "Cargo.toml" .
                """)).plan();
        AtomicInteger compiles = new AtomicInteger();
        RunResult run = Engine.builder().backoff(Duration.ofMillis(1))
                .handler("compile", ctx -> {
                    Thread.sleep(30);
                    if (compiles.incrementAndGet() == 1) {
                        throw new IllegalStateException("first try fails");
                    }
                    return null;
                })
                .handler("lint", ctx -> {
                    Thread.sleep(30);
                    return null;
                })
                .build().run(plan);
        assertThat(run.succeeded()).isTrue();
        // the two contentions such a run has (which one a run meets depends on its timing: stated here, not awaited)
        List<Contention> both = List.of(new Contention("Cargo.toml", NS + "compile", NS + "lint", java.util.Optional.empty()),
                new Contention("Cargo.toml", NS + "lint", NS + "compile", java.util.Optional.empty()));

        // as a busy machine has it: Compile's first attempt starts 5 ms after the run, ready at 0; Lint was not writing then
        TaskRun compile = run.task(NS + "compile").orElseThrow();
        List<Attempt> attempts = new ArrayList<>(compile.attempts());
        Attempt first = attempts.get(0);
        Duration late = Duration.ofMillis(5);
        assertThat(run.task(NS + "lint").orElseThrow().attempts().get(0).start()).isGreaterThan(first.end());
        attempts.set(0, new Attempt(first.number(), first.state(), first.start().plus(late), first.end(),
                first.startedAt().plus(late), first.endedAt(), first.reason()));
        List<TaskRun> tasks = run.tasks().stream().map(t -> t == compile
                ? new TaskRun(t.task(), t.state(), t.reason(), attempts, t.compensation()) : t).toList();
        RunResult busy = new RunResult(run.plan(), run.runIri(), run.outcome(), tasks, run.gates(), run.slos(), both,
                run.startedAt(), run.wallTime(), run.workers(), run.timeScale(), run.store(), run.record(), java.util.Map.of());

        String html = RunReportHtml.write(busy);
        assertThat(html).doesNotContain("Compile waited");
        assertThat(html).contains("Lint waited");
    }
}
