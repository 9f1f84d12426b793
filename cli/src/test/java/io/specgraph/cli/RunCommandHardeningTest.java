package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code specgraph run --allow-commands} against commands and specs that misbehave: task IRIs chosen to escape
 * the run's folder, a command that floods its standard error, and commands that leave processes behind when
 * the command line is told to stop.
 */
class RunCommandHardeningTest {

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void tasksWhoseNamesAreDotsRunInsideTheRunsFolder() throws Exception {
        // the Turtle parser resolves dot segments in a path, so the first three are one task, <http://x/>
        List<String> iris = List.of("http://x/..", "http://x/.", "http://x/a/..", "http://x#..", "http://x#.", "http://x#",
                "urn:x:..", "urn:x:.", "http://x/...", "http://x/CON", "http://x/con", "http://x/" + "z".repeat(300));
        int tasks = iris.size() - 2;
        StringBuilder spec = new StringBuilder("""
                @prefix sg:  <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                <https://example.org/p> a sg:Phase ; sg:order 1 .
                <https://example.org/dev> a sg:Agent ; sg:concurrency 4 .
                """);
        for (String iri : iris) {
            spec.append("<").append(iri).append("> a sg:Task ; sg:agent <https://example.org/dev> ;"
                    + " sg:phase <https://example.org/p> ; sg:command \"pwd > marker\" ;"
                    + " sg:estimatedDuration \"PT1S\"^^xsd:duration .\n");
        }
        Path specs = Files.createDirectories(dir.resolve("spec"));
        Files.writeString(specs.resolve("plan.ttl"), spec, StandardCharsets.UTF_8);
        Path work = dir.resolve("a/b/work");

        Run run = Run.of("run", specs.toString(), "--allow-unclosed", "--allow-commands", "--work-dir", work.toString());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("run succeeded: " + tasks + " tasks");
        List<Path> runFolders;
        try (Stream<Path> runs = Files.list(work)) {
            runFolders = runs.toList();
        }
        assertThat(runFolders).as("run folders in %s", work).hasSize(1);
        List<Path> markers;
        try (Stream<Path> files = Files.walk(dir)) {
            markers = files.filter(p -> p.getFileName().toString().equals("marker")).toList();
        }
        assertThat(markers).hasSize(tasks);
        for (Path marker : markers) {
            Path folder = marker.getParent();
            assertThat(folder.getParent()).as("the folder of %s", marker).isEqualTo(runFolders.get(0));
            assertThat(Files.readString(marker, StandardCharsets.UTF_8).strip()).isEqualTo(folder.toRealPath().toString());
        }
        assertThat(markers.stream().map(Path::getParent).distinct()).as("one folder per task").hasSize(tasks);
    }

    /** A closed one-task spec whose task runs {@code command}. */
    private Path oneCommand(String command) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("one"));
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <https://example.org/one#> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                :p1 a sg:Phase ; rdfs:label "Work" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" .
                :cmd a sg:Task ; rdfs:label "Command" ; sg:agent :dev ; sg:phase :p1 ; sg:command "%s" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration .
                """.formatted(command.replace("\\", "\\\\").replace("\"", "\\\"")), StandardCharsets.UTF_8);
        return folder;
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aCommandFloodingStderrFailsWithAShortReasonNamingItsLog() throws Exception {
        Path folder = oneCommand("head -c 50000000 /dev/zero | tr '\\000' e >&2; echo >&2; echo 'disk full' >&2; exit 1");
        Path work = dir.resolve("work");

        Run run = Run.of("run", folder.toString(), "--allow-unclosed", "--allow-commands", "--work-dir", work.toString());

        assertThat(run.code()).isEqualTo(1);
        Path log;
        try (Stream<Path> files = Files.walk(work)) {
            log = files.filter(p -> p.getFileName().toString().equals("stderr-1.log")).findFirst().orElseThrow();
        }
        assertThat(Files.size(log)).as("the log stays whole").isGreaterThan(50_000_000L);
        assertThat(run.out()).contains("task cmd failed: command exited with code 1; stderr ends: …eee")
                .contains("| disk full (whole output in " + log).hasSizeLessThan(5_000);
        assertThat(run.err()).hasSizeLessThan(5_000);
    }

    private String marker;

    /** Should the test fail, what it started does not outlive it (processes still carrying its marker: pids are reused). */
    @AfterEach
    void killLeftovers() throws IOException {
        if (marker != null) {
            carrying(marker).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** util-linux's setsid, where the engine looks for it. */
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    /**
     * SIGTERM to the command line (in a child JVM) while a command runs that has left a background job, an
     * orphan and a daemon of its own session: the run is cancelled and reported, and all of them are gone.
     * The daemon needs a {@code setsid} program: where there is none it is left out (nothing else at hand
     * starts a session, and the engine then runs commands without one too, so the orphan is the same case);
     * the wait for the pid files gives up after 60 s, so a failed start does not leave the shell polling.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "processes that left the command's tree are found through Linux's /proc only")
    void aSignalToTheCommandLineLeavesNoProcessOfItsCommandsBehind() throws Exception {
        Path folder = oneCommand("echo \"$SPECGRAPH_ATTEMPT_ID\" > attempt.id; sleep 300 & echo $! > job.pid; "
                + "(sh -c 'echo $$ > orphan.pid; exec sleep 300' &) ; "
                + SETSID.map(s -> "(" + s + " sh -c 'echo $$ > daemon.pid; exec sleep 300' &) ; ").orElse("")
                + "i=0; while { [ ! -s orphan.pid ]" + (SETSID.isPresent() ? " || [ ! -s daemon.pid ]" : "")
                + "; } && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done; echo $$ > shell.pid; sleep 300");
        Path work = dir.resolve("work");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process cli = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", folder.toString(), "--allow-unclosed", "--allow-commands", "--work-dir", work.toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        List<Long> pids;
        try {
            pids = pids(work, SETSID.isPresent() ? List.of("shell.pid", "job.pid", "orphan.pid", "daemon.pid")
                    : List.of("shell.pid", "job.pid", "orphan.pid"));
            cli.toHandle().destroy(); // SIGTERM
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            cli.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Long> left;
        do {
            left = new ArrayList<>(pids.stream().filter(RunCommandHardeningTest::running).toList());
            left.addAll(carrying(marker));
            Thread.sleep(20);
        } while (!left.isEmpty() && System.nanoTime() - deadline < 0);
        assertThat(left).as("processes of the command still running after the command line ended").isEmpty();
        // kept in a store (the default), the run is left resumable, and its commands are stopped all the same
        assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("run interrupted: ").contains("specgraph resume ");
    }

    /** The pids the command wrote to these files under {@code work}, once it has written them all. */
    private List<Long> pids(Path work, List<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<Long> pids = new ArrayList<>();
            for (String name : names) {
                String text = read(work, name);
                if (!text.isEmpty()) {
                    pids.add(Long.parseLong(text));
                }
            }
            if (pids.size() == names.size()) {
                String id = read(work, "attempt.id");
                assertThat(id).as("the command sees SPECGRAPH_ATTEMPT_ID").isNotEmpty();
                marker = "SPECGRAPH_ATTEMPT_ID=" + id;
                return pids;
            }
            assertThat(System.nanoTime() - deadline).as("the command wrote %s under %s", names, work).isNegative();
            Thread.sleep(20);
        }
    }

    private static String read(Path root, String name) throws IOException {
        if (!Files.isDirectory(root)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(root)) {
            Path file = files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
            return file == null ? "" : Files.readString(file, StandardCharsets.UTF_8).strip();
        }
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

    /** The running processes whose environment holds {@code entry} (a {@code NAME=value}). */
    private static List<Long> carrying(String entry) throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                    long pid = Long.parseLong(proc.getFileName().toString());
                    if (List.of(environ.split("\0")).contains(entry) && running(pid)) {
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
