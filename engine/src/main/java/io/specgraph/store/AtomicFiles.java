package io.specgraph.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Files that another process may read at any moment: written to a temporary file beside the target and
 * renamed over it, so that a reader sees the old content or the new one, never half of it.
 */
final class AtomicFiles {
    /** Temporary files start with this; readers skip them. */
    static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {}

    /** Replaces {@code target} with {@code properties}, in UTF-8. */
    static void write(Path target, Properties properties) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, null);
        // the first line is the date Properties writes; dropping it keeps equal content equal on disk
        String body = text.toString();
        write(target, body.substring(body.indexOf('\n') + 1));
    }

    /** Replaces {@code target} with {@code text}, in UTF-8. */
    static void write(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** What writes a file's content. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with what {@code content} writes. */
    static void write(Path target, Content content) throws IOException {
        Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The properties in {@code file}, or empty when there is no such file. */
    static Optional<Properties> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
