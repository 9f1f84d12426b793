package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sgfn:resolveIds}: ids written as one string, matched against the values of a property, become
 * references; an id that matches nothing is an undefined reference. The sample dialect is the recipe of
 * docs/dialects.md.
 */
class ResolveIdsTest {
    private static final Path TRACKER = Path.of("src", "test", "resources", "dialects", "tracker");
    private static final Path SAMPLE = TRACKER.resolve("example");
    private static final Path GUIDE = Path.of("..", "docs", "dialects.md");
    private static final String NS = "https://example.org/project#";

    @Test
    void idsResolveToTheTasksWithThoseIdsAndNoneToNothing() {
        Spec spec = Specgraph.load(l -> l.path(SAMPLE), Dialect.fromFolder(TRACKER));

        Plan plan = spec.plan(PlanOptions.builder().allowUnclosed(true).build());

        assertThat(plan.task(NS + "setup").orElseThrow().dependsOn()).isEmpty();
        assertThat(plan.task(NS + "parser").orElseThrow().dependsOn()).containsExactly(NS + "setup");
        assertThat(plan.task(NS + "docs").orElseThrow().dependsOn()).containsExactlyInAnyOrder(NS + "setup", NS + "parser");
        // spec:hours 6, a bare number, read as hours because the dialect writes the unit after it
        assertThat(plan.task(NS + "parser").orElseThrow().estimatedDuration()).isEqualTo(Duration.ofHours(6));
        assertThat(plan.task(NS + "parser").orElseThrow().agent()).isEqualTo(NS + "dev");
    }

    @Test
    void anIdThatMatchesNothingIsAnUndefinedReferenceAtTheLineOfItsList() {
        Spec spec = Specgraph.load(l -> l.path(SAMPLE), Dialect.fromFolder(TRACKER));

        ClosureReport report = spec.validate();

        List<Violation> undefined = report.violations().stream().filter(v -> v.ruleId().equals("dialect-reference-defined")).toList();
        assertThat(undefined).singleElement().satisfies(v -> {
            assertThat(v.category()).isEqualTo("references");
            // the line of spec:depends_on "T001, T002, T009", below the task's first line (10)
            assertThat(v.location()).isEqualTo(SAMPLE.resolve("project.ttl") + ":11");
            assertThat(v.message()).contains("refers to \"T009\"").contains("spec:depends_on \"T001, T002, T009\"")
                    .contains("spec:taskId of nothing");
        });
        assertThat(report.violations()).extracting(Violation::ruleId).containsExactly("dialect-reference-defined");
        assertThat(report.coverage("references")).hasValueSatisfying(c -> assertThat(c.total() - c.satisfied()).isEqualTo(1));
        assertThat(spec.mapping().orElseThrow().undefined()).extracting(MappingReport.Located::what)
                .containsExactly(":docs spec:depends_on \"T009\" (no spec:taskId)");
    }

    @Test
    void aBareNumberIsNotADuration() {
        assertThat(Durations.parse("6")).isInstanceOf(Parsed.Refused.class);
        assertThat(Durations.parse("6 hours")).isEqualTo(new Parsed.Ok<>(Duration.ofHours(6)));
    }

    @Test
    void theGuideQuotesTheRecipeWordForWord() throws Exception {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        for (String file : List.of("2-tasks.rq", "3-dependencies.rq", "example/project.ttl")) {
            assertThat(guide).as("docs/dialects.md quotes " + file).contains(Files.readString(TRACKER.resolve(file), StandardCharsets.UTF_8));
        }
    }
}
