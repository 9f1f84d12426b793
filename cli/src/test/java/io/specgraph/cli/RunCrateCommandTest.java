package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code specgraph run --crate DIR} writes a Workflow Run RO-Crate that meets what RO-Crate 1.1 and the Process,
 * Workflow and Provenance Run Crate profiles (0.5) require, checked one requirement at a time on the crates of a
 * simulated example and of a failed run of commands with a measurement.
 */
class RunCrateCommandTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final String PROFILES = "https://w3id.org/ro/wfrun/";

    @TempDir
    Path dir;

    @Test
    void theSimulatedExampleIsAProvenanceRunCrate() throws Exception {
        Path spec = REPO.resolve("specs/build-optimization");
        Path crate = dir.resolve("crate");
        Run run = Run.of("run", spec.toString(), "--simulate", "--time-scale", "virtual", "--progress", "none",
                "--crate", crate.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("run crate written to " + crate);
        Plan plan = Specgraph.load(spec).plan();

        Crate c = checkProvenanceRunCrate(crate);

        try (var files = Files.list(spec)) {
            Set<String> specFiles = files.map(f -> "spec/" + f.getFileName()).filter(f -> f.endsWith(".ttl")).collect(Collectors.toSet());
            assertThat(c.ids(c.root(), "hasPart")).containsAll(specFiles);
        }
        assertThat(c.ofType("HowToStep")).hasSize(plan.tasks().size());
        long ran = plan.tasks().stream().filter(t -> !t.compensation()).count();
        assertThat(c.toolRuns()).as("one CreateAction per attempt; compensations were not needed").hasSize((int) ran);
        assertThat(c.id(c.workflowRun(), "actionStatus")).isEqualTo("http://schema.org/CompletedActionStatus");
        // the attempts are the record's: their ids are attempt IRIs of record.ttl
        Graph record = RDFParser.source(crate.resolve("record.ttl")).toGraph();
        for (JsonObject action : c.toolRuns()) {
            assertThat(record.contains(org.apache.jena.graph.NodeFactory.createURI(action.getString("@id")),
                    org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY)).as(action.getString("@id")).isTrue();
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFailedRunOfCommandsKeepsItsErrorsInputsOutputsAndMeasurements() throws Exception {
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
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ;
                    sg:command "echo 'speed = 8' > \\"$SPECGRAPH_MEASUREMENTS\\" && echo built > app.bin" ;
                    sg:inputs "src/" ; sg:outputs "app.bin" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:dependsOn :built ;
                    sg:command "exit 3" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :build ; sg:owner :dev ;
                    sg:condition [ sg:ask "ASK { ?s ?p ?o }" ] .
                :speed a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                    sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :build .
                :slow a sg:Bottleneck ; rdfs:label "Slow build" ; sg:severity sg:High .
                """);
        Path crate = dir.resolve("crate");
        Run run = Run.of("run", folder.toString(), "--allow-commands", "--work-dir", dir.resolve("work").toString(),
                "--progress", "none", "--crate", crate.toString());
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);

        Crate c = checkProvenanceRunCrate(crate);

        assertThat(c.id(c.workflowRun(), "actionStatus")).isEqualTo("http://schema.org/FailedActionStatus");
        assertThat(c.workflowRun().getString("error")).contains("failed");
        JsonObject build = c.toolRuns().stream().filter(a -> a.getString("name").equals("Build")).findFirst().orElseThrow();
        JsonObject ship = c.toolRuns().stream().filter(a -> a.getString("name").equals("Ship")).findFirst().orElseThrow();
        assertThat(c.id(build, "agent")).isEqualTo("https://example.org/commands#dev");
        assertThat(c.id(ship, "actionStatus")).isEqualTo("http://schema.org/FailedActionStatus");
        assertThat(ship.getString("error")).contains("code 3");
        assertThat(values(c, c.ids(build, "object"))).containsExactly("src/");
        assertThat(values(c, c.ids(build, "result"))).containsExactlyInAnyOrder("app.bin", "8");
        JsonObject speed = c.ids(build, "result").stream().map(c::entity).filter(e -> "Build time".equals(e.getString("name")))
                .findFirst().orElseThrow();
        assertThat(speed.getString("unitText")).isEqualTo("s");
        assertThat(c.id(speed, "propertyID")).isEqualTo("https://example.org/commands#speed");
    }

    @Test
    void aCratePathThatIsAFileIsRefusedBeforeAnythingRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Run run = Run.of("run", REPO.resolve("specs/codegen").toString(), "--simulate", "--crate", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--crate " + file + " is a file").contains("nothing was run");
        assertThat(run.out()).isEmpty();
    }

    private static List<String> values(Crate c, List<String> ids) {
        return ids.stream().map(c::entity).map(e -> e.get("value").isString() ? e.getString("value")
                : e.get("value").toString()).toList();
    }

    /**
     * Checks every requirement of RO-Crate 1.1 and of the three run crate profiles that the crate can meet or
     * break; returns the crate for further checks.
     */
    private static Crate checkProvenanceRunCrate(Path dir) throws Exception {
        JsonObject json = JSON.read(dir.resolve("ro-crate-metadata.json").toString());
        assertThat(json.get("@context").getAsArray().stream().map(v -> v.getAsString().value()).toList())
                .contains("https://w3id.org/ro/crate/1.1/context", "https://w3id.org/ro/terms/workflow-run/context");
        Crate c = new Crate(json);

        // RO-Crate 1.1: the metadata descriptor, and a root data entity with name, description and datePublished
        JsonObject descriptor = c.entity("ro-crate-metadata.json");
        assertThat(c.types(descriptor)).contains("CreativeWork");
        assertThat(c.id(descriptor, "about")).isEqualTo("./");
        assertThat(c.ids(descriptor, "conformsTo")).contains("https://w3id.org/ro/crate/1.1");
        JsonObject root = c.root();
        assertThat(c.types(root)).contains("Dataset");
        assertThat(root.getString("name")).isNotBlank();
        assertThat(root.getString("description")).isNotBlank();
        assertThat(java.time.Instant.parse(root.getString("datePublished"))).isNotNull();
        // every entity has an @id and a @type; every data entity of the root is a file of the crate
        for (JsonObject e : c.entities.values()) {
            assertThat(c.types(e)).as(e.getString("@id")).isNotEmpty();
        }
        for (String part : c.ids(root, "hasPart")) {
            assertThat(dir.resolve(part)).as(part).isRegularFile();
            assertThat(c.types(c.entity(part))).contains("File");
        }
        // every reference is to an entity the crate describes (no dangling @id), but schema.org's action statuses,
        // the RO-Crate specification the descriptor conforms to and the IRIs given as urls and identifiers
        for (JsonObject e : c.entities.values()) {
            for (Map.Entry<String, JsonValue> p : e.entrySet()) {
                for (String ref : refs(p.getValue())) {
                    if (!ref.startsWith("http://schema.org/") && !ref.startsWith("https://w3id.org/ro/crate/")
                            && !p.getKey().equals("url") && !p.getKey().equals("identifier")
                            && !p.getKey().equals("propertyID")) {
                        assertThat(c.entities).as(e.getString("@id") + " " + p.getKey() + " → " + ref).containsKey(ref);
                    }
                }
            }
        }

        // Process, Workflow and Provenance Run Crate: the root conforms to each profile, each described
        List<String> conforms = c.ids(root, "conformsTo");
        for (String profile : List.of(PROFILES + "process/0.5", PROFILES + "workflow/0.5", PROFILES + "provenance/0.5",
                "https://w3id.org/workflowhub/workflow-ro-crate/1.0")) {
            assertThat(conforms).contains(profile);
            assertThat(c.types(c.entity(profile))).contains("CreativeWork");
        }
        // Workflow Run Crate: the main entity is the workflow, run by exactly one CreateAction the root mentions
        JsonObject workflow = c.entity(c.id(root, "mainEntity"));
        assertThat(c.types(workflow)).contains("File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo");
        assertThat(c.types(c.entity(c.id(workflow, "programmingLanguage")))).contains("ComputerLanguage");
        List<JsonObject> runs = c.ofType("CreateAction").stream()
                .filter(a -> workflow.getString("@id").equals(c.id(a, "instrument"))).toList();
        assertThat(runs).hasSize(1);
        JsonObject workflowRun = runs.get(0);
        assertThat(c.ids(root, "mentions")).contains(workflowRun.getString("@id"));
        // Process Run Crate: every action has its instrument, start and end; status when it says one
        for (JsonObject action : c.ofType("CreateAction")) {
            assertThat(c.id(action, "instrument")).as(action.getString("@id")).isNotNull();
            assertThat(java.time.Instant.parse(action.getString("startTime"))).isNotNull();
            assertThat(java.time.Instant.parse(action.getString("endTime"))).isNotNull();
            assertThat(c.id(action, "actionStatus")).isIn("http://schema.org/CompletedActionStatus",
                    "http://schema.org/FailedActionStatus");
        }
        // Provenance Run Crate: each tool run's instrument is a tool the workflow has as part, with an agent
        List<String> tools = c.ids(workflow, "hasPart");
        List<JsonObject> toolRuns = c.ofType("CreateAction").stream().filter(a -> a != workflowRun).toList();
        assertThat(toolRuns).isNotEmpty();
        for (JsonObject action : toolRuns) {
            assertThat(tools).contains(c.id(action, "instrument"));
            assertThat(c.id(action, "agent")).as(action.getString("@id")).isNotNull();
        }
        // each step is in the workflow's steps and points at a tool; each ControlAction joins a step and a tool run
        List<String> steps = c.ids(workflow, "step");
        for (JsonObject step : c.ofType("HowToStep")) {
            assertThat(steps).contains(step.getString("@id"));
            assertThat(tools).contains(c.id(step, "workExample"));
        }
        List<JsonObject> controls = c.ofType("ControlAction");
        assertThat(controls).hasSize(toolRuns.size());
        for (JsonObject control : controls) {
            assertThat(c.types(c.entity(c.id(control, "instrument")))).contains("HowToStep");
            JsonObject toolRun = c.entity(c.id(control, "object"));
            assertThat(c.types(toolRun)).contains("CreateAction");
            // the step's tool is the tool that ran
            assertThat(c.id(c.entity(c.id(control, "instrument")), "workExample")).isEqualTo(c.id(toolRun, "instrument"));
        }
        // the engine: an OrganizeAction of specgraph whose result is the workflow run and objects the step runs
        List<JsonObject> organize = c.ofType("OrganizeAction");
        assertThat(organize).hasSize(1);
        assertThat(c.types(c.entity(c.id(organize.get(0), "instrument")))).contains("SoftwareApplication");
        assertThat(c.id(organize.get(0), "result")).isEqualTo(workflowRun.getString("@id"));
        assertThat(c.ids(organize.get(0), "object"))
                .containsExactlyInAnyOrderElementsOf(controls.stream().map(x -> x.getString("@id")).toList());
        return c.with(workflowRun, toolRuns);
    }

    private static List<String> refs(JsonValue value) {
        List<String> out = new ArrayList<>();
        if (value.isObject() && value.getAsObject().hasKey("@id") && value.getAsObject().size() == 1) {
            out.add(value.getAsObject().getString("@id"));
        } else if (value.isArray()) {
            value.getAsArray().forEach(v -> out.addAll(refs(v)));
        }
        return out;
    }

    /** The crate's entities by @id, with small readers for references and types. */
    private static final class Crate {
        final Map<String, JsonObject> entities = new HashMap<>();
        private JsonObject workflowRun;
        private List<JsonObject> toolRuns;

        Crate(JsonObject json) {
            for (JsonValue v : json.get("@graph").getAsArray()) {
                JsonObject e = v.getAsObject();
                assertThat(entities.put(e.getString("@id"), e)).as("entities with @id " + e.getString("@id")).isNull();
            }
        }

        Crate with(JsonObject workflowRun, List<JsonObject> toolRuns) {
            this.workflowRun = workflowRun;
            this.toolRuns = toolRuns;
            return this;
        }

        JsonObject workflowRun() {
            return workflowRun;
        }

        List<JsonObject> toolRuns() {
            return toolRuns;
        }

        JsonObject root() {
            return entity("./");
        }

        JsonObject entity(String id) {
            JsonObject e = entities.get(id);
            assertThat(e).as("entity " + id).isNotNull();
            return e;
        }

        List<String> types(JsonObject e) {
            JsonValue t = e.get("@type");
            if (t == null) {
                return List.of();
            }
            return t.isArray() ? t.getAsArray().stream().map(v -> v.getAsString().value()).toList() : List.of(t.getAsString().value());
        }

        List<JsonObject> ofType(String type) {
            return entities.values().stream().filter(e -> types(e).contains(type)).toList();
        }

        String id(JsonObject e, String property) {
            List<String> ids = ids(e, property);
            return ids.isEmpty() ? null : ids.get(0);
        }

        List<String> ids(JsonObject e, String property) {
            JsonValue v = e.get(property);
            if (v == null) {
                return List.of();
            }
            JsonArray values = v.isArray() ? v.getAsArray() : new JsonArray();
            if (!v.isArray()) {
                values.add(v);
            }
            return values.stream().filter(JsonValue::isObject).map(x -> x.getAsObject().getString("@id")).toList();
        }
    }
}
