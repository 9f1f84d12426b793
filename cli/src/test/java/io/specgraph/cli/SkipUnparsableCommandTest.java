package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every syntax error in one run, and --skip-unparsable to see the closure problems in the same run. */
class SkipUnparsableCommandTest {
    private static final String PLAN = """
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix :    <https://ex.org/s#> .
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                sg:estimatedDuration "PT1H"^^xsd:duration .
            :test a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "test" ; sg:dependsOn ( :build, :lint ) .
            :lint a sg:Task ; sg:agent Dev ; sg:phase :p1 ; sg:handler "lint" .
            """;

    @TempDir
    Path dir;

    @Test
    void withoutTheOptionEverySyntaxErrorIsListedAndTheMessageNamesTheOption() throws IOException {
        Path plan = write("plan.ttl", PLAN);

        Run run = Run.of("validate", dir.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(plan + ":8:91: syntax error:").contains("not commas")
                .contains(plan + ":9:28: syntax error:").contains("Dev is a name without a prefix")
                .contains("run with --skip-unparsable to check what parses");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validateWithTheOptionReportsTheStatementsLeftOutAsViolationsAndExitsOne() throws IOException {
        Path plan = write("plan.ttl", PLAN);

        Run run = Run.of("validate", dir.toString(), "--skip-unparsable");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains(plan + ":8: violation [source-parses]").contains(plan + ":9: violation [source-parses]")
                .contains("left out: the statement at line 9")
                .contains("not closed:");
        assertThat(run.err()).doesNotContain("source-parses");
    }

    @Test
    void planWithTheOptionNamesTheStatementsLeftOutOnStderr() throws IOException {
        Path plan = write("plan.ttl", PLAN);

        Run run = Run.of("plan", dir.toString(), "--skip-unparsable", "--allow-unclosed");

        assertThat(run.code()).isEqualTo(0);
        assertThat(run.err()).contains("2 syntax errors (--skip-unparsable").contains(plan + ":8:91");
        assertThat(run.out()).contains("build");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
