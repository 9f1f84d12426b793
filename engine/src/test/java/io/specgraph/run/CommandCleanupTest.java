package io.specgraph.run;

import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.LINUX;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;

/**
 * No process a command started outlives its attempt: not a daemon that forked twice and left the session,
 * not a background job of a command that succeeded, not after a cancel, nor when the JVM is told to stop.
 * Linux only: elsewhere only the command's descendants are killed, as docs/run.md says.
 */
@EnabledOnOs(value = LINUX, disabledReason = "the sweep of processes that left the command's process tree needs Linux's /proc")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandCleanupTest {
    /**
     * A shell that leaves three processes behind: a background job, a job whose parent exits at once (so it
     * is re-parented to init, out of the shell's process tree) and a daemon that also starts a session of
     * its own. Each writes its pid to a file in the work directory, the shell its attempt marker; then the
     * shell does {@code TAIL}. The daemon needs a {@code setsid} program: where there is none it is left out
     * (nothing else at hand starts a session, and the engine then runs commands without one too, so the
     * orphan is the same case); the wait for the pid files gives up after 60 s, so a failed start does not
     * leave the shell polling for ever.
     */
    static final String LEAVES_PROCESSES = "echo \"$SPECGRAPH_ATTEMPT_ID\" > attempt.id; sleep 300 & echo $! > job.pid; "
            + "(sh -c 'echo $$ > orphan.pid; exec sleep 300' &) ; "
            + CommandProcesses.SETSID.map(s -> "(" + s + " sh -c 'echo $$ > daemon.pid; exec sleep 300' &) ; ").orElse("")
            + "i=0; while { [ ! -s orphan.pid ]" + (CommandProcesses.SETSID.isPresent() ? " || [ ! -s daemon.pid ]" : "")
            + "; } && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done; echo $$ > shell.pid; TAIL";
    static final List<String> PID_FILES = CommandProcesses.SETSID.isPresent()
            ? List.of("shell.pid", "job.pid", "orphan.pid", "daemon.pid") : List.of("shell.pid", "job.pid", "orphan.pid");

    @TempDir
    Path tempDir;

    private String marker;

    /** Should a test fail, its sleeps do not outlive it either (those still carrying its marker: pids are reused). */
    @AfterEach
    void killLeftovers() throws IOException {
        if (marker != null) {
            carrying(marker).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static String spec(String command, String timeout) {
        return """
                :p1 a sg:Phase ; sg:order 1 .
                :ops a sg:Agent .
                :cmd a sg:Task ; rdfs:label "Command" ; sg:agent :ops ; sg:phase :p1 ;
                   sg:command "%s" ; %s sg:estimatedDuration "PT1M"^^xsd:duration .
                """.formatted(command.replace("\\", "\\\\").replace("\"", "\\\""),
                timeout == null ? "" : "sg:timeout \"" + timeout + "\"^^xsd:duration ;");
    }

    @Test
    void aTimedOutCommandLeavesNoProcessBehindEvenOnesThatLeftItsTree() throws Exception {
        RunHandle handle = Engine.builder().allowCommands(true).workDirectory(tempDir).build()
                .start(plan(spec(LEAVES_PROCESSES.replace("TAIL", "sleep 300"), "PT5S")));
        List<Long> pids = pids();
        RunResult result = handle.await();

        assertThat(task(result, "cmd").state()).isEqualTo(TaskState.TIMED_OUT);
        assertAllGone(pids);
    }

    @Test
    void aSucceedingCommandsBackgroundProcessesAreKilledWhenItEnds() throws Exception {
        RunHandle handle = Engine.builder().allowCommands(true).workDirectory(tempDir).build()
                .start(plan(spec(LEAVES_PROCESSES.replace("TAIL", "exit 0"), null)));
        List<Long> pids = pids();
        RunResult result = handle.await();

        assertThat(task(result, "cmd").state()).as(task(result, "cmd").reason()).isEqualTo(TaskState.SUCCEEDED);
        assertAllGone(pids);
        assertThat(LiveCommands.hookInstalled()).as("the shutdown hook is removed once no command runs").isFalse();
    }

    @Test
    void aCancelledRunLeavesNoProcessBehind() throws Exception {
        RunHandle handle = Engine.builder().allowCommands(true).workDirectory(tempDir).build()
                .start(plan(spec(LEAVES_PROCESSES.replace("TAIL", "sleep 300"), null)));
        List<Long> pids = pids();
        assertThat(LiveCommands.hookInstalled()).as("a shutdown hook while a command runs").isTrue();
        handle.cancel();
        RunResult result = handle.await();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.CANCELLED);
        assertThat(task(result, "cmd").state()).isEqualTo(TaskState.CANCELLED);
        assertAllGone(pids);
        assertThat(LiveCommands.hookInstalled()).isFalse();
    }

    /** A program embedding the engine that does nothing about SIGTERM: the engine's own hook kills its commands. */
    @Test
    void aJvmToldToStopKillsTheProcessesOfItsRunningCommands() throws Exception {
        Path spec = Files.writeString(tempDir.resolve("spec.ttl"), RunSpecs.PREFIXES
                + spec(LEAVES_PROCESSES.replace("TAIL", "sleep 300"), null), StandardCharsets.UTF_8);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", classPathOfThisJvm(),
                EmbeddedRun.class.getName(), spec.toString(), tempDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(tempDir.resolve("jvm.txt").toFile())
                .start();
        try {
            List<Long> pids = pids();
            jvm.destroy(); // SIGTERM
            assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertAllGone(pids);
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * Everything this JVM runs the tests from, as one class path: surefire puts the engine on the module path and
     * patches the test classes into its module, neither of which is in {@code java.class.path}.
     */
    private static String classPathOfThisJvm() throws Exception {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of(EmbeddedRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.add(value);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void leftoverProcessesAreAskedToStopWithSigtermBeforeTheyAreKilled() throws Exception {
        // a background job that cleans up on SIGTERM, left running by a command that succeeds
        RunResult result = Engine.builder().allowCommands(true).workDirectory(tempDir).build().run(plan(spec(
                "echo \"$SPECGRAPH_ATTEMPT_ID\" > attempt.id; "
                        + "sh -c 'trap \"echo cleaned up > cleaned.txt; exit 0\" TERM; echo $$ > job.pid; "
                        + "while :; do sleep 0.05; done' & "
                        + "while [ ! -s job.pid ]; do sleep 0.02; done; exit 0", null)));
        marker = CommandProcesses.MARKER + "=" + Files.readString(find("attempt.id"), StandardCharsets.UTF_8).strip();

        assertThat(task(result, "cmd").state()).as(task(result, "cmd").reason()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(find("cleaned.txt")).as("the job's SIGTERM trap ran").isNotNull();
        assertThat(Files.readString(find("cleaned.txt"), StandardCharsets.UTF_8)).isEqualTo("cleaned up\n");
        assertAllGone(List.of(Long.parseLong(Files.readString(find("job.pid"), StandardCharsets.UTF_8).strip())));
    }

    @Test
    void aLeftoverProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        RunResult result = Engine.builder().allowCommands(true).workDirectory(tempDir).build().run(plan(spec(
                "echo \"$SPECGRAPH_ATTEMPT_ID\" > attempt.id; "
                        + "sh -c 'trap \"\" TERM; echo $$ > job.pid; while :; do sleep 0.05; done' & "
                        + "while [ ! -s job.pid ]; do sleep 0.02; done; exit 0", null)));
        marker = CommandProcesses.MARKER + "=" + Files.readString(find("attempt.id"), StandardCharsets.UTF_8).strip();

        assertThat(task(result, "cmd").state()).as(task(result, "cmd").reason()).isEqualTo(TaskState.SUCCEEDED);
        // SUCCEEDED says the sweep found nothing left (a survivor fails the attempt); and none is running now
        assertAllGone(List.of(Long.parseLong(Files.readString(find("job.pid"), StandardCharsets.UTF_8).strip())));
    }

    /** Runs a spec with commands allowed, as a program embedding the engine would; for the test above. */
    static final class EmbeddedRun {
        public static void main(String[] args) throws Exception {
            String turtle = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
            Engine.builder().allowCommands(true).workDirectory(Path.of(args[1])).build()
                    .run(io.specgraph.Specgraph.load(l -> l.string("spec.ttl", turtle)).plan());
        }
    }

    @Test
    void theMarkerMatchesOnlyAWholeEnvironmentEntry() {
        byte[] tag = "SPECGRAPH_ATTEMPT_ID=ab".getBytes(StandardCharsets.UTF_8);
        assertThat(CommandProcesses.indexOf("A=1\0SPECGRAPH_ATTEMPT_ID=ab\0B=2\0".getBytes(StandardCharsets.UTF_8), tag)).isEqualTo(4);
        assertThat(CommandProcesses.indexOf("SPECGRAPH_ATTEMPT_ID=ab".getBytes(StandardCharsets.UTF_8), tag)).isZero();
        assertThat(CommandProcesses.indexOf("X_SPECGRAPH_ATTEMPT_ID=ab\0".getBytes(StandardCharsets.UTF_8), tag)).isNegative();
        assertThat(CommandProcesses.indexOf("SPECGRAPH_ATTEMPT_ID=abc\0".getBytes(StandardCharsets.UTF_8), tag)).isNegative();
        assertThat(CommandProcesses.indexOf(new byte[0], tag)).isNegative();
    }

    @Test
    void procStatIsReadDespiteSpacesAndParenthesesInTheCommandName() throws Exception {
        // a link, not a copy: a copy in a temporary folder mounted noexec could not run; the kernel names the
        // process after the link it was started through
        Path odd = Files.createSymbolicLink(tempDir.resolve("a (b) c"), Path.of("/bin/sleep").toRealPath());
        Process p = new ProcessBuilder(odd.toString(), "30").start();
        try {
            CommandProcesses.Stat stat = CommandProcesses.Stat.of(p.pid());
            CommandProcesses.Stat self = CommandProcesses.Stat.of(ProcessHandle.current().pid());
            assertThat(stat).isNotNull();
            assertThat(stat.running()).isTrue();
            assertThat(stat.session()).as("started without setsid: the JVM's session").isEqualTo(self.session());
            assertThat(stat.start()).isGreaterThanOrEqualTo(self.start());
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(CommandProcesses.Stat.of(p.pid())).as("gone once collected").isNull();
    }

    /** The pids the command wrote, in the order of {@link #PID_FILES}, once it has written them all. */
    private List<Long> pids() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<Long> pids = new ArrayList<>();
            for (String name : PID_FILES) {
                Path file = find(name);
                String text = file == null ? "" : Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    pids.add(Long.parseLong(text));
                }
            }
            if (pids.size() == PID_FILES.size()) {
                String id = Files.readString(find("attempt.id"), StandardCharsets.UTF_8).strip();
                assertThat(id).as("the command sees %s", CommandProcesses.MARKER).isNotEmpty();
                marker = CommandProcesses.MARKER + "=" + id;
                return pids;
            }
            assertThat(System.nanoTime() - deadline).as("the command wrote %s under %s", PID_FILES, tempDir).isNegative();
            Thread.sleep(20);
        }
    }

    private Path find(String name) throws IOException {
        try (Stream<Path> files = Files.walk(tempDir)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
        }
    }

    /** Polls (the state of outside processes, not a synchronisation) for up to 20 s until none is left. */
    private void assertAllGone(List<Long> pids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Long> left;
        do {
            left = new ArrayList<>(pids.stream().filter(CommandCleanupTest::running).toList());
            left.addAll(carrying(marker));
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        assertThat(left).as("processes still running after the attempt ended (%s)", marker).isEmpty();
    }

    /** Running, not a zombie waiting to be collected by whoever adopted it. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Long> carrying(String marker) throws IOException {
        List<Long> found = new ArrayList<>();
        byte[] tag = marker.getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    byte[] environ = Files.readAllBytes(proc.resolve("environ"));
                    long pid = Long.parseLong(proc.getFileName().toString());
                    if (CommandProcesses.indexOf(environ, tag) >= 0 && running(pid)) {
                        found.add(pid);
                    }
                } catch (IOException e) {
                    // gone, or not ours to read
                }
            }
        }
        return found;
    }
}
