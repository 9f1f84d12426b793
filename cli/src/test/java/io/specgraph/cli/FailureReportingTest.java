package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the command line fails: what is the input's fault exits 2 with a message that says what to do, a bug
 * exits 3 with one line, and no stack trace reaches the user unless asked for with {@code --stacktrace}.
 */
class FailureReportingTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    @TempDir
    Path dir;

    private static boolean hasStackTrace(String text) {
        return text.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"));
    }

    /** A closure query nested 100,000 deep overflows any parser's stack: bad input, one message, no trace. */
    @Test
    void aQueryNestedTooDeeplyIsBadInputWithoutATrace() throws Exception {
        Path query = dir.resolve("deep.rq");
        Files.writeString(query, "SELECT ?this WHERE { ?this ?p ?o FILTER(" + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ") }");

        Run run = Run.of("validate", REPO.resolve("specs/review-all").toString(), "--query", query.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("nested too deeply");
        assertThat(hasStackTrace(run.err())).as(run.err()).isFalse();
        assertThat(run.err().lines().count()).isLessThanOrEqualTo(3);
    }

    /** Found in review: a --query rule stopped by the run-time confinement was reported as a bug (exit 3). */
    @Test
    void aClosureQueryStoppedWhenItRunsIsBadInput() throws Exception {
        Path query = dir.resolve("computed.rq");
        Files.writeString(query, "SELECT ?this WHERE { ?this ?p ?o FILTER(CALL(IRI(CONCAT('jav', 'a:x.Y')))) }");

        Run run = Run.of("validate", REPO.resolve("specs/review-all").toString(), "--query", query.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains(query + ": the query was stopped: ").contains("a closure query may only read the spec");
        assertThat(hasStackTrace(run.err())).isFalse();
    }

    @Test
    void anInternalErrorIsOneLineAndExitThreeAndTheTraceComesOnlyWhenAsked() {
        StringWriter brief = new StringWriter();
        int code = Failures.report(new IllegalStateException("the core lost a node\nsecond line"), new PrintWriter(brief), false);

        assertThat(code).isEqualTo(Main.INTERNAL_ERROR);
        assertThat(brief.toString().lines().toList()).hasSize(2);
        assertThat(brief.toString()).startsWith("specgraph: internal error: java.lang.IllegalStateException: the core lost a node (at ")
                .contains("please report it").contains("--stacktrace").doesNotContain("second line");

        StringWriter full = new StringWriter();
        Failures.report(new IllegalStateException("the core lost a node"), new PrintWriter(full), true);
        assertThat(hasStackTrace(full.toString())).isTrue();
    }

    @Test
    void runningOutOfMemoryIsALimitNotABug() {
        StringWriter err = new StringWriter();
        int code = Failures.report(new RuntimeException("wrapped", new OutOfMemoryError("Java heap space")), new PrintWriter(err), false);

        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(err.toString()).contains("out of memory (Java heap space)").contains("--max-triples").contains("-Xmx");
        assertThat(hasStackTrace(err.toString())).isFalse();
    }

    @Test
    void theStackTraceOptionIsAcceptedAfterAnySubcommand() {
        Run run = Run.of("validate", REPO.resolve("specs/review-all").toString(), "--stacktrace");
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
    }
}
