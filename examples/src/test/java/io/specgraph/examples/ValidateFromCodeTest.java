package io.specgraph.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateFromCodeTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo", ".."));

    @Test
    void theBundledExampleIsClosedWithStrictPhases() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ValidateFromCode.check(REPO.resolve("specs/build-optimization"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("references").contains("gates").contains("closed: 100% of");
    }

    @Test
    void anOpenSpecFailsTheBuildStepWithLocations(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plan.ttl"), """
                @prefix : <https://example.org/x#> .
                @prefix sg: <https://w3id.org/specgraph#> .
                :p a sg:Phase ; sg:order 1 .
                :t a sg:Task ; sg:phase :p ; sg:agent :nobody ; sg:handler "h" .
                """);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = ValidateFromCode.check(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains(dir.resolve("plan.ttl") + ":4 task-agent-exists: :t has sg:agent :nobody")
                .contains("not closed");
    }

    @Test
    void aSyntaxErrorIsBadInput(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plan.ttl"), "@prefix : <https://example.org/x#> .\n:t a :Task ; :label \"unterminated .\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(ValidateFromCode.check(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("plan.ttl:");
    }
}
