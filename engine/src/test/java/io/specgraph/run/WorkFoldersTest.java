package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.condition.OS.WINDOWS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.io.TempDir;

/** Work folder names cannot leave the run's folder, collide, or upset a file system, whatever the task IRI. */
class WorkFoldersTest {

    @TempDir
    Path tempDir;

    @Test
    void dotsAndEmptyNamesBecomeOrdinaryNames() {
        assertThat(WorkFolders.baseName("http://x/..")).isEqualTo("__");
        assertThat(WorkFolders.baseName("http://x/.")).isEqualTo("_");
        assertThat(WorkFolders.baseName("http://x/a/..")).isEqualTo("__");
        assertThat(WorkFolders.baseName("http://x#...")).isEqualTo("_._");
        assertThat(WorkFolders.baseName("http://x#.hidden")).isEqualTo("_hidden");
        assertThat(WorkFolders.baseName("http://x#trailing.")).isEqualTo("trailing_");
        assertThat(WorkFolders.baseName("")).isEqualTo("_");
        // no local name: the whole IRI, its separators replaced
        assertThat(WorkFolders.baseName("http://x/")).isEqualTo("http___x_");
        assertThat(WorkFolders.baseName("urn:x:..")).isEqualTo("urn_x_._");
    }

    @Test
    void separatorsAndOtherCharactersAreReplaced() {
        assertThat(WorkFolders.baseName("http://x#a%2F..%2Fb")).isEqualTo("a_2F.._2Fb");
        assertThat(WorkFolders.baseName("http://x#a\\..\\b")).isEqualTo("a_.._b");
        assertThat(WorkFolders.baseName("http://x#naïve build")).isEqualTo("na_ve_build");
        assertThat(WorkFolders.baseName("http://x#build-1.2_rc")).isEqualTo("build-1.2_rc");
    }

    @Test
    void windowsDeviceNamesAreNotUsed() {
        for (String device : List.of("CON", "con", "Nul", "aux.txt", "COM1", "lpt9.log", "PRN")) {
            assertThat(WorkFolders.baseName("http://x#" + device)).isEqualTo("_" + device);
        }
        assertThat(WorkFolders.baseName("http://x#console")).isEqualTo("console");
    }

    @Test
    void longNamesAreCutAndKeepAHashOfTheWholeIri() {
        String a = WorkFolders.baseName("http://x#" + "a".repeat(300) + "1");
        String b = WorkFolders.baseName("http://x#" + "a".repeat(300) + "2");
        assertThat(a).hasSize(WorkFolders.MAX_LENGTH).startsWith("a".repeat(80)).isNotEqualTo(b);
        assertThat(b).hasSize(WorkFolders.MAX_LENGTH);
    }

    @Test
    void namesAreUniqueIgnoringCaseAndStablePerTask() {
        WorkFolders folders = new WorkFolders();
        List<String> names = List.of(
                folders.name(0, "http://x#Build"),
                folders.name(1, "http://y#build"),
                folders.name(2, "http://x#build-1"), // what task 1 would have been called, had it come first
                folders.name(3, "http://x/.."),
                folders.name(4, "http://x/a/.."),
                folders.name(5, "http://x#" + "b".repeat(300)),
                folders.name(6, "http://y#" + "b".repeat(300)));
        Set<String> lower = new HashSet<>();
        names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
        assertThat(lower).as("names %s", names).hasSize(names.size());
        assertThat(names).allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(WorkFolders.MAX_LENGTH).matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"));
        assertThat(folders.name(1, "http://y#build")).isEqualTo(names.get(1));
        assertThat(folders.name(4, "http://x/a/..")).isEqualTo(names.get(4));
    }

    @Test
    void foldersAreCreatedInsideTheRoot() throws IOException {
        Path root = Files.createDirectories(tempDir.resolve("run"));
        Path folder = WorkFolders.create(root, "build");
        assertThat(folder).isEqualTo(root.resolve("build")).isDirectory();
        // a later attempt finds it again
        assertThat(WorkFolders.create(root, "build")).isEqualTo(folder);
    }

    @Test
    void aNameThatWouldLeaveTheRootIsRefused() throws IOException {
        Path root = Files.createDirectories(tempDir.resolve("run"));
        for (String name : List.of("..", ".", "", "a/b", "../escaped")) {
            assertThatThrownBy(() -> WorkFolders.create(root, name)).as(name)
                    .isInstanceOf(IOException.class).hasMessageContaining("inside " + root);
        }
        assertThat(tempDir.resolve("escaped")).doesNotExist();
    }

    @Test
    @DisabledOnOs(value = WINDOWS, disabledReason = "creating symbolic links needs a privilege on Windows")
    void aSymbolicLinkPlantedWhereAFolderWillBeIsRefused() throws IOException {
        Path root = Files.createDirectories(tempDir.resolve("run"));
        Path outside = Files.createDirectories(tempDir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("deploy"), outside);
        Files.writeString(root.resolve("file"), "not a folder", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WorkFolders.create(root, "deploy")).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> WorkFolders.create(root, "file")).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a folder");
    }
}
