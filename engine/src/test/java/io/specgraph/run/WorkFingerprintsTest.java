package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a task's fingerprint: what counts as its work, and the content of its paths. */
class WorkFingerprintsTest {
    private static final String TASK = "https://example.org/x#t";

    private static Graph parse(String turtle) {
        return RDFParser.fromString(turtle, Lang.TURTLE).toGraph();
    }

    private static final String WRITTEN = """
            @prefix : <https://example.org/x#> .
            @prefix sg: <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :t a sg:Task ; rdfs:label "T" ; sg:command "make" ; sg:inputs "a.txt" , "b.txt" ;
               sg:estimatedDuration "PT1S" ; :options [ :level 3 ; :flags ( "x" "y" ) ] .
            """;

    @Test
    void formattingOrderPrefixesBlankNodeLabelsLabelsAndEstimatesDoNotCount() {
        Graph other = parse("""
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix ex: <https://example.org/x#> .
                ex:t   ex:options _:opts ;
                       sg:inputs "b.txt" ;
                       sg:estimatedDuration "PT9H" ;
                       <http://www.w3.org/2000/01/rdf-schema#label> "Another label" ;
                       sg:inputs "a.txt" ;
                       a sg:Task ;
                       sg:command "make" .
                _:opts ex:flags ( "x" "y" ) ; ex:level 3 .
                """);
        assertThat(WorkFingerprints.statements(other, TASK)).isEqualTo(WorkFingerprints.statements(parse(WRITTEN), TASK));
    }

    @Test
    void aChangedCommandOrNestedValueChangesItsOwnPartOnly() {
        Map<String, String> was = WorkFingerprints.statements(parse(WRITTEN), TASK);
        Map<String, String> command = WorkFingerprints.statements(parse(WRITTEN.replace("\"make\"", "\"make all\"")), TASK);
        Map<String, String> nested = WorkFingerprints.statements(parse(WRITTEN.replace("( \"x\" \"y\" )", "( \"y\" \"x\" )")), TASK);
        String commandKey = "https://w3id.org/specgraph#command";
        assertThat(command.get(commandKey)).isNotEqualTo(was.get(commandKey));
        assertThat(command).hasSameSizeAs(was).containsAllEntriesOf(Map.of("https://example.org/x#options", was.get("https://example.org/x#options")));
        assertThat(nested.get("https://example.org/x#options")).isNotEqualTo(was.get("https://example.org/x#options"));
    }

    @Test
    void contentHashesFilesAndFoldersAndSaysWhatIsMissing(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("f"));
        Files.writeString(folder.resolve("one.txt"), "1");
        String file = WorkFingerprints.content(folder.resolve("one.txt"));
        assertThat(file).isEqualTo("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b");
        String whole = WorkFingerprints.content(folder);
        Files.writeString(folder.resolve("two.txt"), "2");
        assertThat(WorkFingerprints.content(folder)).isNotEqualTo(whole);
        assertThat(WorkFingerprints.content(dir.resolve("nothing"))).isEqualTo(WorkFingerprints.MISSING);
    }

    @Test
    void aCheckSurvivesTheJournal() {
        CoreInput.TaskChecked checked = new CoreInput.TaskChecked(42, 3, "ab12", true,
                List.of(new CheckReason(CheckReason.Kind.INPUT_CHANGED, "in\tput.txt", "aa", "bb", "plan.ttl:4", ""),
                        CheckReason.of(CheckReason.Kind.UNCHANGED, "")),
                "urn:specgraph:run:abc:task:3:attempt:1", List.of("out", 2), Map.of("https://example.org/x#m", new BigDecimal("1.50")));
        CoreInput back = JournalEntries.decode(JournalEntries.encode(checked), Map.of());
        assertThat(back).isEqualTo(checked);
        CoreInput.TaskChecked runs = new CoreInput.TaskChecked(1, 0, "cd", false, List.of(CheckReason.of(CheckReason.Kind.NO_EARLIER_SUCCESS, "")),
                null, null, Map.of());
        assertThat(JournalEntries.decode(JournalEntries.encode(runs), Map.of())).isEqualTo(runs);
    }
}
