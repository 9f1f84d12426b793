package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.specgraph.vocab.SG;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every syntax error of every file in one run, at exact positions, and what parses kept when asked. */
class SyntaxRecoveryTest {
    private static final String PREFIXES = """
            @prefix : <https://ex.org/spec#> .
            @prefix sg: <https://w3id.org/specgraph#> .
            """;

    @TempDir
    Path dir;

    /** The four kinds of slip real specs repeated 5 to 31 times per file; all are reported, each with what to write. */
    @Test
    void everySyntaxErrorOfAFileIsReportedWithWhatToWriteInstead() throws IOException {
        Path plan = write("plan.ttl", PREFIXES + """
                :a a sg:Task ; sg:dependsOn ( :b :c ] .
                :b a sg:Task ; sg:dependsOn ( :a, :c ) .
                :c a sg:Task .
                :d a sg:Task ; sg:dependsOn ( :a ; sg:agent :x ) .
                :e a sg:Task ; sg:agent Builder .
                """);

        List<LoadProblem> problems = failures();

        assertThat(problems).extracting(p -> p.position().toString()).containsExactly(
                plan + ":3:37", plan + ":4:33", plan + ":6:34", plan + ":7:25");
        assertThat(problems).allSatisfy(p -> assertThat(p.kind()).isEqualTo(LoadProblem.Kind.SYNTAX));
        assertThat(problems.get(0).message()).contains("the list ( … opened at line 3:29 is closed with ']'; close it with ')'");
        assertThat(problems.get(1).message()).contains("separated by spaces, not commas");
        assertThat(problems.get(2).message()).contains("a ';' inside the list ( … opened at line 6:29")
                .contains("close the list with ')'");
        assertThat(problems.get(3).message()).contains("Builder is a name without a prefix").contains(":Builder");
    }

    @Test
    void errorsOfSeveralFilesAreAllReportedInFileOrder() throws IOException {
        Path a = write("a.ttl", PREFIXES + ":a a sg:Task ; sg:dependsOn ( :b, :c ) .\n:b a sg:Task ; sg:dependsOn ( :c, :d ) .\n");
        Path b = write("b.ttl", PREFIXES + ":c a sg:Task ; sg:agent Tester .\n:d a sg:Task .\n:e a sg:Task ; sg:agent Writer .\n");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(dir).load());

        assertThat(e.problems()).extracting(p -> p.position().toString())
                .containsExactly(a + ":3:33", a + ":4:33", b + ":3:25", b + ":5:25");
        assertThat(e.getMessage()).contains("4 problems");
    }

    /** Jena counts UTF-16 units: an emoji before the error used to shift the column by one per emoji. */
    @Test
    void columnsAreCountedInCharactersNotUtf16Units() throws IOException {
        Path plan = write("plan.ttl", PREFIXES + ":a a sg:Task ; :label \"😀😀\", :x :y .\n");

        assertThat(failures()).singleElement().satisfies(p -> assertThat(p.position()).isEqualTo(new SourcePosition(plan.toString(), 3, 32)));
    }

    @Test
    void warningsAfterAnEmojiAreAtTheirColumnInCharactersToo() throws IOException {
        Path plan = write("plan.ttl", PREFIXES + ":a a sg:Task ; :label \"🚀\" ; sg:ndsOn :b .\n:b a sg:Task .\n");

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertThat(spec.warnings()).filteredOn(w -> w.kind() == LoadWarning.Kind.UNKNOWN_TERM).singleElement()
                .satisfies(w -> assertThat(w.position()).isEqualTo(new SourcePosition(plan.toString(), 3, 29)));
    }

    @Test
    void anUnclosedStringIsReportedWhereItOpens() throws IOException {
        Path plan = write("plan.ttl", PREFIXES + """
                :a a sg:Task ; :label "a label that goes on
                   over two lines" .
                :b a sg:Task ; sg:agent Nobody .
                """);

        List<LoadProblem> problems = failures();

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).position()).isEqualTo(new SourcePosition(plan.toString(), 3, 23));
        assertThat(problems.get(0).message()).contains("a string opens here and is not closed on its line");
        // the statement after the broken string is still found and read
        assertThat(problems.get(1).position()).isEqualTo(new SourcePosition(plan.toString(), 5, 25));
    }

    @Test
    void anUnclosedLongStringIsReportedWhereItOpensAndSaysItSwallowsTheRestOfTheFile() throws IOException {
        Path plan = write("plan.ttl", PREFIXES + ":a a sg:Task ; :note \"\"\"starts here .\n:b a sg:Task .\n:c a sg:Task .\n");

        assertThat(failures()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(new SourcePosition(plan.toString(), 3, 22));
            assertThat(p.message()).contains("never closed").contains("to line 5");
        });
    }

    @Test
    void anErrorAfterAStatementThatLeavesABracketOpenSaysItMayBeAConsequence() throws IOException {
        write("plan.ttl", PREFIXES + """
                :a a sg:Task ; sg:dependsOn ( :b :c .
                :b a sg:Task ; sg:agent Someone .
                :c a sg:Task ; sg:agent Other .
                """);

        List<LoadProblem> problems = failures();

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0).position().line()).isEqualTo(3);
        assertThat(problems.get(1).position().line()).isEqualTo(4);
        assertThat(problems.get(1).message()).contains("may be a consequence of the error at line 3");
        assertThat(problems.get(2).message()).doesNotContain("consequence");
    }

    @Test
    void anUndefinedPrefixWhoseDirectiveDidNotParseIsNamedAConsequenceOfIt() throws IOException {
        write("plan.ttl", """
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix ex <https://ex.org/spec#> .
                ex:a a sg:Task .
                """);

        List<LoadProblem> problems = failures();

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).position().line()).isEqualTo(2);
        assertThat(problems.get(1).position().line()).isEqualTo(3);
        assertThat(problems.get(1).message()).contains("consequence of the error at line 2");
    }

    @Test
    void skippingUnparsableStatementsKeepsWhatParsesAndListsTheRest() throws IOException {
        Path plan = write("plan.ttl", PREFIXES + """
                :a a sg:Task ;
                    sg:agent :dev ;
                    sg:dependsOn ( :b, :c ) .
                :b a sg:Task ; sg:agent :dev ; sg:note _:shared .
                :c a sg:Task ; sg:agent Dev .
                :d a sg:Task ; sg:note _:shared .
                """);
        Path other = write("z-other.ttl", PREFIXES + ":dev a sg:Agent .\n");

        LoadedSpec spec = new SpecLoader().skipUnparsable(true).path(dir).load();

        Node type = RDF.type.asNode();
        // :a's statement failed half-way: none of it is kept, not even the triples read before the error
        assertThat(spec.union().contains(ex("a"), Node.ANY, Node.ANY)).isFalse();
        assertThat(spec.union().contains(ex("c"), Node.ANY, Node.ANY)).isFalse();
        assertThat(spec.union().contains(ex("b"), type, SG.Task)).isTrue();
        assertThat(spec.union().contains(ex("d"), type, SG.Task)).isTrue();
        assertThat(spec.union().contains(ex("dev"), type, SG.Agent)).isTrue();
        assertThat(spec.union().find(Node.ANY, RDF.first.asNode(), Node.ANY).hasNext()).as("no half list").isFalse();
        // a blank node label means one node across statements, as in one parse
        Node note = NodeFactory.createURI(SG.NS + "note");
        assertThat(spec.union().find(ex("b"), note, Node.ANY).next().getObject())
                .isEqualTo(spec.union().find(ex("d"), note, Node.ANY).next().getObject());
        assertThat(spec.positionOf(ex("b"))).contains(new SourcePosition(plan.toString(), 6, 1));
        assertThat(spec.positionOf(ex("a"))).isEmpty();
        assertThat(spec.unparsed()).extracting(p -> p.position().toString()).containsExactly(plan + ":5:22", plan + ":7:25");
        assertThat(spec.unparsed().get(0).message()).endsWith("left out: the statement at lines 3–5");
        assertThat(spec.unparsed().get(1).message()).endsWith("left out: the statement at line 7");
        // 2 prefixes + 4 statements in plan.ttl, read statement by statement; z-other.ttl parsed whole
        assertThat(spec.parseChecks()).isEqualTo(7);
        assertThat(spec.sources()).containsExactly(plan.toString(), other.toString());
    }

    @Test
    void withoutSkippingASpecThatParsesWholeHasNothingUnparsed() throws IOException {
        write("plan.ttl", PREFIXES + ":a a sg:Task .\n");

        LoadedSpec spec = new SpecLoader().skipUnparsable(true).path(dir).load();

        assertThat(spec.unparsed()).isEmpty();
        assertThat(spec.parseChecks()).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotTurtleListsAHundredErrorsThenSaysHowManyMore() throws IOException {
        StringBuilder junk = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            junk.append("this is , not turtle .\n");
        }
        write("notes.ttl", junk.toString());

        List<LoadProblem> problems = failures();

        assertThat(problems).hasSize(StatementRecovery.MAX_LISTED + 1);
        assertThat(problems.get(StatementRecovery.MAX_LISTED).message())
                .startsWith("50 more statements between lines 101 and 150 do not parse either");
    }

    @Test
    void theNestingLimitHoldsBeyondASyntaxErrorToo() throws IOException {
        String deep = "(".repeat(40) + ")".repeat(40);
        write("plan.ttl", PREFIXES + ":a a sg:Task ; sg:agent Nobody .\n:b sg:note " + deep + " .\n");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class,
                () -> new SpecLoader().limits(new LoadLimits(1 << 20, 1000, 30)).path(dir).load());

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
            assertThat(p.position().line()).isEqualTo(4);
        });
    }

    private List<LoadProblem> failures() {
        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(dir).load());
        assertThat(e).as("the load must fail").isNotNull();
        return e.problems();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static Node ex(String local) {
        return NodeFactory.createURI("https://ex.org/spec#" + local);
    }
}
