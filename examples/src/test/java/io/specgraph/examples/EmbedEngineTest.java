package io.specgraph.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.run.GateOutcome;
import io.specgraph.run.GateState;
import io.specgraph.run.RunResult;
import io.specgraph.run.SloRow;
import io.specgraph.run.TaskRun;
import io.specgraph.run.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedEngineTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo", ".."));
    private static final Path SPEC = REPO.resolve("specs/review-all");
    private static final String NS = EmbedEngine.NS;

    @Test
    void reviewsTheEngineSourcesWithOneAnalysisAndFiveCacheHits() {
        EmbedEngine.Outcome outcome = EmbedEngine.review(SPEC, REPO.resolve("engine/src"), null);
        RunResult r = outcome.result();

        assertThat(r.succeeded()).as(r.outcome() + ": " + r.tasks()).isTrue();
        assertThat(r.tasks()).hasSize(7).allSatisfy(t -> assertThat(t.state()).as(t.iri()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(r.store().misses()).isEqualTo(1);
        assertThat(r.store().hits()).isEqualTo(5);
        assertThat(r.store().keys()).containsExactly(EmbedEngine.ANALYSIS_KEY);

        assertThat(outcome.report())
                .contains("5 reviews built on one analysis")
                .contains("quality: ", "best practices: ", "architecture: ", "performance: ", "security: ")
                .doesNotContain("(no review)");

        Map<String, GateOutcome> gates = r.gates().stream().collect(Collectors.toMap(GateOutcome::iri, g -> g));
        assertThat(gates.get(NS + "analysis-gate").state()).isEqualTo(GateState.PASSED);
        assertThat(gates.get(NS + "analysis-gate").conditions())
                .anySatisfy(c -> assertThat(c.detail()).isEqualTo("predicate \"codebase-analysis-cached\" holds"));
        assertThat(gates.get(NS + "reviews-gate").state()).as(gates.get(NS + "reviews-gate").reason()).isEqualTo(GateState.PASSED);

        // the last hit rate recorded is after the fifth read: 5 hits of 6 reads
        Map<String, SloRow> slos = r.slos().stream().collect(Collectors.toMap(s -> s.metric().iri(), s -> s));
        assertThat(slos.get(NS + "context-cache-hit-rate").measured()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("83.3"));
        assertThat(slos.get(NS + "codebase-analyses-per-run").measured()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1"));
        assertThat(slos.get(NS + "progress-visibility").measured()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("100"));
        assertThat(slos.values()).allSatisfy(s -> assertThat(s.met()).as(s.metric().label()).contains(true));
    }

    @Test
    void theReviewersRunAfterTheAnalysisAndTheSynthesisLast() {
        RunResult r = EmbedEngine.review(SPEC, REPO.resolve("engine/src"), null).result();
        TaskRun analyse = r.task(NS + "analyse-codebase").orElseThrow();
        TaskRun synthesise = r.task(NS + "synthesise").orElseThrow();
        for (String review : new String[] {"review-quality", "review-best-practices", "review-architecture",
                "review-performance", "review-security"}) {
            TaskRun t = r.task(NS + review).orElseThrow();
            assertThat(t.start().orElseThrow()).as(review).isGreaterThanOrEqualTo(analyse.end().orElseThrow());
            assertThat(t.end().orElseThrow()).as(review).isLessThanOrEqualTo(synthesise.start().orElseThrow());
        }
    }

    @Test
    void findingsAreDerivedFromTheFolderGiven(@TempDir Path dir) throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(pkg.resolve("A.java"), """
                package demo;

                /** Documented. */
                class A {
                    // TODO split
                    synchronized void f() throws Exception {
                        new ProcessBuilder("ls").start();
                    }
                }
                """);
        Files.writeString(pkg.resolve("B.java"), "package demo;\nclass B {}\n");
        Files.writeString(dir.resolve("notes.txt"), "one\ntwo\n");
        Files.createDirectories(dir.resolve("target")).resolve("Ignored.java").toFile().createNewFile();

        EmbedEngine.Outcome outcome = EmbedEngine.review(SPEC, dir, null);

        assertThat(outcome.result().succeeded()).isTrue();
        assertThat(outcome.report())
                .contains("3 files, 13 lines")
                .contains("quality: 13 lines in 3 files (4 per file); the largest is " + Path.of("src/demo/A.java")
                        + " (9 lines); 0 files over 500 lines")
                .contains("best practices: TODO or FIXME on 1 line, 0 broad catches of Exception or Throwable,"
                        + " 1 of 2 Java files without a Javadoc comment")
                .contains("architecture: 2 Java files in 1 package; the largest, demo, holds 2")
                .contains("performance: synchronized on 1 line, Thread.sleep on 0 lines, new Thread( on 0 lines")
                .contains("security: processes started (ProcessBuilder, Runtime.exec) on 1 line, setAccessible(true) on 0 lines");
    }

    @Test
    void mainPrintsTheReportTimelineAndStoreCounts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = EmbedEngine.run(new String[] {REPO.resolve("engine/src").toString(), SPEC.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out)
                .contains("started  Analyse the codebase")      // live progress
                .contains("5 reviews built on one analysis")    // the report
                .contains("timeline: SUCCEEDED")
                .contains("SUCCEEDED Synthesise the reviews")
                .contains("PASSED  Analysis Gate")
                .contains("Context cache hit rate: 83.3 %")
                .contains("context store: 5 hits, 1 miss (keys: codebase-analysis)");
    }

    @Test
    void aMissingFolderIsBadInput(@TempDir Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = EmbedEngine.run(new String[] {dir.resolve("nope").toString(), SPEC.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("is not a folder");
    }
}
