package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user dialect written without Java: the worked example of docs/dialects.md, a "todo" vocabulary in
 * src/test/resources/dialects/todo (three queries and a sample spec). The guide quotes these files, and this
 * test checks that it still quotes them word for word.
 */
class DialectFolderTest {
    private static final Path DIALECTS = Path.of("src", "test", "resources", "dialects");
    private static final Path TODO = DIALECTS.resolve("todo");
    private static final Path SAMPLE = TODO.resolve("example");
    private static final Path GUIDE = Path.of("..", "docs", "dialects.md");
    private static final String NS = "https://example.org/release-1.2#";

    @Test
    void aFolderOfQueriesIsADialect() {
        Dialect todo = Dialect.fromFolder(TODO);
        assertThat(todo.name()).isEqualTo("todo");
        assertThat(todo.description()).startsWith("todo: release checklists");
        assertThat(todo.queries()).extracting(DialectQuery::name).containsExactly("1-list.rq", "2-people.rq", "3-steps.rq");
        // --dialect-dir takes a folder of dialects or the dialect folder itself
        assertThat(Dialect.find("todo", List.of(DIALECTS)).queries()).hasSize(3);
        assertThat(Dialect.find("todo", List.of(TODO)).queries()).hasSize(3);
    }

    @Test
    void theSampleIsClosedAndPlannable() {
        Spec spec = Specgraph.load(l -> l.path(SAMPLE), Dialect.fromFolder(TODO));
        ClosureReport report = spec.validate();
        assertThat(report.violations()).isEmpty();
        assertThat(report.closed()).isTrue();

        MappingReport mapping = spec.mapping().orElseThrow();
        assertThat(mapping.unmappedSubjects()).isEmpty();
        assertThat(mapping.unmappedPredicates()).isEmpty();
        assertThat(mapping.refusedValues()).isEmpty();
        assertThat(mapping.underived()).isEmpty();
        assertThat(mapping.mappedSubjects()).isEqualTo(mapping.sourceSubjects()).isEqualTo(6);

        Plan plan = spec.plan();
        assertThat(plan.phases()).singleElement().satisfies(p -> {
            assertThat(p.iri()).isEqualTo(NS + "list-phase");
            assertThat(p.label()).isEqualTo("Release 1.2");
        });
        assertThat(plan.tasks()).extracting(PlanTask::label).containsExactly("Build and test", "Write the changelog", "Tag and publish");
        PlanTask publish = plan.task(NS + "s3").orElseThrow();
        assertThat(publish.dependsOn()).containsExactlyInAnyOrder(NS + "s1", NS + "s2");
        assertThat(publish.agent()).isEqualTo(NS + "alice");
        assertThat(publish.estimatedDuration()).as("half a working day").isEqualTo(Duration.ofHours(4));
        assertThat(plan.task(NS + "s1").orElseThrow().estimatedDuration()).as("the upper end of 1-2 hours").isEqualTo(Duration.ofHours(2));
        assertThat(plan.task(NS + "s2").orElseThrow().dependsOn()).as("\"none\"").isEmpty();
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void whatTheDialectCannotReadIsReportedWhereItIsWritten() {
        String broken = """
                @prefix ex: <https://example.org/todo#> .
                @prefix :   <https://example.org/release-1.2#> .

                :s4 ex:step "Announce" ; ex:who "carol" ; ex:takes "soon" ; ex:run "make announce" ;
                    ex:after "s3, s9?" .
                """;
        Spec spec = Specgraph.load(l -> l.path(SAMPLE).string("broken.ttl", broken), Dialect.fromFolder(TODO));
        ClosureReport report = spec.validate();
        assertThat(report.closed()).isFalse();
        assertThat(report.violations()).extracting(Violation::ruleId, Violation::category, Violation::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("task-agent-exists", "references", "broken.ttl:4"),
                org.assertj.core.groups.Tuple.tuple("dialect-value-parses-executability", "executability", "broken.ttl:4"),
                // the refused list is reported on its own line, below the step's first
                org.assertj.core.groups.Tuple.tuple("dialect-value-parses-references", "references", "broken.ttl:5"),
                org.assertj.core.groups.Tuple.tuple("task-duration", "executability", "broken.ttl:4"));
        assertThat(report.violations()).filteredOn(v -> v.ruleId().equals("dialect-value-parses-references")).singleElement()
                .extracting(Violation::message).asString().contains("ex:after \"s3, s9?\"").contains("'s9?' is not an id");
        assertThat(spec.mapping().orElseThrow().refusedValues()).extracting(MappingReport.Located::what)
                .containsExactlyInAnyOrder(":s4 ex:after \"s3, s9?\": 's9?' is not an id (letters, digits and _ - . : / # only)",
                        ":s4 ex:takes \"soon\": no number: not a duration (write digits: '1 hour', '1-2 hours', 'PT1H')");
    }

    @Test
    void theGuideQuotesTheseFilesWordForWord() throws Exception {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        for (String file : List.of("dialect.txt", "1-list.rq", "2-people.rq", "3-steps.rq", "example/release.ttl")) {
            String text = Files.readString(TODO.resolve(file), StandardCharsets.UTF_8);
            assertThat(guide).as("docs/dialects.md quotes " + file).contains(text);
        }
    }
}
