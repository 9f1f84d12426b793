package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code specgraph run --allow-commands} with task IRIs chosen to escape: every command still runs in a
 * folder of its own directly inside {@code <work dir>/<run>/}.
 */
class RunCommandConfinementTest {

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
}
