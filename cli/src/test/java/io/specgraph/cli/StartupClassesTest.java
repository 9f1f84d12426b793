package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answering {@code --help} or {@code --version} must not load Jena: its classes are most of a start-up's cost,
 * and picocli builds every command's model on every call, so a Jena type in an option's default or a static
 * initialiser would be paid by all of them. A fresh JVM runs the command line and lists the classes it loaded.
 */
class StartupClassesTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "validate --help", "plan --help", "run --help", "help run"})
    void helpAndVersionLoadNoJenaClass(String args) throws Exception {
        List<String> loaded = classesLoadedBy(args.split(" "));

        assertThat(loaded).as("classes loaded").anyMatch(c -> c.startsWith("io.specgraph.cli.Main"));
        assertThat(loaded).as("Jena classes loaded by specgraph " + args).noneMatch(c -> c.startsWith("org.apache.jena."));
    }

    private static List<String> classesLoadedBy(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:off", "-Xlog:class+load=info:stdout:tags",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("[class,load]"))
                .map(l -> l.substring("[class,load]".length()).strip().split(" ")[0]).toList();
    }
}
