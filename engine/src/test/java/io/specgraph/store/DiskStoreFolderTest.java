package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.jena.graph.GraphMemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the disk store writes into the folder it is given before it knows the folder is a store: nothing. A
 * folder that is not a store stays as it was when refused, and an empty folder that was only listed stays empty,
 * so that it can still become a store.
 */
class DiskStoreFolderTest {
    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRefusedFolderIsLeftAsItWas() throws IOException {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> RunStore.onDisk(foreign)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is not a specgraph run store");
        assertThat(names(foreign)).containsExactly("notes.txt");
    }

    @Test
    void anEmptyFolderThatWasOnlyListedStaysEmptyAndCanStillBecomeAStore() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (RunStore s = RunStore.onDisk(empty)) {
            assertThat(s.runs()).isEmpty();
            assertThat(s.find("abcdef")).isEmpty();
            assertThat(s.query("ASK { ?s ?p ?o }", Duration.ofSeconds(10))).isEqualTo(new QueryAnswer.Answer(false));
        }
        assertThat(names(empty)).as("listing wrote nothing").isEmpty();
        try (RunStore s = RunStore.onDisk(empty)) {
            NewRun run = NewRun.of("spec", Map.of(), Map.of(), GraphMemFactory.createDefaultGraph(), "{}", Map.of(),
                    Instant.parse("2026-01-01T00:00:00Z"));
            s.create(run).close();
            assertThat(s.runs()).hasSize(1);
        }
        // a run writes files only; the database is made by the first history query, to index them
        assertThat(names(empty)).contains(DiskRunStore.MARKER, "runs").doesNotContain("tdb2");
    }
}
