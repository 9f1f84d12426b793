package io.specgraph.run;

import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.LINUX;
import static org.junit.jupiter.api.condition.OS.MAC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command may write far more than anyone should read: its logs stay whole on disk, but a failure reason
 * quotes only a few short lines and says where the whole output is, and a huge measurements file is refused.
 */
@EnabledOnOs({LINUX, MAC})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandOutputLimitsTest {
    private static final int HUGE = 50_000_000;

    @TempDir
    Path tempDir;

    private RunResult run(String command) {
        return Engine.builder().allowCommands(true).workDirectory(tempDir).build().run(plan("""
                :p1 a sg:Phase ; sg:order 1 .
                :ops a sg:Agent .
                :speed a sg:Metric ; sg:measuredBy :cmd ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                   sg:direction sg:Minimize .
                :cmd a sg:Task ; rdfs:label "Command" ; sg:agent :ops ; sg:phase :p1 ;
                   sg:command "%s" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """.formatted(command.replace("\\", "\\\\").replace("\"", "\\\""))));
    }

    private Path find(String name) throws IOException {
        try (Stream<Path> files = Files.walk(tempDir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals(name)).toList();
            assertThat(found).as("files named %s", name).hasSize(1);
            return found.get(0);
        }
    }

    @Test
    void fiftyMegabytesOfStderrGiveAShortReasonThatNamesTheLog() throws IOException {
        RunResult result = run("head -c " + HUGE + " /dev/zero | tr '\\000' x >&2; echo >&2; echo 'the real error' >&2; exit 4");

        TaskRun cmd = task(result, "cmd");
        Path stderr = find("stderr-1.log");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).startsWith("command exited with code 4; stderr ends: …xxx")
                .contains("the real error").contains(stderr.toString()).contains("stdout-1.log")
                .hasSizeLessThan(1000);
        assertThat(Files.size(stderr)).as("the log stays whole").isEqualTo(HUGE + "\nthe real error\n".length());
    }

    @Test
    void c1ControlCharactersInStderrAreNotQuotedIntoTheReason() {
        // \302\233 is U+009B (CSI) in UTF-8: "CSI 2J" clears a terminal as "ESC [ 2J" does
        RunResult result = run("printf 'before \\302\\2332J after\\n' >&2; exit 3");

        assertThat(task(result, "cmd").reason()).contains("stderr ends: before ?2J after").doesNotContain("\u009B");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoAtTheMeasurementsPathFailsTheAttemptInsteadOfBlockingTheRun() throws IOException {
        // reading a FIFO nobody writes to blocks for ever: the run hung, its thread leaked
        RunResult result = run("mkfifo \"$SPECGRAPH_MEASUREMENTS\"");

        TaskRun cmd = task(result, "cmd");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).contains(find("measurements-1.txt").toString())
                .contains("is a pipe, socket or device, not a regular file").contains("metric = value");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSymbolicLinkAtTheMeasurementsPathIsNotFollowed(@TempDir Path elsewhere) throws IOException {
        // followed, a link to /dev/zero never ends and a link to a file quotes the file's first line in the reason
        Path secret = Files.writeString(elsewhere.resolve("secret"), "TOPSECRET-TOKEN\n");
        RunResult result = run("ln -s '" + secret + "' \"$SPECGRAPH_MEASUREMENTS\"");

        TaskRun cmd = task(result, "cmd");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).contains("is a symbolic link, not a regular file").doesNotContain("TOPSECRET");
        assertThat(task(run("ln -s /dev/zero \"$SPECGRAPH_MEASUREMENTS\""), "cmd").reason())
                .contains("is a symbolic link, not a regular file");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoInPlaceOfTheStderrLogDoesNotBlockTheFailureReason() {
        RunResult result = run("rm -f stderr-1.log; mkfifo stderr-1.log; exit 5");

        TaskRun cmd = task(result, "cmd");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).startsWith("command exited with code 5").contains("stderr-1.log");
    }

    @Test
    void aMeasurementsFileOverOneMebibyteIsRefused() throws IOException {
        RunResult result = run("yes 'speed = 1' | head -c 2000000 > \"$SPECGRAPH_MEASUREMENTS\"");

        TaskRun cmd = task(result, "cmd");
        Path file = find("measurements-1.txt");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).contains(file.toString()).contains("2000000 bytes, more than the 1048576")
                .contains("metric = value").hasSizeLessThan(1000);
        assertThat(result.slos()).singleElement().satisfies(slo -> assertThat(slo.measured()).isEmpty());
    }

    @Test
    void aLongBadMeasurementLineIsQuotedShort() {
        RunResult result = run("head -c 100000 /dev/zero | tr '\\000' x > \"$SPECGRAPH_MEASUREMENTS\"");

        TaskRun cmd = task(result, "cmd");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).contains("measurements-1.txt:1: expected \"metric = value\", got \"xxx")
                .hasSizeLessThan(1000);
    }

    @Test
    void aMeasurementsFileThatIsNotUtf8SaysSo() {
        RunResult result = run("printf 'speed = 1\\n\\377\\n' > \"$SPECGRAPH_MEASUREMENTS\"");

        TaskRun cmd = task(result, "cmd");
        assertThat(cmd.state()).isEqualTo(TaskState.FAILED);
        assertThat(cmd.reason()).contains("measurements-1.txt is not UTF-8 text");
    }

    @Test
    void measurementsWithinTheLimitAreRecorded() {
        RunResult result = run("echo 'speed = 42' > \"$SPECGRAPH_MEASUREMENTS\"");

        assertThat(task(result, "cmd").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.slos()).singleElement()
                .satisfies(slo -> assertThat(slo.measured()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("42")));
    }
}
