package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.exec.QueryExec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final String EXAMPLE = REPO.resolve("specs/build-optimization").toString();

    /**
     * The real spec ggen-007, read from ../shared/compat beside the repository and never copied into it; a clone
     * without ../shared skips the tests that need it, saying why.
     */
    private static String ggen007() {
        Path folder = REPO.resolve("../shared/compat/ggen-007").normalize();
        assumeTrue(Files.isDirectory(folder), () -> "skipped: " + folder + " is not there; this test reads the real"
                + " spec ggen-007 from ../shared/compat beside the repository, which a plain clone does not have");
        return folder.toString();
    }

    /**
     * The smallest spec that satisfies every built-in rule: two ordered phases, one agent with a task in
     * each, each task with one agent, one phase, one handler and a typed duration. No gate, so with
     * --strict-phases phase 1 (line 6) is not closed.
     */
    private static final String MINIMAL_SPEC = """
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix :    <https://ex.org/mini#> .

            # phases
            :phase-1 a sg:Phase ; sg:order 1 .
            :phase-2 a sg:Phase ; sg:order 2 .

            :dev a sg:Agent .

            :build a sg:Task ;
                sg:agent :dev ;
                sg:phase :phase-1 ;
                sg:handler "build" ;
                sg:estimatedDuration "PT1H"^^xsd:duration .

            :ship a sg:Task ;
                sg:agent :dev ;
                sg:phase :phase-2 ;
                sg:dependsOn :build ;
                sg:handler "ship" ;
                sg:estimatedDuration "PT30M"^^xsd:duration .
            """;

    /** Closes phase 1 of {@link #MINIMAL_SPEC}. */
    private static final String GATE = """
            @prefix sg: <https://w3id.org/specgraph#> .
            @prefix :   <https://ex.org/mini#> .

            :phase-1-done a sg:Gate ;
                sg:closes :phase-1 ;
                sg:condition [ sg:predicate "built" ] .
            """;

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    private static Run run(String... args) {
        return Run.of(args);
    }

    // ------------------------------------------------------------------ the example and the real-world spec

    @Test
    void exampleSpecIsClosed() {
        Run run = run("validate", EXAMPLE);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.outLines()).last().asString().startsWith("closed: 100% of");
        assertThat(run.out()).doesNotContainIgnoringCase("violation");
    }

    @Test
    void specInAnotherVocabularyIsNotClosedAndTheNoticeSaysADialectWouldBeNeeded() {
        Run run = run("validate", ggen007());

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.outLines()).filteredOn(l -> l.contains("no specgraph term")).singleElement()
                .asString().contains("dialect");
    }

    @Test
    void theGgenDialectReportsWhatIsMissingAtTheLinesOfTheOriginalFiles() {
        Run run = run("validate", ggen007(), "--dialect", "ggen");

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.outLines()).anyMatch(l -> l.contains("entities.ttl:236:") && l.contains("[gate-owner-exists]") && l.contains(":TaskOrchestrator"))
                .anyMatch(l -> l.contains("plan.ttl:74:") && l.contains("[dialect-reference-defined]")
                        && l.contains(":Benchmark_Clean_Result"))
                .anyMatch(l -> l.contains("plan.ttl:290:") && l.contains("[task-has-one-agent]") && l.contains(":BCO_Isolation"))
                .anyMatch(l -> l.contains("[dialect-value-parses]") && l.contains("\"Blocked (unmeasurable)\""));
        assertThat(run.err()).startsWith("dialect ggen: ").contains("source predicates no query reads");
    }

    @Test
    void anUnknownDialectIsBadInputNamingTheKnownOnes() {
        Run run = run("validate", EXAMPLE, "--dialect", "nope");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("there is no dialect \"nope\"").contains("ggen");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aDialectDirectoryWithoutADialectNameIsBadInput() {
        Run run = run("validate", EXAMPLE, "--dialect-dir", REPO.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--dialect-dir needs --dialect NAME");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void syntaxErrorsInTwoFilesExitTwoAndBothLocationsAreOnStderr() throws IOException {
        Path a = write("a.ttl", """
                @prefix ex: <https://ex.org/spec#> .
                nope:a ex:p 1 .
                """);
        Path b = write("b.ttl", """
                @prefix ex: <https://ex.org/spec#> .

                ex:b ex:p 1 ex:c ex:p 2 .
                """);

        Run run = run("validate", dir.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(a + ":2:1").contains(b + ":3:13");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingFolderExitsTwoWithNoSuchFileOrFolder() {
        Path missing = dir.resolve("no-such-spec");

        Run run = run("validate", missing.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(missing.toString()).contains("no such file or folder");
        assertThat(run.out()).isEmpty();
    }

    // ------------------------------------------------------------------ formats

    @Test
    void jsonFormatIsJsonSayingClosedWithCategories() {
        Run run = run("validate", "--format", "json", EXAMPLE);

        assertThat(run.code()).as(run.err()).isZero();
        JsonObject report = JSON.parse(run.out());
        assertThat(report.get("closed").getAsBoolean().value()).isTrue();
        assertThat(report.get("categories").isArray()).isTrue();
        assertThat(report.get("categories").getAsArray()).isNotEmpty();
    }

    @Test
    void turtleFormatIsAConformingShaclValidationReport() {
        Run run = run("validate", "--format", "turtle", EXAMPLE);

        assertThat(run.code()).as(run.err()).isZero();
        Graph report = RDFParser.fromString(run.out(), Lang.TURTLE).toGraph();
        String ask = """
                PREFIX sh: <http://www.w3.org/ns/shacl#>
                ASK { ?r a sh:ValidationReport ; sh:conforms true }
                """;
        try (QueryExec exec = QueryExec.graph(report).query(ask).build()) {
            assertThat(exec.ask()).as(run.out()).isTrue();
        }
    }

    /**
     * sh:conforms is SHACL's (no result at all) and sgc:closed specgraph's; a shape's result names the shape, its
     * component and its path as SHACL does, an inverse path included.
     */
    @Test
    void turtleReportSaysConformsAsShaclDoesAndClosedApart() throws IOException {
        Path spec = dir.resolve("warned");
        Files.createDirectories(spec);
        Files.writeString(spec.resolve("plan.ttl"), MINIMAL_SPEC.replace("sg:estimatedDuration \"PT30M\"^^xsd:duration .", "."));
        Run warned = run("validate", "--format", "turtle", spec.toString());
        assertThat(warned.code()).as(warned.err()).isZero();
        assertThat(ask(warned.out(), "ASK { ?r a sh:ValidationReport ; sh:conforms false ; sgc:closed true ;"
                + " sh:result [ sh:resultSeverity sh:Warning ; sh:sourceConstraintComponent ?c ; sgc:rule \"task-duration\" ] }"))
                .as(warned.out()).isTrue();

        // a bottleneck no task addresses: a violation on an inverse path (^sg:addresses)
        Files.writeString(spec.resolve("idle.ttl"), "@prefix sg: <https://w3id.org/specgraph#> .\n"
                + "<https://ex.org/mini#lock> a sg:Bottleneck .\n");
        Run idle = run("validate", "--format", "turtle", spec.toString());
        assertThat(idle.code()).isEqualTo(1);
        assertThat(ask(idle.out(), "ASK { ?r sh:conforms false ; sgc:closed false ; sh:result ?x ."
                + " ?x sh:focusNode <https://ex.org/mini#lock> ; sh:sourceShape sgc:bottleneck-addressed ;"
                + " sh:sourceConstraintComponent sh:MinCountConstraintComponent ;"
                + " sh:resultPath [ sh:inversePath <https://w3id.org/specgraph#addresses> ] }")).as(idle.out()).isTrue();
        // no result without its one component
        assertThat(ask(idle.out(), "ASK { ?r sh:result ?x FILTER NOT EXISTS { ?x sh:sourceConstraintComponent ?c } }")).isFalse();
    }

    private static boolean ask(String turtle, String query) {
        Graph report = RDFParser.fromString(turtle, Lang.TURTLE).toGraph();
        String prefixes = "PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX sgc: <https://w3id.org/specgraph/closure#> ";
        try (QueryExec exec = QueryExec.graph(report).query(prefixes + query).build()) {
            return exec.ask();
        }
    }

    @Test
    void unknownFormatExitsTwoNamingTheAllowedFormats() {
        Run run = run("validate", "--format", "yaml", EXAMPLE);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("yaml").contains("text").contains("json").contains("turtle");
        assertThat(run.out()).isEmpty();
    }

    // ------------------------------------------------------------------ strict phases

    @Test
    void strictPhasesRequireAGateClosingEveryPhaseButTheLast() throws IOException {
        Path spec = write("mini/plan.ttl", MINIMAL_SPEC);
        String folder = spec.getParent().toString();

        Run lenient = run("validate", folder);
        Run strict = run("validate", "--strict-phases", folder);

        assertThat(lenient.code()).as(lenient.out()).isZero();
        assertThat(strict.code()).as(strict.err()).isEqualTo(1);
        assertThat(strict.outLines()).filteredOn(l -> l.contains("[phase-closed-by-gate]")).singleElement()
                .asString().contains(spec + ":6: ");

        write("mini/gates.ttl", GATE);
        Run gated = run("validate", "--strict-phases", folder);

        assertThat(gated.code()).as(gated.out()).isZero();
        assertThat(gated.out()).doesNotContain("phase-closed-by-gate");
    }

    // ------------------------------------------------------------------ user rules

    @Test
    void userShapesCanOpenAnOtherwiseClosedSpec() throws IOException {
        String folder = write("mini/plan.ttl", MINIMAL_SPEC).getParent().toString();
        Path shapes = write("labels.ttl", """
                @prefix sh:   <http://www.w3.org/ns/shacl#> .
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix sgc:  <https://w3id.org/specgraph/closure#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix my:   <https://ex.org/rules#> .

                my:TaskLabels a sh:NodeShape ;
                    sh:targetClass sg:Task ;
                    sh:property my:task-has-label .

                my:task-has-label a sh:PropertyShape ;
                    sgc:category "custom" ;
                    sh:path rdfs:label ; sh:minCount 1 ;
                    sh:message "needs an rdfs:label" .
                """);

        assertThat(run("validate", folder).code()).isZero();
        Run run = run("validate", "--shapes", shapes.toString(), folder);

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.outLines()).filteredOn(l -> l.contains("[task-has-label]")).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("needs an rdfs:label"));
        assertThat(run.out()).contains("custom");
    }

    @Test
    void userQueryCanOpenAnOtherwiseClosedSpec() throws IOException {
        String folder = write("mini/plan.ttl", MINIMAL_SPEC).getParent().toString();
        Path query = write("labels.rq", """
                # rule: task-needs-label
                PREFIX sg:   <https://w3id.org/specgraph#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT ?this ?message WHERE {
                  ?this a sg:Task .
                  FILTER NOT EXISTS { ?this rdfs:label ?label }
                  BIND ("has no rdfs:label" AS ?message)
                }
                """);

        assertThat(run("validate", folder).code()).isZero();
        Run run = run("validate", "--query", query.toString(), folder);

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.outLines()).filteredOn(l -> l.contains("[task-needs-label]")).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("has no rdfs:label"));
    }

    @Test
    void queryWithoutThisExitsTwoSayingToSelectThis() throws IOException {
        String folder = write("mini/plan.ttl", MINIMAL_SPEC).getParent().toString();
        Path query = write("no-this.rq", """
                PREFIX sg: <https://w3id.org/specgraph#>
                SELECT ?task WHERE { ?task a sg:Task }
                """);

        Run run = run("validate", "--query", query.toString(), folder);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(query.toString()).contains("?this");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shapesFileWithSyntaxErrorExitsTwoNamingFileAndLine() throws IOException {
        String folder = write("mini/plan.ttl", MINIMAL_SPEC).getParent().toString();
        Path shapes = write("broken.ttl", """
                @prefix sh: <http://www.w3.org/ns/shacl#> .
                @prefix sg: <https://w3id.org/specgraph#> .

                <https://ex.org/rules#S> a sh:NodeShape
                    sh:targetClass sg:Task .
                """);

        Run run = run("validate", "--shapes", shapes.toString(), folder);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(shapes + ":5:");
        assertThat(run.out()).isEmpty();
    }

    // ------------------------------------------------------------------ usage

    @Test
    void helpOnTheTopCommandAndOnValidateExitsZeroWithUsage() {
        Run top = run("--help");
        Run validate = run("validate", "--help");
        Run helpValidate = run("help", "validate");

        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("Usage: specgraph").contains("validate");
        assertThat(validate.code()).isZero();
        assertThat(validate.out()).contains("Usage: specgraph validate").contains("--strict-phases").contains("--format");
        assertThat(helpValidate.code()).isZero();
        assertThat(helpValidate.out()).contains("Usage: specgraph validate");
    }

    @Test
    void noCommandExitsTwo() {
        Run run = run();

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("missing command").contains("validate");
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
