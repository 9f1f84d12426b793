package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.atlas.json.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCommandTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return Run.of(args);
    }

    private static String spec(String name) {
        return REPO.resolve("specs").resolve(name).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void everyExamplePlansInEveryFormatTheSameWayTwice(String name) {
        for (String format : new String[] {"text", "json", "mermaid", "dot"}) {
            Run first = run("plan", spec(name), "--format", format);
            Run second = run("plan", spec(name), "--format", format);
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).isNotBlank().isEqualTo(second.out());
        }
    }

    @Test
    void textSummaryReadsSequentialCriticalPathAndWorkers() {
        Run run = run("plan", spec("gadugi-v03"), "--workers", "4");
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("critical path (44 h): recipe-definitions → batch-1-gate → event-system")
                .contains("sequential 2.8 d, critical path 44 h, lower bound with 4 workers 44 h, estimated with 4 workers 44 h")
                .contains("Batch 1: Foundation Layer");
        Run pipelined = run("plan", spec("gadugi-v03"), "--pipelined");
        assertThat(pipelined.out()).contains("pipelined").contains("critical path (40 h): protobuf-definitions → event-system");
    }

    @Test
    void outWritesTheFileAndJsonParses() throws Exception {
        Path file = dir.resolve("out/plan.json");
        Run run = run("plan", spec("review-all"), "--format", "json", "--out", file.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("plan written to");
        assertThat(JSON.parse(Files.readString(file)).getString("schema")).isEqualTo("https://w3id.org/specgraph/schema/plan/1");
    }

    @Test
    void anOpenSpecIsRefusedWithExitOneUnlessAllowed() throws Exception {
        Files.writeString(dir.resolve("plan.ttl"), """
                @prefix :    <https://example.org/x#> .
                @prefix sg:  <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                :p a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :t a sg:Task ; sg:agent :dev ; sg:phase :p ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                   sg:dependsOn :missing .
                """);
        Run refused = run("plan", dir.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("cannot be planned").contains("plan.ttl:7").contains("--allow-unclosed"); // where :missing is named

        Run allowed = run("plan", dir.toString(), "--allow-unclosed");
        assertThat(allowed.code()).isZero();
        assertThat(allowed.out()).contains("planned although not closed").contains("left out");
    }

    @Test
    void badOptionsAreBadInput() {
        assertThat(run("plan", spec("codegen"), "--workers", "0").code()).isEqualTo(2);
        Run format = run("plan", spec("codegen"), "--format", "png");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("text, json, mermaid or dot");
        assertThat(run("plan", "--help").code()).isZero();
    }
}
