package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files ({@code run --record}, {@code plan --out}) are checked before anything runs, written whole
 * or not at all, and never written by two commands at once.
 */
class OutputFilesTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final String SPEC = REPO.resolve("specs/review-all").toString();

    @TempDir
    Path dir;

    private static Run simulate(String... more) {
        String[] args = Stream.concat(Stream.of("run", SPEC, "--simulate", "--time-scale", "virtual", "--progress", "none"),
                Stream.of(more)).toArray(String[]::new);
        return Run.of(args);
    }

    @Test
    void aRecordPathThatIsAFolderIsRefusedBeforeTheRunStarts() {
        Run run = simulate("--record", dir.toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("--record " + dir + " is a folder").contains("nothing was run");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRecordPathThatCannotBeCreatedIsRefusedBeforeTheRunStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a folder");
        Run run = simulate("--record", file.resolve("run.ttl").toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("cannot create the folder of --record").contains("nothing was run");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRecordAnotherCommandIsWritingIsRefusedAndLaterWrittenWhole() throws Exception {
        Path record = dir.resolve("run.ttl");
        Files.writeString(record, "# an older record\n");
        try (OutputFile other = OutputFile.claim(record, "--record")) {
            Run refused = simulate("--record", record.toString());
            assertThat(refused.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(refused.err()).contains("is being written by another specgraph command").contains("nothing was run");
            assertThat(refused.out()).isEmpty();
            assertThat(Files.readString(record)).isEqualTo("# an older record\n");
        }

        Run run = simulate("--record", record.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.err()).contains("run record written to " + record);
        Graph graph = RDFParser.source(record).toGraph();
        assertThat(graph.size()).isGreaterThan(50);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary or lock file is left behind").containsExactly(record);
        }
    }

    @Test
    void aPlanOutPathThatIsAFolderIsRefusedAndAWrittenPlanLeavesNothingElse() throws Exception {
        Run refused = Run.of("plan", SPEC, "--out", dir.toString());
        assertThat(refused.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(refused.err()).contains("--out " + dir + " is a folder").contains("nothing was planned");

        Path out = dir.resolve("plans/plan.json");
        Run run = Run.of("plan", SPEC, "--format", "json", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(Files.readString(out)).startsWith("{").contains("\"tasks\"");
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).containsExactly(out);
        }
    }

    /** Found in review: the temporary file made every output owner-only (0600). */
    @Test
    void aReplacedOutputKeepsItsPermissionsAndANewOneGetsTheUmasks() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"),
                "skipped: this file system has no POSIX permissions");
        Path out = dir.resolve("plan.json");
        Files.writeString(out, "{}");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> shared =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(out, shared);
        assertThat(Run.of("plan", SPEC, "--format", "json", "--out", out.toString()).code()).isEqualTo(Main.OK);
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(shared);

        Path fresh = dir.resolve("fresh/run.ttl");
        Run run = simulate("--record", fresh.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        Path plain = Files.createFile(dir.resolve("fresh/made-with-the-umask"));
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
