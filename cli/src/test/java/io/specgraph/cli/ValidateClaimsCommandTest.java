package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} on claims, and the text report's grouping of many violations of one rule. */
class ValidateClaimsCommandTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    @Test
    void theGadugiReportsFalseClaimsAreViolationsAtTheirLines() {
        Run run = Run.of("validate", REPO.resolve("specs/gadugi-v03").toString(),
                REPO.resolve("specs/report-claims/gadugi-v03.ttl").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("claims: 2 of 14 checks failed")
                .contains("report-claims/gadugi-v03.ttl:14: violation [claim-holds] :claim-critical-path claims a critical path of ~32 h")
                .contains("but the plan gives 44 h through :recipe-definitions")
                .contains("no number of workers can reach 3x");
    }

    @Test
    void theExampleAloneIsClosedWithItsTrueClaims() {
        Run run = Run.of("validate", REPO.resolve("specs/gadugi-v03").toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("claims           10/10");
    }

    @Test
    void manyViolationsOfOneRuleAreGroupedUnlessAllIsAsked(@TempDir Path dir) throws IOException {
        StringBuilder spec = new StringBuilder("""
                @prefix :   <https://example.org/many#> .
                @prefix sg: <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                :p a sg:Phase ; sg:order 1 .
                """);
        for (int i = 1; i <= 7; i++) {
            spec.append(":t").append(i).append(" a sg:Task ; sg:phase :p ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .\n");
        }
        Files.writeString(dir.resolve("plan.ttl"), spec);

        Run grouped = Run.of("validate", dir.toString());
        assertThat(grouped.code()).isEqualTo(1);
        assertThat(grouped.out()).contains("  task-has-one-agent: 7 violations, e.g.:\n")
                .contains("[task-has-one-agent] :t3 ")
                .doesNotContain("[task-has-one-agent] :t4 ")
                .contains("    … and 4 more (--all lists every one)");

        Run all = Run.of("validate", dir.toString(), "--all");
        assertThat(all.out()).doesNotContain("… and").contains("[task-has-one-agent] :t7 ");

        Run json = Run.of("validate", dir.toString(), "--format", "json");
        assertThat(json.out().split("\"rule\" *: *\"task-has-one-agent\"", -1)).hasSize(1 + 1 + 7); // the rules table, then 7 violations
    }
}
