package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of a log, as quoted in a failure reason: a few short lines, read from the end of the file only. */
class OutputTailTest {

    @TempDir
    Path tempDir;

    private Path file(String text) throws IOException {
        return Files.writeString(tempDir.resolve("stderr-1.log"), text, StandardCharsets.UTF_8);
    }

    @Test
    void theLastThreeNonBlankLines() throws IOException {
        assertThat(OutputTail.lastLines(file("one\ntwo\n\nthree\n  four  \n\n"))).containsExactly("two", "three", "four");
        assertThat(OutputTail.lastLines(file("only"))).containsExactly("only");
        assertThat(OutputTail.lastLines(file(""))).isEmpty();
        assertThat(OutputTail.lastLines(tempDir.resolve("missing.log"))).isEmpty();
    }

    @Test
    void aLongLineIsCut() throws IOException {
        String line = "e".repeat(1000);
        assertThat(OutputTail.lastLines(file(line + "\nlast\n")))
                .containsExactly("e".repeat(OutputTail.MAX_LINE_CHARS) + "…", "last");
        assertThat(OutputTail.lastLines(file(line))).singleElement()
                .isEqualTo("e".repeat(OutputTail.MAX_LINE_CHARS) + "…");
    }

    @Test
    void onlyTheEndOfAHugeLogIsReadAndItsFirstLineIsMarkedPartial() throws IOException {
        // 8 KiB of 'x' then multi-byte characters straddling the point where reading starts
        String text = "x".repeat(8192) + "é".repeat(OutputTail.MAX_BYTES) + "\nthe error\n";
        assertThat(OutputTail.lastLines(file(text)))
                .containsExactly("…" + "é".repeat(OutputTail.MAX_LINE_CHARS - 1) + "…", "the error");
    }

    @Test
    void controlCharactersAreNotPassedToTheTerminal() throws IOException {
        assertThat(OutputTail.lastLines(file("\u001b[31merror\u001b[0m\tat\u0007 x\n"))).containsExactly("?[31merror?[0m\tat? x");
    }

    @Test
    void c1ControlCharactersAreNotPassedToTheTerminalEither() throws IOException {
        // U+009B is CSI, ESC [ in one character, which many terminals obey; U+0085 is NEL, U+007F DEL
        assertThat(OutputTail.lastLines(file("\u009B2Jgone\u0085 \u007F\u009D0;title\u009C\tend\n")))
                .containsExactly("?2Jgone? ??0;title?\tend");
        assertThat(OutputTail.cut("a\u009Bb")).isEqualTo("a?b");
    }
}
