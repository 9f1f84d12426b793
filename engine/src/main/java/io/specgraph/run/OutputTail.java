package io.specgraph.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last few lines of a command's log, for a failure reason a person can read. A command may write
 * gigabytes, so only the end of the file is read, and a long line is cut; the file itself is left whole.
 */
final class OutputTail {
    /** How much of the end of a log is read. */
    static final int MAX_BYTES = 4096;
    /** How many non-blank lines are kept. */
    static final int MAX_LINES = 3;
    /** How many characters of a line are kept. */
    static final int MAX_LINE_CHARS = 200;
    private static final String CUT = "…";
    // Cc, not Cntrl: Cntrl is ASCII only, and C1 controls such as U+009B (CSI) drive terminals too; a tab is harmless
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t]]");

    private OutputTail() {}

    /**
     * The last non-blank lines of {@code file}, each at most {@value #MAX_LINE_CHARS} characters; empty when it
     * cannot be read, or is not a regular file: the command may have put a FIFO in the log's place, and opening
     * that would block for ever.
     */
    static List<String> lastLines(Path file) {
        String text;
        boolean partial;
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                return List.of();
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            long start = Math.max(0, size - MAX_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or the end of the file
            }
            byte[] bytes = buffer.array();
            int from = 0;
            partial = start > 0;
            while (partial && from < buffer.position() && (bytes[from] & 0xC0) == 0x80) {
                from++; // the read began inside a UTF-8 character
            }
            text = new String(bytes, from, buffer.position() - from, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (partial && !lines.isEmpty()) {
            // the first line began before what was read
            lines.set(0, CUT + lines.get(0));
        }
        List<String> kept = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && kept.size() < MAX_LINES; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.equals(CUT)) {
                kept.add(0, cut(line));
            }
        }
        return kept;
    }

    /**
     * At most {@value #MAX_LINE_CHARS} characters of a line, marked when cut, with control characters (a
     * terminal's colour codes, say) shown as {@code ?} so that printing the reason cannot drive the terminal.
     */
    static String cut(String line) {
        String shown = line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + CUT;
        return CONTROL.matcher(shown).replaceAll("?");
    }
}
