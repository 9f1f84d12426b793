package io.specgraph.temporal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A run's journal as gzipped lines, the form it is carried in when the run continues as new: journal lines repeat
 * themselves, so a journal of ten thousand tasks stays far under Temporal's 2 MB payload limit.
 */
final class JournalZip {
    private JournalZip() {}

    static byte[] zip(List<String> journal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String line : journal) {
                // a journal line holds no newline: the core's format escapes them
                gz.write(line.getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<String> unzip(byte[] zipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : List.of(all.substring(0, all.length() - 1).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
