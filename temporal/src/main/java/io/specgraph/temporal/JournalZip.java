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
 * A run's journal, and the worker of each attempt, as gzipped lines: the form they are carried in when the run
 * continues as new. Journal lines repeat themselves: gzipped, a journal takes a few bytes an attempt, so a run of
 * tens of thousands of tasks stays far under Temporal's 2 MB payload limit.
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

    /** A map of names without tabs or newlines to any text, as gzipped {@code key<TAB>value} lines (values URL-encoded). */
    static byte[] zipMap(java.util.Map<String, String> map) {
        List<String> lines = new java.util.ArrayList<>(map.size());
        map.forEach((key, value) -> lines.add(key + "\t" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return zip(lines);
    }

    /** The map {@link #zipMap} zipped, in its order. */
    static java.util.Map<String, String> unzipMap(byte[] zipped) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String line : unzip(zipped)) {
            int tab = line.indexOf('\t');
            map.put(line.substring(0, tab), java.net.URLDecoder.decode(line.substring(tab + 1), StandardCharsets.UTF_8));
        }
        return map;
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
