package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CLI's core jar (what bin/specgraph runs for everything but worker, dev-server and --temporal) leaves
 * Temporal's libraries out. A fresh JVM on this module's class path less the temporal module and the Temporal SDK
 * stands for it: the other commands must work there, and a Temporal command must say how to start it instead of
 * reporting a bug.
 */
class CoreWithoutTemporalTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    @Test
    void helpValidateAndPlanNeedNoTemporal() throws Exception {
        assertThat(runWithoutTemporal("--help").code()).isZero();
        Result validate = runWithoutTemporal("validate", REPO.resolve("specs/review-all").toString());
        assertThat(validate.code()).as(validate.out()).isZero();
        assertThat(validate.out()).contains("closed: 100%");
        Result plan = runWithoutTemporal("plan", REPO.resolve("specs/review-all").toString());
        assertThat(plan.code()).as(plan.out()).isZero();
        assertThat(runWithoutTemporal("worker", "--help").code()).as("picocli's model of worker needs no Temporal class").isZero();
    }

    /** Before the split this could not happen; after it, a hand-made class path of the core jar alone meets it. */
    @Test
    void aTemporalCommandWithoutTemporalsLibrariesSaysHowToStartItNotThatItIsABug() throws Exception {
        Result run = runWithoutTemporal("run", REPO.resolve("specs/review-all").toString(), "--temporal", "127.0.0.1:1");

        assertThat(run.code()).as(run.out()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.out()).contains("Temporal's libraries are not on the class path").contains("io.temporal.")
                .contains("bin/specgraph").contains("cli/target/temporal-lib/")
                .doesNotContain("internal error").doesNotContain("\tat ");
    }

    private record Result(int code, String out) {}

    private static Result runWithoutTemporal(String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !isTemporal(entry)).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).as("the class path still has the CLI").isNotEqualTo(System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** The temporal module (its classes or jar) and the Temporal SDK's own artifacts. */
    private static boolean isTemporal(String entry) {
        String path = entry.replace(File.separatorChar, '/');
        return path.contains("/io/temporal/") || path.contains("/temporal/target/") || path.contains("specgraph-temporal");
    }
}
