package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private static NewRun aRun() {
        return NewRun.of("spec", Map.of(), Map.of(), GraphMemFactory.createDefaultGraph(), "{}", Map.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void processesOpeningAFolderWhileAnotherMakesItAStoreAllGetTheStore() throws Exception {
        // found by CrashResumeTest: its runs share one new store, and one opened it between another's creating runs/
        // and its writing the marker, and was refused as if the folder were foreign
        int openers = 6;
        for (int round = 0; round < 15; round++) {
            Path fresh = dir.resolve("fresh-" + round);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> created = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(openers)) {
                for (int i = 0; i < openers; i++) {
                    created.add(pool.submit(() -> {
                        go.await();
                        try (RunStore s = RunStore.onDisk(fresh); RunWriter w = s.create(aRun())) {
                            return w.runId();
                        }
                    }));
                }
                go.countDown();
                for (Future<String> f : created) {
                    assertThat(f.get()).as("round %d", round).isNotBlank();
                }
            }
            try (RunStore s = RunStore.onDisk(fresh)) {
                assertThat(s.runs()).as("round %d", round).hasSize(openers);
            }
        }
    }

    @Test
    void aFolderHoldingOnlyTheMarkerAKilledProcessWasWritingBecomesAStore() throws IOException {
        Path half = Files.createDirectories(dir.resolve("half"));
        Files.writeString(half.resolve(AtomicFiles.TEMP_PREFIX + "0f3a-" + DiskRunStore.MARKER), "form");
        try (RunStore s = RunStore.onDisk(half)) {
            assertThat(s.runs()).isEmpty();
            s.create(aRun()).close();
            assertThat(s.runs()).hasSize(1);
        }
        assertThat(half.resolve(DiskRunStore.MARKER)).content().contains("format=" + DiskRunStore.FORMAT);
    }
}
