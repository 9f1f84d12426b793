package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the parser passes over in silence is said by the loader: bytes that are not UTF-8, a last statement
 * without its '.', links that are not followed, and the reason a file cannot be read.
 */
class SourceWarningsTest {
    private static final String TASK = """
            @prefix sg: <https://w3id.org/specgraph#> .
            @prefix ex: <https://ex.org/spec#> .
            ex:a a sg:Task .
            """;

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<LoadWarning> ofKind(LoadedSpec spec, LoadWarning.Kind kind) {
        return spec.warnings().stream().filter(w -> w.kind() == kind).toList();
    }

    // ------------------------------------------------------------------ encoding

    @Test
    void bytesThatAreNotUtf8AreWarnedWithThePlaceOfTheFirstAndTheCount() throws IOException {
        byte[] latin1 = (TASK + "ex:a ex:note \"caf\u00e9\" .\nex:a ex:other \"na\u00efve \u00e0\" .\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = write("latin1.ttl", latin1);

        LoadedSpec spec = new SpecLoader().path(file).load();

        assertThat(ofKind(spec, LoadWarning.Kind.INVALID_UTF8)).singleElement().satisfies(w -> {
            assertThat(w.position()).isEqualTo(new SourcePosition(file.toString(), 4, 18));
            assertThat(w.message()).startsWith("3 byte sequences that are not UTF-8 (the first here)").contains("U+FFFD");
        });
    }

    @Test
    void truncatedAndOverlongSequencesCountAsBadAndValidMultiByteTextDoesNot() {
        byte[] good = (TASK + "ex:a ex:note \"\u00e9\u20ac\ud83d\ude00 \u4e2d\" .\n").getBytes(StandardCharsets.UTF_8);
        assertThat(new SpecLoader().string("ok.ttl", new String(good, StandardCharsets.UTF_8)).load().warnings()).isEmpty();

        TurtleScanner scan = new TurtleScanner("x", 10);
        byte[] bad = {'"', (byte) 0xC0, (byte) 0xAF, ' ', (byte) 0xE2, (byte) 0x82, '"', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        scan.accept(bad, 0, bad.length);
        scan.finish();
        // C0 and AF (overlong), E2 82 cut short, ED A0 80 (a surrogate): each malformed sequence counts
        assertThat(scan.badSequences()).isGreaterThanOrEqualTo(4);
        assertThat(scan.firstBad()).isEqualTo(new SourcePosition("x", 1, 2));
    }

    // ------------------------------------------------------------------ statements

    @Test
    void aLastStatementWithoutItsDotIsWarnedWithTheLineItStartsOn() throws IOException {
        Path file = write("cut.ttl", TASK + "ex:b a sg:Task ;\n    ex:note \"cut\"\n\n# end\n");

        LoadedSpec spec = new SpecLoader().path(file).load();

        assertThat(ofKind(spec, LoadWarning.Kind.UNTERMINATED)).singleElement().satisfies(w ->
                assertThat(w.toString()).isEqualTo(file + ":4: warning: the last statement of the file, from line 4,"
                        + " is not terminated by '.'; the file may have been cut short: check that it ends where it"
                        + " should, and end the statement with '.'"));
    }

    @Test
    void statementsEndedByDotsInEveryFormAreNotWarned() {
        String turtle = """
                PREFIX sg: <https://w3id.org/specgraph#>
                @prefix ex: <https://ex.org/spec#> .
                BASE <https://ex.org/base/>
                ex:a a sg:Task ; ex:n 1.5 , 2. ex:b a sg:Task ; ex:s "a . b" , '''x.
                y''' ; ex:t ex:a.b.
                [ ex:p ( 1 2 ) ] ex:q <x.y> . # a comment .
                ex:a ex:r ex:c.
                PREFIX ex2: <https://ex.org/2#>
                """;

        assertThat(new SpecLoader().string("dots.ttl", turtle).load().warnings())
                .noneMatch(w -> w.kind() == LoadWarning.Kind.UNTERMINATED);
    }

    // ------------------------------------------------------------------ links

    @Test
    void aLinkLoopInARecursiveFolderIsWarnedNamingTheLink() throws IOException {
        write("a.ttl", TASK);
        write("sub/b.ttl", TASK.replace("ex:a", "ex:b"));
        Path loop = Files.createSymbolicLink(dir.resolve("sub/back"), dir);

        LoadedSpec spec = new SpecLoader().recursive(true).path(dir).load();

        assertThat(spec.sources()).hasSize(2);
        assertThat(ofKind(spec, LoadWarning.Kind.NOT_FOLLOWED)).singleElement().satisfies(w -> {
            assertThat(w.source()).isEqualTo(loop.toString());
            assertThat(w.toString()).startsWith(loop + ": warning: a symbolic link to " + dir.toRealPath())
                    .contains("a link loop");
        });
    }

    @Test
    void aLinkToItselfInAPlainFolderIsWarnedNamingTheLink() throws IOException {
        write("a.ttl", TASK);
        Path self = Files.createSymbolicLink(dir.resolve("self"), dir);

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertThat(ofKind(spec, LoadWarning.Kind.NOT_FOLLOWED)).singleElement()
                .satisfies(w -> assertThat(w.toString()).startsWith(self + ": warning: ").contains("a link loop"));
    }

    @Test
    void aLinkToAFolderElsewhereIsNotFollowedAndADanglingTurtleLinkIsWarned(@TempDir Path elsewhere) throws IOException {
        write("a.ttl", TASK);
        Files.writeString(elsewhere.resolve("x.ttl"), TASK.replace("ex:a", "ex:x"));
        Path toFolder = Files.createSymbolicLink(dir.resolve("shared"), elsewhere);
        Path dangling = Files.createSymbolicLink(dir.resolve("gone.ttl"), dir.resolve("nowhere.ttl"));
        Path toFile = Files.createSymbolicLink(dir.resolve("linked.ttl"), dir.resolve("a.ttl"));

        LoadedSpec spec = new SpecLoader().recursive(true).path(dir).load();

        assertThat(spec.sources()).containsExactly(dir.resolve("a.ttl").toString(), toFile.toString());
        assertThat(ofKind(spec, LoadWarning.Kind.NOT_FOLLOWED)).extracting(LoadWarning::source)
                .containsExactly(dangling.toString(), toFolder.toString());
        assertThat(spec.warnings().get(0).message()).contains("nowhere.ttl, which does not exist");
        assertThat(spec.warnings().get(1).message()).contains("not followed").contains(elsewhere.toRealPath().toString());
    }

    @Test
    void aLinkToAFileOutsideTheFolderIsNotReadSoItsContentCannotLeakIntoMessages(@TempDir Path elsewhere)
            throws IOException {
        write("a.ttl", TASK);
        Path secret = Files.writeString(elsewhere.resolve("secret"), "TOPSECRET-TOKEN and the rest\n");
        Path planted = Files.createSymbolicLink(dir.resolve("zz.ttl"), secret);
        write("sub/b.ttl", TASK.replace("ex:a", "ex:b"));
        Path inside = Files.createSymbolicLink(dir.resolve("sub/c.ttl"), Path.of("..", "a.ttl"));
        Path viaInside = Files.createSymbolicLink(dir.resolve("sub/d.ttl"), Path.of("c.ttl"));

        LoadedSpec spec = new SpecLoader().recursive(true).path(dir).load();

        assertThat(spec.sources()).containsExactly(dir.resolve("a.ttl").toString(), dir.resolve("sub/b.ttl").toString(),
                inside.toString(), viaInside.toString());
        assertThat(ofKind(spec, LoadWarning.Kind.NOT_FOLLOWED)).singleElement().satisfies(w -> {
            assertThat(w.source()).isEqualTo(planted.toString());
            assertThat(w.toString()).startsWith(planted + ": warning: a symbolic link to " + secret.toRealPath()
                    + ", a file outside the folder " + dir.toRealPath()).contains("not read");
        });
        assertThat(spec.warnings().toString()).doesNotContain("TOPSECRET");
    }

    @Test
    void aLinkIntoAHiddenPartOfTheFolderIsNotReadEither() throws IOException {
        write("a.ttl", TASK);
        write(".env", "TOPSECRET=1\n");
        Path planted = Files.createSymbolicLink(dir.resolve("env.ttl"), Path.of(".env"));

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertThat(spec.sources()).containsExactly(dir.resolve("a.ttl").toString());
        assertThat(ofKind(spec, LoadWarning.Kind.NOT_FOLLOWED)).singleElement()
                .satisfies(w -> assertThat(w.toString()).startsWith(planted + ": warning: a symbolic link to ")
                        .contains("hidden"));
    }

    @Test
    void aLinkGivenExplicitlyIsReadWhereverItPoints(@TempDir Path elsewhere) throws IOException {
        Path target = Files.writeString(elsewhere.resolve("x.ttl"), TASK);
        Path link = Files.createSymbolicLink(dir.resolve("x.ttl"), target);

        LoadedSpec spec = new SpecLoader().path(link).load();

        assertThat(spec.sources()).containsExactly(link.toString());
        assertThat(spec.warnings()).isEmpty();
    }

    // ------------------------------------------------------------------ unreadable

    @Test
    void anUnreadableFileSaysWhy() throws IOException {
        Path file = write("secret.ttl", TASK);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "chmod 000 does not stop this user (root) from reading; see reasonsAreWords");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(file).load());

        assertThat(e.problems()).singleElement().satisfies(p ->
                assertThat(p.toString()).startsWith(file + ": cannot read: permission denied"));
    }

    @Test
    void aFileThatFailsToReadSaysWhyEvenAsRoot() {
        // a regular file whose read fails for every user: /proc/self/mem at offset 0 is unmapped memory
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(mem), "needs Linux's /proc");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(mem).load());

        assertThat(e.problems()).singleElement().satisfies(p ->
                assertThat(p.toString()).isEqualTo("/proc/self/mem: cannot read: input/output error"));
    }

    @Test
    void reasonsAreWords() {
        assertThat(SourceFiles.reason(new AccessDeniedException("/x/secret.ttl"))).startsWith("permission denied");
        assertThat(SourceFiles.reason(new FileSystemException("/x/a.ttl", null, "Is a directory"))).isEqualTo("is a directory");
        assertThat(SourceFiles.reason(new IOException())).isEqualTo("IOException");
    }
}
