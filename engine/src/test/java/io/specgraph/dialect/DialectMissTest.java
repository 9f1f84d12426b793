package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import io.specgraph.testing.SharedCompat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dialect pointed at files it does not read says so, and closure over its empty mapping does not look closed. */
class DialectMissTest {
    /** Written like ggen's specs, but under another namespace: the built-in dialect's queries match none of it. */
    private static final String OTHER_NAMESPACE = """
            @prefix : <https://ggen.dev/spec#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            :Task1 a owl:Class ; :taskName "Build" ; :agent "Builder" ; :duration "1-2 hours" .
            :Task2 a owl:Class ; :taskName "Test" ; :agent "Tester" ; :depends (:Task1) .
            :Builder a owl:Class ; :agentName "Builder" .
            """;

    @Test
    void aDialectThatMapsNothingSaysWhichNamespacesItExpectsAndWhichTheFilesUse() {
        Spec spec = Specgraph.load(l -> l.string("plan.ttl", OTHER_NAMESPACE), Dialect.builtIn("ggen"));

        MappingReport mapping = spec.mapping().orElseThrow();

        assertThat(mapping.mappedSubjects()).isZero();
        assertThat(mapping.missed()).isTrue();
        assertThat(mapping.expectedNamespaces()).containsExactly("https://ggen.io/spec/007/");
        assertThat(mapping.usedNamespaces()).containsExactly("https://ggen.dev/spec#");
        assertThat(mapping.text()).contains("dialect ggen mapped nothing (0 of 3 source subjects): its queries expect"
                + " https://ggen.io/spec/007/; these files use https://ggen.dev/spec#");
    }

    @Test
    void closureOverAnEmptyMappingCountsEveryUnmappedSubjectAndDoesNotAskForADialect() {
        Spec spec = Specgraph.load(l -> l.string("plan.ttl", OTHER_NAMESPACE), Dialect.builtIn("ggen"));

        ClosureReport report = spec.validate();

        List<Violation> unmapped = report.violations().stream().filter(v -> v.ruleId().equals("dialect-subject-mapped")).toList();
        assertThat(unmapped).hasSize(3).allSatisfy(v -> {
            assertThat(v.category()).isEqualTo("sources");
            assertThat(v.message()).contains("was not mapped by dialect ggen").contains("https://ggen.dev/spec#");
        });
        assertThat(unmapped).extracting(Violation::location).containsExactly("plan.ttl:3", "plan.ttl:4", "plan.ttl:5");
        // 3 of the checks are these, all failed: far from the "98% pass" of checks that ran over nothing
        assertThat(report.coverage("sources")).hasValueSatisfying(c -> assertThat(c.satisfied()).isZero());
        assertThat(report.notices()).noneMatch(n -> n.contains("would be needed"))
                .anyMatch(n -> n.contains("the dialect produced no specgraph term"));
    }

    @Test
    void withoutADialectTheNoticeStillSaysOneWouldBeNeeded() {
        ClosureReport report = Specgraph.load(l -> l.string("plan.ttl", OTHER_NAMESPACE)).validate();

        assertThat(report.notices()).anyMatch(n -> n.contains("a dialect that maps it onto specgraph's would be needed"));
    }

    @Test
    void theRealSpecUnderAnotherNamespaceIsReportedAsMissedWithBothNamespaces() throws IOException {
        Path ggen = SharedCompat.spec("ggen-007");
        Spec spec = Specgraph.load(l -> {
            for (String file : List.of("entities.ttl", "feature.ttl", "plan.ttl")) {
                l.string(file, read(ggen.resolve(file)).replace("https://ggen.io/spec/007/", "https://ggen.dev/spec#"));
            }
            return l;
        }, Dialect.builtIn("ggen"));

        MappingReport mapping = spec.mapping().orElseThrow();
        ClosureReport report = spec.validate();

        assertThat(mapping.missed()).isTrue();
        assertThat(mapping.text()).contains("its queries expect https://ggen.io/spec/007/; these files use https://ggen.dev/spec#");
        assertThat(report.percent()).isLessThan(60.0);
    }

    @Test
    void theRealSpecItselfIsNotAMiss() {
        Path ggen = SharedCompat.spec("ggen-007");
        Spec spec = Specgraph.load(l -> l.path(ggen), Dialect.builtIn("ggen"));

        assertThat(spec.mapping().orElseThrow().missed()).isFalse();
        assertThat(spec.validate().violations()).noneMatch(v -> v.ruleId().equals("dialect-subject-mapped"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
