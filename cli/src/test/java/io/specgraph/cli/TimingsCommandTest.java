package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validate, plan and run agree on what a duration or retry count means, and say so at the value's line. */
class TimingsCommandTest {
    @TempDir
    Path dir;

    private Path spec(String buildProperties) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("spec"));
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix sg:  <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                @prefix :    <https://ex.org/timings#> .
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" ;
                    %s .
                :ship a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "ship" ; sg:dependsOn :build ;
                    sg:estimatedDuration "PT30M"^^xsd:duration .
                """.formatted(buildProperties));
        return folder;
    }

    @Test
    void negativeDurationsAreViolationsAtTheirLine() throws Exception {
        for (String negative : new String[] {"-PT6M", "-P1D"}) {
            Path spec = spec("sg:estimatedDuration \"" + negative + "\"^^xsd:duration");
            Run run = Run.of("validate", spec.toString());

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(Main.NOT_CLOSED);
            assertThat(run.outLines()).anyMatch(l -> l.contains("plan.ttl:6:") && l.contains("[duration-valid]")
                    && l.contains("\"" + negative + "\", which is negative"));
        }
    }

    @Test
    void aPlanOfAnUnclosedSpecNeverUsesANegativeDurationAndSaysSo() throws Exception {
        Path spec = spec("sg:estimatedDuration \"-P1D\"^^xsd:duration");
        Run run = Run.of("plan", spec.toString(), "--allow-unclosed", "--format", "json");

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.err()).contains("\"-P1D\", which is negative").contains("its duration is unknown");
        JsonObject plan = JSON.parse(run.out());
        assertThat(run.out()).doesNotContain("-86400000").doesNotContain(":-");
        assertThat(plan.toString()).contains("1800000"); // the makespan is ship's 30 minutes alone
    }

    @Test
    void zeroTimeoutsAndAbsurdRetriesAreRefusedBeforeAnythingRuns() throws Exception {
        Path spec = spec("sg:estimatedDuration \"PT1H\"^^xsd:duration ; sg:timeout \"PT0S\"^^xsd:duration ; sg:retries 100000");
        Run validate = Run.of("validate", spec.toString());
        assertThat(validate.code()).isEqualTo(Main.NOT_CLOSED);
        assertThat(validate.out()).contains("[task-timeout]").contains("is zero").contains("[task-retries]").contains("more than 100");

        Run run = Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual");
        assertThat(run.code()).isEqualTo(Main.NOT_CLOSED);
        assertThat(run.out()).doesNotContain("succeeded");
    }

    @Test
    void aPlainStringDurationIsUsedAsTheWarningSaysByValidatePlanAndRun() throws Exception {
        Path spec = spec("sg:estimatedDuration \"PT1H\"");
        Run validate = Run.of("validate", spec.toString());
        assertThat(validate.code()).as(validate.out()).isEqualTo(Main.OK);
        assertThat(validate.out()).contains("plan.ttl:6:").contains("it is read as PT1H");

        Run plan = Run.of("plan", spec.toString(), "--format", "json");
        assertThat(plan.err()).contains("it is read as PT1H");
        assertThat(plan.out()).contains("3600000");
    }
}
