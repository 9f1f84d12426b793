package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.dialect.Dialect;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A typo in the sg: namespace or one of its terms makes part of a spec vanish while validation still says
 * "closed"; the loader names each such typo with file:line.
 */
class VocabularyWarningsTest {
    private static final Path TODO = Path.of("src", "test", "resources", "dialects", "todo");
    private static final String GOOD = """
            @prefix :     <https://example.org/v#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
            :dev a sg:Agent ; rdfs:label "Dev" .
            :t a sg:Task ; rdfs:label "T" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" .
            """;

    private static List<LoadWarning> warnings(String... nameAndTurtle) {
        SpecLoader loader = new SpecLoader();
        for (int i = 0; i < nameAndTurtle.length; i += 2) {
            loader.string(nameAndTurtle[i], nameAndTurtle[i + 1]);
        }
        return loader.load().warnings();
    }

    private static List<LoadWarning> ofKind(List<LoadWarning> warnings, LoadWarning.Kind kind) {
        return warnings.stream().filter(w -> w.kind() == kind).toList();
    }

    @Test
    void aSpecInTheCoreVocabularyRaisesNoWarning() {
        assertThat(warnings("plan.ttl", GOOD)).isEmpty();
        assertThat(Specgraph.load(Path.of("..", "specs", "build-optimization")).warnings()).isEmpty();
    }

    @Test
    void anUnknownSgTermIsWarnedWhereItIsWrittenWithTheNearestKnownTerm() {
        List<LoadWarning> found = warnings("plan.ttl", GOOD + """
                :u a sg:Task ; rdfs:label "U" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ;
                   sg:ndsOn :t ; sg:Taks 1 .
                """);

        assertThat(found).hasSize(2).allMatch(w -> w.kind() == LoadWarning.Kind.UNKNOWN_TERM);
        assertThat(found.get(0).toString()).isEqualTo("plan.ttl:8:4: warning: sg:ndsOn is not a term of the specgraph"
                + " vocabulary <https://w3id.org/specgraph#>, so specgraph ignores what it says; did you mean sg:dependsOn?");
        assertThat(found.get(1).position()).isEqualTo(new SourcePosition("plan.ttl", 8, 18));
        assertThat(found.get(1).message()).endsWith("did you mean sg:Task?");
    }

    @Test
    void anUnknownTermWithNothingAlikeIsWarnedWithoutASuggestion() {
        assertThat(warnings("plan.ttl", GOOD + ":t sg:xyzzy 1 .\n")).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("sg:xyzzy").doesNotContain("did you mean"));
    }

    @Test
    void aNamespaceATypoAwayFromSgIsWarnedOnItsPrefixLineNamingTheIntendedNamespace() {
        for (String typo : List.of("https://w3id.org/specgraf#", "https://w3id.org/specgraph/", "http://w3id.org/specgraph#",
                "https://w3id.org/Specgraph#", "https://www.w3id.org/specgraph#")) {
            List<LoadWarning> found = warnings("good.ttl", GOOD, "gates.ttl", """
                    @prefix :     <https://example.org/v#> .
                    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                    @prefix sg:   <%s> .
                    :g a sg:Gate ; sg:requires :t ; sg:condition [ sg:predicate "ok" ] .
                    """.formatted(typo));

            List<LoadWarning> nearMisses = ofKind(found, LoadWarning.Kind.NAMESPACE_NEAR_MISS);
            assertThat(nearMisses).as(typo).singleElement().satisfies(w -> {
                assertThat(w.position()).isEqualTo(new SourcePosition("gates.ttl", 3, 9));
                assertThat(w.message()).contains("<" + typo + "> (prefix sg:)").contains("<https://w3id.org/specgraph#>")
                        .contains("4 terms here (Gate, condition, predicate, …)");
            });
        }
    }

    @Test
    void aNamespaceWithoutItsSeparatorIsANearMissToo() {
        List<LoadWarning> found = warnings("good.ttl", GOOD, "gates.ttl", """
                @prefix :   <https://example.org/v#> .
                @prefix sg: <https://w3id.org/specgraph> .
                :g a sg:Gate ; sg:requires :t .
                """);

        assertThat(ofKind(found, LoadWarning.Kind.NAMESPACE_NEAR_MISS)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("<https://w3id.org/specgraph>").contains("Gate, requires"));
    }

    @Test
    void otherNamespacesOfTheProjectAndUnrelatedOnesAreNotNearMisses() {
        assertThat(VocabularyCheck.isNearMiss("https://w3id.org/specgraph/closure#")).isFalse();
        assertThat(VocabularyCheck.isNearMiss("https://w3id.org/specgraph#")).isFalse();
        assertThat(VocabularyCheck.isNearMiss("https://example.org/specgraph#")).isFalse();
        assertThat(VocabularyCheck.isNearMiss("http://www.w3.org/ns/prov#")).isFalse();
        assertThat(warnings("plan.ttl", GOOD + """
                @prefix sgc: <https://w3id.org/specgraph/closure#> .
                :t rdfs:seeAlso sgc:x , <https://w3id.org/specgraph> .
                """)).isEmpty();
    }

    @Test
    void aFileThatDeclaresNoSpecgraphSubjectIsWarnedButOneAboutSubjectsOfOtherFilesIsNot() {
        List<LoadWarning> found = warnings("plan.ttl", GOOD,
                "labels.ttl", """
                        @prefix :     <https://example.org/v#> .
                        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                        :t rdfs:comment "the task of plan.ttl" .
                        """,
                "notes.ttl", """
                        @prefix ex:   <https://example.org/other#> .
                        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

                        ex:x a ex:Thing ;
                            rdfs:label "unrelated" .
                        ex:y a ex:Thing .
                        """,
                "empty.ttl", "# nothing yet\n");

        assertThat(ofKind(found, LoadWarning.Kind.NO_SPECGRAPH_SUBJECT)).extracting(LoadWarning::toString).containsExactly(
                "notes.ttl:4:1: warning: the file declares no specgraph subject (of the 2 subjects in it, none has an sg:"
                        + " type or property, or is the value of one), so nothing in it is part of the spec; check its"
                        + " prefixes (specgraph's namespace is <https://w3id.org/specgraph#>), or read a spec written in"
                        + " another vocabulary through a dialect (--dialect)",
                "empty.ttl:1: warning: the file holds no statement, so it declares no specgraph subject; remove it, or fill it");
    }

    @Test
    void aSpecReadThroughADialectIsNotWarnedForUsingAnotherVocabulary() {
        Spec spec = Specgraph.load(l -> l.path(TODO.resolve("example")), Dialect.fromFolder(TODO));

        assertThat(spec.warnings()).noneMatch(w -> w.kind() == LoadWarning.Kind.NO_SPECGRAPH_SUBJECT);
    }

    @Test
    void withoutADialectTheSameFilesAreWarned() {
        LoadedSpec loaded = new SpecLoader().path(TODO.resolve("example")).load();

        assertThat(loaded.warnings()).anyMatch(w -> w.kind() == LoadWarning.Kind.NO_SPECGRAPH_SUBJECT);
    }
}
