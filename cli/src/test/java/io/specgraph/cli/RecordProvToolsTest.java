package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run records written by {@code specgraph run --record} load in Debian's python3-prov (the PROV library for
 * Python, which reads only the types a record states), with as many activities, agents and entities as the run
 * had: a simulated example, a run of commands that writes a measurement, and a failed run with compensation.
 * Skipped when no python3 with the prov module is installed ({@code .ci/run} installs python3-prov).
 */
class RecordProvToolsTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    /** Prints, per record, how many records of each PROV kind python3-prov read from it. */
    private static final String COUNT = """
            import json, sys
            import prov.model as pm
            kinds = (('activities', pm.ProvActivity), ('agents', pm.ProvAgent), ('entities', pm.ProvEntity),
                     ('associations', pm.ProvAssociation), ('generations', pm.ProvGeneration), ('usages', pm.ProvUsage))
            doc = pm.ProvDocument.deserialize(source=sys.argv[1], format='rdf', rdf_format='turtle')
            print(json.dumps({kind: len(list(doc.get_records(cls))) for kind, cls in kinds}))
            """;

    private static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonWithProv() {
        python = Optional.ofNullable(withProv("/usr/bin/python3")).orElseGet(() -> withProv("python3"));
        assumeTrue(python != null, "python3-prov is not installed (apt-get install python3-prov): skipping the PROV"
                + " library checks of the run record");
    }

    private static String withProv(String executable) {
        try {
            Process p = new ProcessBuilder(executable, "-c", "import prov.model").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? executable : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonObject loadWithPythonProv(Path record) throws Exception {
        Path script = dir.resolve("count.py");
        Files.writeString(script, COUNT);
        Process p = new ProcessBuilder(python, script.toString(), record.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3-prov could not read %s:%n%s", record, err).isZero();
        return JSON.parse(out);
    }

    private static int count(JsonObject counts, String kind) {
        return counts.getNumber(kind).intValue();
    }

    @Test
    void theSimulatedExampleHasOneActivityPerTaskAndGateAndOneForTheRun() throws Exception {
        Path record = dir.resolve("build-optimization.ttl");
        Path spec = REPO.resolve("specs/build-optimization");
        Run run = Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual", "--progress", "none",
                "--record", record.toString());
        assertThat(run.code()).as(run.err()).isZero();
        Plan plan = Specgraph.load(spec).plan();
        List<PlanTask> ran = plan.tasks().stream().filter(t -> !t.compensation()).toList();

        JsonObject counts = loadWithPythonProv(record);

        // the run, one attempt per task (a compensation task is recorded as not run), one evaluation per gate
        assertThat(count(counts, "activities")).isEqualTo(1 + plan.tasks().size() + plan.gates().size());
        assertThat(count(counts, "agents")).isEqualTo(ran.stream().map(PlanTask::agent).collect(Collectors.toSet()).size());
        assertThat(count(counts, "entities")).as("each gate an evaluation used").isEqualTo(plan.gates().size());
        assertThat(count(counts, "associations")).isEqualTo(ran.size());
        assertThat(count(counts, "usages")).isEqualTo(plan.gates().size());
        assertThat(count(counts, "generations")).isZero();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aRunOfCommandsWithAMeasurement() throws Exception {
        Path folder = commandSpec("echo built > out.txt && echo 'speed = 8' > \\\"$SPECGRAPH_MEASUREMENTS\\\"", "true",
                "ASK { ?s ?p ?o }");
        Path record = dir.resolve("commands.ttl");
        Run run = Run.of("run", folder.toString(), "--allow-commands", "--work-dir", dir.resolve("work").toString(),
                "--progress", "none", "--record", record.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();

        JsonObject counts = loadWithPythonProv(record);

        // run, build, ship, undo (not needed: recorded as not run), gate built, and the up-to-date checks of build and
        // ship (the run has a store, so it is incremental); the agent dev; the measurement, the gate and each check's reason
        assertThat(count(counts, "activities")).isEqualTo(7);
        assertThat(count(counts, "agents")).isEqualTo(1);
        assertThat(count(counts, "entities")).isEqualTo(4);
        assertThat(count(counts, "generations")).as("the measurement was generated by build's attempt").isEqualTo(1);
        assertThat(count(counts, "associations")).isEqualTo(2);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFailedRunWithCompensation() throws Exception {
        Path folder = commandSpec("echo 'speed = 8' > \\\"$SPECGRAPH_MEASUREMENTS\\\"", "true", "ASK { FILTER(false) }");
        Path record = dir.resolve("failed.ttl");
        Run run = Run.of("run", folder.toString(), "--allow-commands", "--work-dir", dir.resolve("work").toString(),
                "--progress", "none", "--record", record.toString());
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("built  failed: an sg:ask query answered false")
                .contains("undo  succeeded: compensating Build");

        JsonObject counts = loadWithPythonProv(record);

        // run, build, ship (skipped: recorded as not run), undo (the compensation), gate built, and build's up-to-date
        // check (ship was never reached); the measurement, the gate and the check's reason
        assertThat(count(counts, "activities")).isEqualTo(6);
        assertThat(count(counts, "agents")).isEqualTo(1);
        assertThat(count(counts, "entities")).isEqualTo(3);
        assertThat(count(counts, "associations")).as("build and undo ran; ship did not").isEqualTo(2);
    }

    /** Build (measures speed, undone by Undo) → gate Built (an ASK) → Ship. */
    private Path commandSpec(String buildCommand, String shipCommand, String ask) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("commands"));
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <https://example.org/commands#> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Commands" ; sg:goal "Run shell commands" .
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "builds and ships" .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:command "%s" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed ;
                    sg:compensatedBy :undo .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:dependsOn :built ;
                    sg:command "%s" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :undo a sg:Task ; rdfs:label "Undo" ; sg:agent :dev ; sg:phase :p2 ; sg:command "true" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration .
                :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :build ; sg:owner :dev ;
                    sg:condition [ sg:ask "%s" ] .
                :speed a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                    sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :build .
                :slow a sg:Bottleneck ; rdfs:label "Slow build" ; sg:severity sg:High .
                """.formatted(buildCommand, shipCommand, ask));
        return folder;
    }
}
