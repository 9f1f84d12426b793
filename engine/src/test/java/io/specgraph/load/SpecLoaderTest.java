package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.specgraph.vocab.SG;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.shared.AddDeniedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    private static final String PREFIXES = """
            @prefix sg: <https://w3id.org/specgraph#> .
            @prefix ex: <https://ex.org/spec#> .
            """;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ folders

    @Test
    void folderLoadsEachTurtleFileAsNamedGraphAndTheirUnionIgnoringOtherAndHiddenFiles() throws IOException {
        // written in reverse order: the loader must sort by name, not by creation or directory order
        Path b = write("b.ttl", PREFIXES + "ex:b a sg:Task .\n");
        Path a = write("a.ttl", PREFIXES + "ex:a a sg:Task .\n");
        write("notes.txt", "not Turtle at all: if this were parsed the load would fail\n");
        write(".x.ttl", PREFIXES + "ex:hidden a sg:Task .\n");

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertThat(spec.sources()).containsExactly(a.toString(), b.toString());
        Node graphA = NodeFactory.createURI(a.toUri().toString());
        Node graphB = NodeFactory.createURI(b.toUri().toString());
        assertThat(spec.dataset().listGraphNodes()).toIterable().containsExactlyInAnyOrder(graphA, graphB);
        assertThat(spec.dataset().getGraph(graphA).contains(ex("a"), rdfType(), SG.Task)).isTrue();
        assertThat(spec.dataset().getGraph(graphA).contains(ex("b"), Node.ANY, Node.ANY)).isFalse();
        assertThat(spec.dataset().getGraph(graphB).contains(ex("b"), rdfType(), SG.Task)).isTrue();
        assertThat(spec.union().contains(ex("a"), rdfType(), SG.Task)).isTrue();
        assertThat(spec.union().contains(ex("b"), rdfType(), SG.Task)).isTrue();
        assertThat(spec.union().contains(ex("hidden"), Node.ANY, Node.ANY)).isFalse();
        assertThat(spec.size()).isEqualTo(2);
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void subFolderIsNotLoadedButNamedInAWarningUnlessRecursive() throws IOException {
        Path a = write("a.ttl", PREFIXES + "ex:a a sg:Task .\n");
        Path sub = dir.resolve("more");
        Path c = write("more/c.ttl", PREFIXES + "ex:c a sg:Task .\n");

        LoadedSpec flat = new SpecLoader().path(dir).load();

        assertThat(flat.sources()).containsExactly(a.toString());
        assertThat(flat.union().contains(ex("c"), Node.ANY, Node.ANY)).isFalse();
        assertThat(flat.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(LoadWarning.Kind.FOLDER_NOT_LOADED);
            assertThat(w.source()).isEqualTo(sub.toString());
            assertThat(w.toString()).startsWith(sub + ": warning: ").contains("not loaded");
        });

        LoadedSpec deep = new SpecLoader().recursive(true).path(dir).load();

        assertThat(deep.sources()).containsExactly(a.toString(), c.toString());
        assertThat(deep.union().contains(ex("c"), rdfType(), SG.Task)).isTrue();
        assertThat(deep.warnings()).isEmpty();
    }

    @Test
    void hiddenSubFolderIsNeitherLoadedNorWarnedAboutEvenWhenRecursive() throws IOException {
        Path a = write("a.ttl", PREFIXES + "ex:a a sg:Task .\n");
        write(".git/c.ttl", PREFIXES + "ex:c a sg:Task .\n");

        LoadedSpec flat = new SpecLoader().path(dir).load();
        LoadedSpec deep = new SpecLoader().recursive(true).path(dir).load();

        assertThat(flat.warnings()).isEmpty();
        assertThat(deep.sources()).containsExactly(a.toString());
        assertThat(deep.union().contains(ex("c"), Node.ANY, Node.ANY)).isFalse();
    }

    // ------------------------------------------------------------------ positions

    @Test
    void positionOfGivesFileAndLineOfWhereASubjectFirstAppearsInEachFile() throws IOException {
        Path a = write("a.ttl", """
                # plan.ttl of a small spec
                # (two comment lines, two prefix lines and a blank line before the first subject)
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix ex: <https://ex.org/spec#> .

                # the first task
                ex:task-1 a sg:Task ;
                    sg:phase ex:phase-1 .
                """);
        Path b = write("b.ttl", """
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix ex: <https://ex.org/spec#> .
                ex:phase-1 a sg:Phase .

                ex:gate a sg:Gate ;
                    sg:closes ex:phase-1 ;
                    sg:condition [ sg:ask "ASK {}" ] .
                """);

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertPosition(spec, ex("task-1"), a.toString(), 7, 1);
        // mentioned as an object in a.ttl first, but it first appears as a subject in b.ttl
        assertPosition(spec, ex("phase-1"), b.toString(), 3, 1);
        assertPosition(spec, ex("gate"), b.toString(), 5, 1);
        Node condition = spec.union().find(ex("gate"), SG.condition, Node.ANY).next().getObject();
        assertThat(condition.isBlank()).isTrue();
        assertPosition(spec, condition, b.toString(), 7, 18);
        // never a subject: no position
        assertThat(spec.positionOf(SG.Task)).isEmpty();
    }

    @Test
    void positionIsThatOfTheSubjectTokenEvenWhenItsFirstObjectIsOnALaterLine() {
        LoadedSpec spec = new SpecLoader().string("layout.ttl", PREFIXES + """
                ex:task-2
                    a sg:Task .
                ex:gate-2 sg:condition [
                        sg:ask "ASK {}"
                    ] .
                  ex:task-3 a sg:Task .
                """).load();

        assertThat(spec.positionOf(ex("task-2"))).contains(new SourcePosition("layout.ttl", 3, 1));
        assertThat(spec.positionOf(ex("gate-2"))).contains(new SourcePosition("layout.ttl", 5, 1));
        Node condition = spec.union().find(ex("gate-2"), SG.condition, Node.ANY).next().getObject();
        // a [ ... ] blank node is where its opening bracket is
        assertThat(spec.positionOf(condition)).contains(new SourcePosition("layout.ttl", 5, 24));
        assertThat(spec.positionOf(ex("task-3"))).contains(new SourcePosition("layout.ttl", 8, 3));
    }

    // ------------------------------------------------------------------ syntax errors

    @Test
    void syntaxErrorsInTwoFilesAreBothReportedWithFileLineAndColumn() throws IOException {
        Path a = write("a.ttl", """
                @prefix ex: <https://ex.org/spec#> .
                ex:a ex:p 1 .
                nope:b ex:p 2 .
                """);
        Path b = write("b.ttl", """
                @prefix ex: <https://ex.org/spec#> .

                ex:c ex:p 1 .
                ex:d ex:p 2 ex:e ex:p 3 .
                """);

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(dir).load());

        assertThat(e).as("the load must fail").isNotNull();
        assertThat(e.problems()).hasSize(2).allSatisfy(p -> assertThat(p.kind()).isEqualTo(LoadProblem.Kind.SYNTAX));
        LoadProblem inA = e.problems().get(0);
        LoadProblem inB = e.problems().get(1);
        // undefined prefix: the error is at the prefixed name
        assertThat(inA.source()).isEqualTo(a.toString());
        assertThat(inA.position()).isEqualTo(new SourcePosition(a.toString(), 3, 1));
        assertThat(inA.message()).containsIgnoringCase("prefix").contains("nope");
        // missing dot: the error is at the token where the dot should have been
        assertThat(inB.source()).isEqualTo(b.toString());
        assertThat(inB.position()).isEqualTo(new SourcePosition(b.toString(), 4, 13));
        assertThat(inB.message()).containsIgnoringCase("DOT");
        assertThat(e.getMessage()).contains("2 problems").contains(a + ":3:1").contains(b + ":4:13");
    }

    /** Found by the spec fuzzer: Jena's tokenizer throws a formatting exception of its own on "%" at the end of a file. */
    @Test
    void aPercentEscapeCutOffByTheEndOfTheFileIsALocatedSyntaxError() throws IOException {
        Path a = write("a.ttl", "@prefix ex: <https://ex.org/spec#> .\nex:a ex:p ex:c%4");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(dir).load());

        assertThat(e).as("the load must fail").isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.SYNTAX);
            assertThat(p.position().line()).isEqualTo(2);
            assertThat(p.message()).contains("cut off by the end of the file");
        });
        assertThat(e.getMessage()).contains(a + ":2:");
    }

    @Test
    void anErrorInOneFileFailsTheWholeLoadEvenThoughAnotherFileIsValid() throws IOException {
        write("a-good.ttl", PREFIXES + "ex:a a sg:Task .\n");
        Path bad = write("b-bad.ttl", PREFIXES + "ex:b a sg:Task ;\n    sg:agent .\n");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(dir).load());

        assertThat(e).as("a spec with one broken file must not load").isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.SYNTAX);
            assertThat(p.source()).isEqualTo(bad.toString());
            assertThat(p.position().line()).isEqualTo(4);
        });
    }

    // ------------------------------------------------------------------ I/O

    @Test
    void missingPathIsAnIoProblemNamingThePath() {
        Path missing = dir.resolve("no-such-spec");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(missing).load());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.IO);
            assertThat(p.source()).isEqualTo(missing.toString());
            assertThat(p.message()).contains("no such file or folder");
        });
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void emptyFolderIsAnIoProblemSayingThereIsNoTurtleFile() throws IOException {
        write("README.md", "# not a spec\n");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().path(dir).load());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.IO);
            assertThat(p.source()).isEqualTo(dir.toString());
            assertThat(p.message()).contains("no .ttl file");
        });
    }

    @Test
    void noSourceAtAllIsAnIoProblem() {
        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader().load());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(LoadProblem.Kind.IO));
    }

    // ------------------------------------------------------------------ limits

    @Test
    void fileLargerThanTheByteLimitIsRefusedWithTheLimitInTheMessage() throws IOException {
        Path big = write("big.ttl", PREFIXES + "ex:a ex:note \"" + "x".repeat(5_000) + "\" .\n");

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader()
                .limits(LoadLimits.DEFAULT.withMaxBytesPerSource(1_000)).path(big).load());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
            assertThat(p.source()).isEqualTo(big.toString());
            assertThat(p.message()).contains("1000 bytes");
        });
    }

    @Test
    void moreTriplesThanTheLimitAcrossSourcesAreRefused() {
        String three = PREFIXES + "ex:a ex:p 1, 2, 3 .\n";
        String threeMore = PREFIXES + "ex:b ex:p 1, 2, 3 .\n";

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader()
                .limits(LoadLimits.DEFAULT.withMaxTriples(5))
                .string("one.ttl", three).string("two.ttl", threeMore).load());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
            assertThat(p.source()).isEqualTo("two.ttl");
            assertThat(p.message()).contains("5 triples");
        });
        // the limit is inclusive: exactly the limit loads
        LoadedSpec atLimit = new SpecLoader().limits(LoadLimits.DEFAULT.withMaxTriples(6))
                .string("one.ttl", three).string("two.ttl", threeMore).load();
        assertThat(atLimit.size()).isEqualTo(6);
    }

    @Test
    void loadLimitsRejectNonPositiveValues() {
        assertThatThrownBy(() -> new LoadLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadLimits(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadLimits.DEFAULT.withMaxTriples(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadLimits.DEFAULT.withMaxBytesPerSource(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LoadLimits(1, 1).maxTriples()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ strings and resources

    @Test
    void stringSourcePositionsUseTheGivenName() {
        LoadedSpec spec = new SpecLoader().string("a.ttl", PREFIXES + "\nex:a a sg:Task .\n").load();

        assertThat(spec.sources()).containsExactly("a.ttl");
        assertThat(spec.positionOf(ex("a"))).get().extracting(SourcePosition::location).isEqualTo("a.ttl:4");
    }

    @Test
    void classPathResourceLoadsWithItsPathAsSourceName() {
        String path = "io/specgraph/load/tiny.ttl";

        LoadedSpec spec = new SpecLoader().resource(path).load();
        LoadedSpec withSlash = new SpecLoader().resource("/" + path).load();

        Node task = NodeFactory.createURI("https://ex.org/tiny#only-task");
        assertThat(spec.sources()).containsExactly(path);
        assertThat(spec.union().contains(task, rdfType(), SG.Task)).isTrue();
        assertThat(spec.positionOf(task)).get().extracting(SourcePosition::location).isEqualTo(path + ":5");
        assertThat(withSlash.union().contains(task, rdfType(), SG.Task)).isTrue();
    }

    @Test
    void missingClassPathResourceIsAnIoProblem() {
        SpecLoadException e = catchThrowableOfType(SpecLoadException.class,
                () -> new SpecLoader().resource("io/specgraph/load/no-such.ttl").load());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(LoadProblem.Kind.IO);
            assertThat(p.source()).isEqualTo("io/specgraph/load/no-such.ttl");
            assertThat(p.message()).contains("class path");
        });
    }

    // ------------------------------------------------------------------ namespace split

    @Test
    void oneNameUnderTwoNamespacesInTwoFilesIsWarnedWithBothNamespacesAndLocations() throws IOException {
        Path a = write("a.ttl", """
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix :   <https://ex.org/a#> .
                :Build a sg:Task .
                """);
        Path b = write("b.ttl", """
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix :   <https://ex.org/b#> .

                :Deploy a sg:Task ;
                    sg:dependsOn :Build .
                """);

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertThat(spec.warnings()).singleElement().satisfies(w -> {
            assertThat(w.message()).contains("\"Build\"")
                    .contains("https://ex.org/a#Build").contains("https://ex.org/b#Build")
                    .contains(a + ":3").contains(b + ":4");
            assertThat(w.position()).isNotNull();
            assertThat(w.position().source()).isIn(a.toString(), b.toString());
        });
    }

    /** Issue 16: a spec's own :label or :Task beside rdfs:label or sg:Task is no typo; and the first sighting is cited. */
    @Test
    void aSharedVocabularyIsNeverOneHalfOfASplitAndEachNamespaceIsCitedWhereItFirstAppears() throws IOException {
        write("a.ttl", """
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix :     <https://ex.org/a#> .
                :Build a sg:Task ; rdfs:label "build" .
                :one a sg:Task .
                :two a sg:Task .
                :Late a sg:Task ; sg:dependsOn :Build .
                """);
        Path b = write("b.ttl", """
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix :   <https://ex.org/b#> .
                :Task a sg:Agent ; :label "mine" .
                :Deploy a sg:Task ;
                    sg:dependsOn :Build .
                :Again sg:dependsOn :Build .
                """);

        LoadedSpec spec = new SpecLoader().path(dir).load();

        List<LoadWarning> splits = spec.warnings().stream().filter(w -> w.kind() == LoadWarning.Kind.NAMESPACE_SPLIT).toList();
        assertThat(splits).singleElement().satisfies(w -> assertThat(w.message()).contains("\"Build\"")
                .contains(dir.resolve("a.ttl") + ":4").contains(b + ":4").doesNotContain(b + ":6"));
    }

    @Test
    void sharedNamesOfWellKnownVocabulariesAcrossFilesAreNotWarned() throws IOException {
        write("a.ttl", """
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix dc:   <http://purl.org/dc/elements/1.1/> .
                @prefix ex:   <https://ex.org/spec#> .
                ex:a rdfs:label "A" ; dc:title "A" .
                """);
        write("b.ttl", """
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .
                @prefix ex:      <https://ex.org/spec#> .
                ex:b rdfs:label "B" ; dcterms:title "B" .
                """);

        LoadedSpec spec = new SpecLoader().path(dir).load();

        // (both files also declare no specgraph subject, which is another warning)
        assertThat(spec.warnings()).noneMatch(w -> w.kind() == LoadWarning.Kind.NAMESPACE_SPLIT);
    }

    @Test
    @DisplayName("one name under two namespaces inside ONE file is not warned: both @prefix lines are in view, so it is deliberate; the typo the check is for is a different @prefix per file")
    void sameNameUnderTwoNamespacesInOneFileIsDeliberateBecauseBothPrefixesAreInViewSoNotWarned() throws IOException {
        write("a.ttl", """
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix a:  <https://ex.org/a#> .
                @prefix b:  <https://ex.org/b#> .
                a:Build a sg:Task .
                b:Deploy a sg:Task ;
                    sg:dependsOn b:Build .
                """);

        LoadedSpec spec = new SpecLoader().path(dir).load();

        assertThat(spec.warnings()).isEmpty();
    }

    // ------------------------------------------------------------------ immutability

    @Test
    void loadedGraphsAreReadOnly() {
        LoadedSpec spec = new SpecLoader().string("a.ttl", PREFIXES + "ex:a a sg:Task .\n").load();
        Node graphName = spec.dataset().listGraphNodes().next();
        Graph named = spec.dataset().getGraph(graphName);

        assertThatThrownBy(() -> spec.union().add(ex("x"), rdfType(), SG.Task)).isInstanceOf(AddDeniedException.class);
        assertThatThrownBy(() -> named.add(ex("x"), rdfType(), SG.Task)).isInstanceOf(AddDeniedException.class);
        assertThatThrownBy(() -> spec.dataset().add(graphName, ex("x"), rdfType(), SG.Task))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(spec.union().contains(ex("x"), Node.ANY, Node.ANY)).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static Node ex(String local) {
        return NodeFactory.createURI("https://ex.org/spec#" + local);
    }

    private static Node rdfType() {
        return org.apache.jena.vocabulary.RDF.type.asNode();
    }

    private static void assertPosition(LoadedSpec spec, Node node, String source, long line, long column) {
        assertThat(spec.positionOf(node)).as("position of %s", node).contains(new SourcePosition(source, line, column));
    }
}
