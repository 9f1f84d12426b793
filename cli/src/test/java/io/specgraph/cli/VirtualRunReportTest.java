package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a simulated run in virtual time reports: spec time as spec time, prose gates as unchecked, and no
 * speedup over no work.
 */
class VirtualRunReportTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    @TempDir
    Path dir;

    @Test
    void aVirtualRunReportsSpecTimeAsSpecTime() {
        Run run = Run.of("run", REPO.resolve("specs/gadugi-v03").toString(), "--simulate", "--time-scale", "virtual",
                "--progress", "none");

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.out()).contains("makespan 44 h in spec time, total task time")
                .contains("simulated in virtual time (each task took exactly its estimate)")
                .doesNotContain("wall time").doesNotContain("time scale");
        JsonObject json = JSON.parse(Run.of("run", REPO.resolve("specs/gadugi-v03").toString(), "--simulate", "--time-scale",
                "virtual", "--format", "json", "--progress", "none").out());
        assertThat(json.get("virtualTime").getAsBoolean().value()).isTrue();
    }

    @Test
    void aGateWhoseConditionsAreProseIsUncheckedNotPassedAndNoWorkHasNoSpeedup() throws Exception {
        Path spec = Files.createDirectories(dir.resolve("prose"));
        Files.writeString(spec.resolve("plan.ttl"), """
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix :     <https://ex.org/prose#> .
                :p1 a sg:Phase ; sg:order 1 .
                :p2 a sg:Phase ; sg:order 2 .
                :dev a sg:Agent .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "build" .
                :ship a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "ship" .
                :signed-off a sg:Gate ; sg:closes :p1 ;
                    sg:condition [ rdfs:comment "Baseline measurements complete and saved" ] .
                """);

        Run run = Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual", "--allow-unclosed", "--progress", "none");

        assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
        assertThat(run.out()).contains("signed-off  unchecked (prose): 1 condition(s) are prose that nothing can check")
                .doesNotContain("signed-off  passed").contains("speedup – with");
        JsonObject json = JSON.parse(Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual", "--allow-unclosed",
                "--format", "json", "--progress", "none").out());
        assertThat(json.get("speedup").isNull()).isTrue();
        assertThat(json.get("gates").getAsArray().get(0).getAsObject().getString("state")).isEqualTo("unchecked");
        assertThat(json.toString()).contains("Baseline measurements complete and saved");
    }
}
