package io.specgraph.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real specs of other projects that tests read from {@code ../shared/compat} beside the repository. They
 * are never copied into the repository, so a clone without {@code ../shared} skips the tests that need them,
 * saying why, instead of failing.
 */
public final class SharedCompat {
    /** The repository's root, seen from a module's folder (where Maven runs its tests). */
    private static final Path SHARED = Path.of("..", "..", "shared");

    private SharedCompat() {}

    /** The folder of the named compat spec (such as {@code ggen-007}); skips the calling test when it is absent. */
    public static Path spec(String name) {
        Path folder = SHARED.resolve("compat").resolve(name);
        assumeTrue(Files.isDirectory(folder), () -> "skipped: " + folder.toAbsolutePath().normalize()
                + " is not there; this test reads the real spec " + name + " from ../shared/compat beside the"
                + " repository, which a plain clone does not have");
        return folder;
    }
}
