package io.specgraph.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.PlanFormat;
import io.specgraph.plan.PlanWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratePlanFileTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo", ".."));
    private static final String NS = EmbedEngine.NS;
    private static final List<String> REVIEW_ALL_TASKS = List.of("analyse-codebase", "review-quality",
            "review-best-practices", "review-architecture", "review-performance", "review-security", "synthesise");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesJsonByDefaultWithEveryTaskAndPrintsTheBounds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/review-all-plan");   // no extension: JSON, the default; "out" is created
        int code = GeneratePlanFile.run(new String[] {REPO.resolve("specs/review-all").toString(), file.toString()}, out);

        assertThat(code).as(printed()).isZero();
        assertThat(file).exists();
        JsonObject json = JSON.parse(Files.readString(file));
        assertThat(json.getString("schema")).isEqualTo(PlanWriter.JSON_SCHEMA).endsWith("/plan/1");
        List<String> ids = json.getArray("tasks").map(t -> t.getAsObject().getString("id")).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(REVIEW_ALL_TASKS.stream().map(t -> NS + t).toList());
        assertThat(json.getObj("criticalPath").getNumber("lengthMillis").longValue()).isEqualTo(17 * 60_000L);
        // the figures of the README's table: 17 min critical path, 21 min lower bound with 4 workers (5 reviews on 4 workers: two share one)
        assertThat(printed())
                .contains("critical path (17 min): analyse-codebase → review-quality → synthesise")
                .contains("lower bound with 4 workers 21 min");
    }

    @Test
    void theExtensionOrTheOptionChoosesMermaidOrDot(@TempDir Path dir) throws Exception {
        Path mermaid = dir.resolve("plan.mmd");
        Path dot = dir.resolve("plan.txt");   // --format wins over the extension
        assertThat(GeneratePlanFile.run(new String[] {REPO.resolve("specs/review-all").toString(), mermaid.toString()}, out)).isZero();
        assertThat(GeneratePlanFile.run(new String[] {REPO.resolve("specs/review-all").toString(), dot.toString(),
                "--format", "dot", "--workers", "2"}, out)).isZero();

        assertThat(Files.readString(mermaid)).startsWith("flowchart LR").contains("Quality review", "Synthesise the reviews");
        assertThat(Files.readString(dot)).startsWith("digraph plan {").contains("Security review");
        assertThat(printed()).contains("lower bound with 2 workers");
    }

    @Test
    void generateIsUsableFromCodeOnAnySpec(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("codegen.json");
        var plan = GeneratePlanFile.generate(REPO.resolve("specs/codegen"), file, PlanFormat.JSON, 4, out);
        assertThat(Files.readString(file)).isEqualTo(PlanWriter.write(plan, PlanFormat.JSON, 4));
    }

    @Test
    void anOpenSpecIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plan.ttl"), """
                @prefix : <https://example.org/x#> .
                @prefix sg: <https://w3id.org/specgraph#> .
                :p a sg:Phase ; sg:order 1 .
                :t a sg:Task ; sg:phase :p ; sg:agent :nobody ; sg:handler "h" .
                """);
        Path file = dir.resolve("plan.json");
        assertThat(GeneratePlanFile.run(new String[] {dir.toString(), file.toString()}, out)).isEqualTo(1);
        assertThat(file).doesNotExist();
        assertThat(printed()).contains("not closed").contains("task-agent-exists");
    }

    @Test
    void badOptionsAreBadInput() {
        assertThat(GeneratePlanFile.run(new String[] {"specs/review-all", "x.json", "--format", "svg"}, out)).isEqualTo(2);
        assertThat(GeneratePlanFile.run(new String[] {"--workers"}, out)).isEqualTo(2);
        assertThat(printed()).contains("unknown format svg").contains("--workers needs a value");
    }
}
