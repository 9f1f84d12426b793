package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cause of "TDB2 database … cannot be read: -1" in the crash test (issue 12): TDB2's {@code ProcessFileLock},
 * finding its lock file locked by another process, reads the holder's process id from the file to name it; a
 * holder that has just taken the lock has truncated the file and not yet written its id, the read returns -1
 * (end of file), and Jena allocates {@code new byte[-1]}: a {@code NegativeArraySizeException} with the message
 * "-1", which the store took for a damaged database. Nothing was damaged: another process was opening it.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class TdbLockRaceTest {
    @TempDir
    Path dir;

    @Test
    void aDatabaseAnotherProcessIsOpeningIsWaitedForNotCalledDamaged() throws Exception {
        Path folder = dir.resolve("store");
        try (RunStore store = RunStore.onDisk(folder)) {
            store.create(RunStoreContract.registration("race", RunStoreContract.T0, 1)).close();
            assertThat(store.query("ASK { ?s ?p ?o }", RunStoreContract.LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        }
        Process child = holdLock(folder.resolve("tdb2").resolve("tdb.lock"), 1500);
        try (RunStore store = RunStore.onDisk(folder)) {
            assertThat(store.query("ASK { ?s ?p ?o }", RunStoreContract.LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDatabaseHeldLongerThanThePatienceIsBusyNotDamaged() throws Exception {
        Path folder = dir.resolve("store");
        try (RunStore store = RunStore.onDisk(folder)) {
            store.create(RunStoreContract.registration("busy", RunStoreContract.T0, 1)).close();
            store.query("ASK { ?s ?p ?o }", RunStoreContract.LIMIT);
        }
        Process child = holdLock(folder.resolve("tdb2").resolve("tdb.lock"), 60_000);
        try (RunStore store = new DiskRunStore(folder, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> store.query("ASK { ?s ?p ?o }", RunStoreContract.LIMIT)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is busy").hasMessageNotContaining("cannot be read");
            // what a run needs to go on is not in the database: a busy (or damaged) index stops no run
            String id = store.runs().get(0).id();
            assertThat(store.registration(id).plan()).isEqualTo(RunStoreContract.registration("busy", RunStoreContract.T0, 1).plan());
            assertThat(store.journal(id)).isEmpty();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process holdLock(Path lockFile, long millis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", DiskRunStoreTest.classPathOfThisJvm(), LockHolderChild.class.getName(),
                lockFile.toString(), Long.toString(millis)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the child took the lock").isEqualTo("locked");
        return child;
    }

}
