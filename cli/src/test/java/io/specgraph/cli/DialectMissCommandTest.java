package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when a dialect does not fit the files, or one of its queries does not parse. */
class DialectMissCommandTest {
    @TempDir
    Path dir;

    @Test
    void aDialectThatMapsNothingSaysSoWithBothNamespacesAndTheSummaryIsNotNearlyClosed() throws IOException {
        Path spec = Files.createDirectories(dir.resolve("spec"));
        Files.writeString(spec.resolve("plan.ttl"), """
                @prefix : <https://ggen.dev/spec#> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                :Task1 a owl:Class ; :taskName "Build" ; :agent "Builder" .
                :Task2 a owl:Class ; :taskName "Test" ; :depends (:Task1) .
                """);

        Run run = Run.of("validate", spec.toString(), "--dialect", "ggen");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("dialect ggen mapped nothing (0 of 2 source subjects): its queries expect"
                + " https://ggen.io/spec/007/; these files use https://ggen.dev/spec#");
        assertThat(run.out()).contains("violation [dialect-subject-mapped]").doesNotContain("would be needed")
                .contains("the dialect produced no specgraph term");
    }

    @Test
    void aQueryThatDoesNotParseIsReportedAtItsLineInTheRqFile() throws IOException {
        Path dialect = Files.createDirectories(dir.resolve("dialects").resolve("mine"));
        Path query = Files.writeString(dialect.resolve("1-tasks.rq"), """
                PREFIX sg: <https://w3id.org/specgraph#>
                CONSTRUCT { ?t a sg:Task }
                WHERE { ?t <https://ex.org/step> ?x
                """);
        Path spec = Files.createDirectories(dir.resolve("spec"));
        Files.writeString(spec.resolve("plan.ttl"), "<https://ex.org/a> <https://ex.org/step> \"x\" .\n");

        Run run = Run.of("validate", spec.toString(), "--dialect", "mine", "--dialect-dir", dir.resolve("dialects").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(query + ":3:").contains("the query does not parse").doesNotContain("at line");
    }
}
