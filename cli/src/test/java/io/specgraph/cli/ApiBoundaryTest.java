package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The command line is a user of the engine's public API like any other: it imports nothing internal. */
class ApiBoundaryTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    @Test
    void noSourceOfTheCommandLineImportsTheEnginesInternals() throws IOException {
        List<Path> offenders;
        try (Stream<Path> sources = Files.walk(REPO.resolve("cli/src/main/java"))) {
            offenders = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("io.specgraph.internal");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(offenders).as("sources of cli/ that use io.specgraph.internal").isEmpty();
    }
}
