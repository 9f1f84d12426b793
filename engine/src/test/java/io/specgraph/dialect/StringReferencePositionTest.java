package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import io.specgraph.load.LoadedSpec;
import io.specgraph.load.SpecLoader;
import io.specgraph.testing.SharedCompat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.Test;

/**
 * A reference a dialect makes of a string ({@code ex:who "bob"}, the ids of {@code ex:needs "B1, X9"}) that
 * resolves to nothing is reported at the line of the string, not at the first line of the subject that holds it:
 * in a statement of eight lines, the subject's line says little.
 */
class StringReferencePositionTest {
    private static final Path CREW = Path.of("src", "test", "resources", "dialects", "crew");
    private static final Path JOB = CREW.resolve("example").resolve("job.ttl");
    private static final String NS = "https://example.org/job#";

    private static List<Violation> violations(ClosureReport report, String rule) {
        return report.violations().stream().filter(v -> v.ruleId().equals(rule)).toList();
    }

    private static int lineOf(String text) throws Exception {
        List<String> lines = Files.readAllLines(JOB);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in " + JOB);
    }

    @Test
    void anAgentNamedByAStringThatNamesNothingIsReportedAtTheString() throws Exception {
        ClosureReport report = Specgraph.load(l -> l.path(JOB), Dialect.fromFolder(CREW)).validate();

        assertThat(violations(report, "task-agent-exists")).singleElement().satisfies(v -> {
            assertThat(v.value()).isEqualTo(NodeFactory.createURI(NS + "bob"));
            assertThat(v.location()).isEqualTo(JOB + ":" + lineOf("ex:who \"bob\""));
            assertThat(v.message()).contains(":bob is not defined anywhere");
        });
        // an id of an id list made into an IRI is found in the list: ex:after "build, lint"
        assertThat(violations(report, "task-dependency-exists")).singleElement().satisfies(v -> {
            assertThat(v.value()).isEqualTo(NodeFactory.createURI(NS + "lint"));
            assertThat(v.location()).isEqualTo(JOB + ":" + lineOf("ex:after \"build, lint\""));
        });
    }

    @Test
    void anIdThatResolvesToNothingIsReportedAtTheStringOrListEntryThatHoldsIt() throws Exception {
        Spec spec = Specgraph.load(l -> l.path(JOB), Dialect.fromFolder(CREW));

        List<Violation> undefined = violations(spec.validate(), "dialect-reference-defined");

        assertThat(undefined).extracting(Violation::location, v -> v.value().getLiteralLexicalForm())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(JOB + ":" + lineOf("ex:needs \"B1, X9\""), "X9"),
                        org.assertj.core.groups.Tuple.tuple(JOB + ":" + lineOf("\"Y7\""), "Y7"));
        // the mapping report places them there too
        assertThat(spec.mapping().orElseThrow().undefined())
                .extracting(l -> l.what(), l -> l.position().location())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(":test ex:needs \"X9\" (no ex:code)", JOB + ":" + lineOf("ex:needs \"B1, X9\"")),
                        org.assertj.core.groups.Tuple.tuple(":ship ex:needs \"Y7\" (no ex:code)", JOB + ":" + lineOf("\"Y7\"")));
    }

    @Test
    void theLoaderNotesWhereLiteralsAreWrittenOnlyWhenAsked() throws Exception {
        var ship = NodeFactory.createURI(NS + "ship");
        var y7 = NodeFactory.createLiteralString("Y7");

        LoadedSpec noted = new SpecLoader().literalPositions(true).path(JOB).load();
        LoadedSpec plain = new SpecLoader().path(JOB).load();

        int line = lineOf("\"Y7\"");
        int column = Files.readAllLines(JOB).get(line - 1).indexOf('"') + 1;
        // held through the list's blank nodes, at the entry's own line and column
        assertThat(noted.literalPosition(ship, y7)).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.column()).isEqualTo(column);
        });
        assertThat(noted.literalPosition(NodeFactory.createURI(NS + "test"), y7)).isEmpty();
        assertThat(plain.literalPosition(ship, y7)).isEmpty();
    }

    @Test
    void aStatementReReadAfterASyntaxErrorStillNotesItsLiterals(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("job.ttl"), Files.readString(JOB) + "\n:oops ex:step \"Oops\" ;; ]\n");

        LoadedSpec noted = new SpecLoader().literalPositions(true).skipUnparsable(true).path(broken).load();

        assertThat(noted.unparsed()).isNotEmpty();
        String bob = broken + ":" + lineOf("ex:who \"bob\"");
        assertThat(noted.literalPosition(NodeFactory.createURI(NS + "test"), NodeFactory.createLiteralString("bob")))
                .hasValueSatisfying(p -> assertThat(p.location()).isEqualTo(bob));
    }

    @Test
    void inGgen007TheUndeclaredGateOwnerIsReportedAtTheOwnerStatement() throws Exception {
        Path ggen = SharedCompat.spec("ggen-007");
        Path entities = ggen.resolve("entities.ttl");
        List<String> lines = Files.readAllLines(entities);
        int gate = lines.indexOf(":Phase2CompletionGate a :Gate ;") + 1;
        int owner = gate;
        while (!lines.get(owner - 1).contains(":owner \"TaskOrchestrator\"")) {
            owner++;
        }
        assertThat(owner).as("the owner is written below the gate's first line").isGreaterThan(gate);
        String expected = entities + ":" + owner;

        ClosureReport report = Specgraph.load(l -> l.path(ggen), Dialect.builtIn("ggen")).validate();

        assertThat(violations(report, "gate-owner-exists")).singleElement()
                .satisfies(v -> assertThat(v.location()).isEqualTo(expected));
    }
}
