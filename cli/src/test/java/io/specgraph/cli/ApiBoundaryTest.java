package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.run.Engine;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * The engine is a named module that exports its API and keeps {@code io.specgraph.internal} to itself, and
     * every engine package the command line imports is exported: the command line could run on the module path.
     */
    @Test
    void theEngineModuleExportsWhatTheCommandLineUsesAndNotItsInternals() throws Exception {
        Path engine = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(engine).findAll().stream().map(ModuleReference::descriptor)
                .findFirst().orElseThrow(() -> new AssertionError("no module descriptor in " + engine));
        assertThat(module.name()).isEqualTo("io.specgraph.engine");
        assertThat(module.isAutomatic()).isFalse();
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).contains("io.specgraph", "io.specgraph.plan", "io.specgraph.run").doesNotContain("io.specgraph.internal");
        assertThat(module.exports()).as("nothing is exported only to some modules").noneMatch(ModuleDescriptor.Exports::isQualified);
        assertThat(module.packages()).contains("io.specgraph.internal");

        Set<String> imported = new TreeSet<>();
        Pattern engineImport = Pattern.compile("^import (?:static )?(io\\.specgraph(?:\\.[a-z]+)*)\\.[A-Z]", Pattern.MULTILINE);
        try (Stream<Path> sources = Files.walk(REPO.resolve("cli/src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = engineImport.matcher(Files.readString(source));
                while (m.find()) {
                    imported.add(m.group(1));
                }
            }
        }
        // specgraph-temporal is a module of its own beside the engine, not a package of it
        imported.removeIf(p -> p.startsWith("io.specgraph.cli") || p.startsWith("io.specgraph.temporal"));
        assertThat(imported).as("engine packages the command line imports").isNotEmpty();
        assertThat(exported).as("exported engine packages").containsAll(imported);
    }
}
