package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names, IRIs and link targets come from the spec's author, who may be hostile: every load warning quotes
 * them cut to a readable length and with control characters (C0, DEL and C1, ESC among them) made visible
 * as {@code ?}, so a spec cannot flood a CI log or drive the terminal that shows it.
 */
class QuotedTextTest {
    private static final String PREFIXES = """
            @prefix :     <https://example.org/q#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :dev a sg:Agent ; rdfs:label "Dev" .
            :t a sg:Task ; rdfs:label "T" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" .
            """;
    /** ESC starting a colour sequence, and CSI as one C1 character. */
    private static final String ESCAPES = "\\u001B[31m\\u009B2J";

    @TempDir
    Path dir;

    private static void assertQuotedSafely(List<LoadWarning> warnings) {
        assertThat(warnings).isNotEmpty().allSatisfy(w -> {
            assertThat(w.toString().length()).as(w.kind() + " warning length").isLessThan(1_000);
            assertThat(w.toString().codePoints().filter(c -> Character.getType(c) == Character.CONTROL).count())
                    .as("control characters in " + w).isZero();
        });
    }

    @Test
    void unknownSgNamesAMegabyteLongAreQuotedCutAndDoNotSlowTheLoad() {
        StringBuilder turtle = new StringBuilder(PREFIXES);
        for (int i = 0; i < 10; i++) {
            turtle.append(":t sg:").append(String.valueOf((char) ('a' + i)).repeat(1_000_000)).append(" 1 .\n");
        }
        long start = System.nanoTime();
        List<LoadWarning> warnings = new SpecLoader().string("long.ttl", turtle.toString()).load().warnings();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(warnings).hasSize(10).allMatch(w -> w.kind() == LoadWarning.Kind.UNKNOWN_TERM);
        assertQuotedSafely(warnings);
        assertThat(warnings.get(0).message()).startsWith("sg:" + "a".repeat(57) + "… is not a term of the specgraph vocabulary");
        // the typo search compared every megabyte name with every term of the vocabulary (about 40 s here); a
        // name that long can never be like a term, and parsing the 10 MB takes well under this bound
        assertThat(millis).as("load time in ms").isLessThan(15_000);
    }

    @Test
    void controlCharactersInAnUnknownTermAndInTheParsersWarningAreShownAsQuestionMarks() {
        List<LoadWarning> warnings = new SpecLoader()
                .string("esc.ttl", PREFIXES + ":t <https://w3id.org/specgraph#bad" + ESCAPES + "> 1 .\n").load().warnings();

        assertQuotedSafely(warnings);
        assertThat(warnings).anySatisfy(w -> {
            assertThat(w.kind()).isEqualTo(LoadWarning.Kind.UNKNOWN_TERM);
            assertThat(w.message()).startsWith("sg:bad?[31m?2J is not a term");
        });
        assertThat(warnings).anySatisfy(w -> assertThat(w.kind()).isEqualTo(LoadWarning.Kind.PARSER));
    }

    @Test
    void theTermsOfANearMissNamespaceAreQuotedCutAndSafe() {
        List<LoadWarning> warnings = new SpecLoader().string("good.ttl", PREFIXES).string("near.ttl", """
                @prefix sg: <https://w3id.org/specgraf#> .
                <https://example.org/q#g> a sg:%s ; <https://w3id.org/specgraf#x%s> 1 .
                """.formatted("G".repeat(100_000), ESCAPES)).load().warnings();

        List<LoadWarning> nearMisses = warnings.stream().filter(w -> w.kind() == LoadWarning.Kind.NAMESPACE_NEAR_MISS).toList();
        assertThat(nearMisses).singleElement().satisfies(w -> assertThat(w.message())
                .contains("2 terms here (" + "G".repeat(60) + "…, x?[31m?2J)"));
        assertQuotedSafely(warnings);
    }

    @Test
    void aNameUnderTwoNamespacesIsQuotedCutAndSafe() {
        String name = "Build" + ESCAPES + "x".repeat(100_000);
        List<LoadWarning> warnings = new SpecLoader()
                .string("a.ttl", PREFIXES + ":t rdfs:seeAlso <https://ex.org/a#" + name + "> .\n")
                .string("b.ttl", PREFIXES + ":t rdfs:seeAlso <https://ex.org/b#" + name + "> .\n").load().warnings();

        List<LoadWarning> splits = warnings.stream().filter(w -> w.kind() == LoadWarning.Kind.NAMESPACE_SPLIT).toList();
        assertThat(splits).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("the name \"Build?[31m?2J" + "x".repeat(47) + "…\" is used under 2 namespaces:")
                .contains("<https://ex.org/a#Build?[31m?2Jxxx"));
        assertQuotedSafely(warnings);
    }

    @Test
    void aDanglingLinkIsNamedWithItsTargetCutAndSafe() throws IOException {
        Files.writeString(dir.resolve("a.ttl"), PREFIXES);
        Path target = dir.resolve("gone-\u001B[2J-\u009B" + "y/".repeat(300));
        Files.createSymbolicLink(dir.resolve("gone.ttl"), target);

        List<LoadWarning> warnings = new SpecLoader().path(dir).load().warnings();

        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.message()).contains("gone-?[2J-?y/y/")
                .contains("…, which does not exist"));
        assertQuotedSafely(warnings);
    }
}
