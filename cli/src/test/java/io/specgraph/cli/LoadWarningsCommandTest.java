package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees for hostile or broken sources: deep nesting refused with a place and exit 2, and the
 * mistakes the parser lets through named on stderr with file:line, failing the spec under --strict.
 */
class LoadWarningsCommandTest {
    /** One phase, one agent, one task: closed. */
    private static final String PLAN = """
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            @prefix :     <https://ex.org/w#> .
            :p1 a sg:Phase ; sg:order 1 .
            :dev a sg:Agent .
            :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                sg:estimatedDuration "PT1H"^^xsd:duration .
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Test
    void deepNestingIsRefusedWithItsPlaceAndExit2NotAStackTrace() throws IOException {
        Path file = write("deep.ttl", PLAN + ":build sg:inputs " + "[ :x ".repeat(2_000) + "1" + " ]".repeat(2_000) + " .\n");

        for (String command : new String[] {"validate", "plan", "run"}) {
            Run run = Run.of(command, file.toString());

            assertThat(run.code()).as(command).isEqualTo(2);
            assertThat(run.err()).contains(file + ":8:" + (18 + 256 * 5) + ": refused: nested deeper than the limit of 256")
                    .contains("--max-nesting").doesNotContain("StackOverflowError").doesNotContain("\tat ");
        }
        // with the limit raised past what the stack holds, the overflow is still a located refusal
        Path deeper = write("deeper.ttl", PLAN + ":build sg:inputs " + "[ :x ".repeat(50_000) + "1" + " ]".repeat(50_000) + " .\n");
        Run raised = Run.of("validate", "--max-nesting", "100000", deeper.toString());
        assertThat(raised.code()).isEqualTo(2);
        assertThat(raised.err()).contains(deeper + ":8:").contains("ran out of stack").doesNotContain("\tat ");
    }

    @Test
    void nestingAfterACommentEndedByABareCarriageReturnIsStillRefusedWithItsPlace() throws IOException {
        // RIOT ends the comment at the CR and parses on; the nesting after it must be seen too
        Path file = write("cr.ttl", PLAN + ":build sg:inputs # c\r" + "[ :x ".repeat(50) + "1" + " ]".repeat(50) + " .\n");

        Run run = Run.of("validate", "--max-nesting", "10", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(file + ":8:" + (18 + 4 + 10 * 5) + ": refused: nested deeper than the limit of 10")
                .doesNotContain("\tat ");
    }

    @Test
    void aNamespaceTypoIsAWarningWithFileAndLineAndUnderStrictItOpensTheSpec() throws IOException {
        write("plan.ttl", PLAN);
        Path gates = write("gates.ttl", """
                @prefix :   <https://ex.org/w#> .
                @prefix sg: <https://w3id.org/specgraf#> .
                :done a sg:Gate ; sg:requires :build ; sg:condition [ sg:predicate "built" ] .
                """);

        Run lenient = Run.of("validate", dir.toString());
        assertThat(lenient.code()).isZero();
        assertThat(lenient.err()).contains(gates + ":2:9: warning: the namespace <https://w3id.org/specgraf#> (prefix sg:)"
                + " is a typo away from specgraph's <https://w3id.org/specgraph#>");

        Run strict = Run.of("validate", "--strict", dir.toString());
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.out()).contains("sources: 2 of 18 checks failed")
                .contains(gates + ":2: violation [sg-namespace-exact] the namespace <https://w3id.org/specgraf#>")
                .contains("[source-declares-specgraph]").contains("not closed");

        assertThat(Run.of("plan", "--strict", dir.toString()).code()).isEqualTo(1);
        assertThat(Run.of("run", "--strict", "--simulate", "--time-scale", "virtual", dir.toString()).code()).isEqualTo(1);
        assertThat(Run.of("plan", dir.toString()).code()).isZero();
    }

    @Test
    void anUnknownSgTermIsWarnedWithTheTermItProbablyMeans() throws IOException {
        Path plan = write("plan.ttl", PLAN + ":build sg:ndsOn :build .\n");

        Run run = Run.of("validate", plan.toString());

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains(plan + ":8:8: warning: sg:ndsOn is not a term of the specgraph vocabulary")
                .contains("did you mean sg:dependsOn?");
        assertThat(Run.of("validate", "--strict", plan.toString()).out()).contains("[sg-term-known]");
    }

    @Test
    void badUtf8AMissingFinalDotAndALinkLoopAreWarnedAndFailTheSpecUnderStrict() throws IOException {
        byte[] latin1 = (PLAN + ":build sg:outputs \"r\u00e9sum\u00e9.txt\" .\n").getBytes(StandardCharsets.ISO_8859_1);
        Path plan = write("plan.ttl", latin1);
        Path more = write("sub/more.ttl", "@prefix sg: <https://w3id.org/specgraph#> .\n<https://ex.org/w#build> sg:inputs \"a\"");
        Path loop = Files.createSymbolicLink(dir.resolve("sub/loop"), dir);

        Run run = Run.of("validate", "--recursive", dir.toString());

        assertThat(run.code()).isZero();
        assertThat(run.err())
                .contains(plan + ":8:21: warning: 2 byte sequences that are not UTF-8 (the first here)")
                .contains(more + ":2: warning: the last statement of the file, from line 2, is not terminated by '.'")
                .contains(loop + ": warning: a symbolic link to " + dir.toRealPath() + ", a folder that contains it: a link loop");

        Run strict = Run.of("validate", "--recursive", "--strict", dir.toString());
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.out()).contains("[source-is-utf8]").contains("[statement-terminated]").contains("[link-followed]");
    }

    @Test
    void aLinkPlantedInTheSpecFolderToAFileElsewhereIsNotReadSoItsContentStaysOutOfTheLog(@TempDir Path elsewhere)
            throws IOException {
        Path plan = write("plan.ttl", PLAN);
        Path secret = Files.writeString(elsewhere.resolve("credentials"), "TOPSECRET-TOKEN=abc\n");
        Path planted = Files.createSymbolicLink(dir.resolve("zz.ttl"), secret);

        Run run = Run.of("validate", dir.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("TOPSECRET");
        assertThat(run.err()).contains(planted + ": warning: a symbolic link to " + secret.toRealPath()
                + ", a file outside the folder " + dir.toRealPath());
        // named on the command line, the link is the user's choice and is read (and fails to parse)
        Run explicit = Run.of("validate", plan.toString(), planted.toString());
        assertThat(explicit.code()).isEqualTo(2);
        assertThat(explicit.err()).contains(planted + ":1:");
    }

    @Test
    void aFileThatCannotBeReadSaysWhyAndExits2() {
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(mem), "needs Linux's /proc: a regular file whose read fails for every user");

        Run run = Run.of("validate", mem.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("/proc/self/mem: cannot read: input/output error");
    }

    @Test
    void aFileWithoutReadPermissionSaysPermissionDenied() throws IOException {
        Path plan = write("plan.ttl", PLAN);
        Files.setPosixFilePermissions(plan, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(plan), "running as root: chmod 000 does not stop reading");

        Run run = Run.of("validate", plan.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(plan + ": cannot read: permission denied");
    }
}
