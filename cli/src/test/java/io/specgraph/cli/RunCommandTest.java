package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.RunReportWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.exec.QueryExec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code specgraph run} end to end through {@link Main#run}: every example simulated in text and JSON with
 * its record, runs that cannot start, commands that fail, fail-fast against keep-going, the live view, bad
 * options, and Ctrl-C (as SIGTERM to a child JVM) still writing the summary and the record.
 */
class RunCommandTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    /**
     * An hour of spec time in 36 ms: the largest example (gadugi-v03, 44 h) runs in 1.6 s, and the tightest
     * timeout of the examples (3 h estimated, 4 h allowed) keeps 36 ms of slack against scheduling jitter.
     */
    private static final String SCALE = "0.00001";

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return Run.of(args);
    }

    private static String spec(String name) {
        return REPO.resolve("specs").resolve(name).toString();
    }

    /** A closed spec of two phases whose tasks run shell commands; {@code ship} is the second phase's task. */
    private Path commandSpec(String buildCommand, String shipCommand) throws Exception {
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
                    sg:estimatedDuration "PT1M"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:dependsOn :built ;
                    sg:command "%s" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :build ; sg:owner :dev ;
                    sg:condition [ sg:ask "ASK { ?s ?p ?o }" ] .
                :speed a sg:Metric ; rdfs:label "Build time" ; sg:baseline 100.0 ; sg:target 10.0 ; sg:unit "s" ;
                    sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :build .
                :slow a sg:Bottleneck ; rdfs:label "Slow build" ; sg:severity sg:High .
                """.formatted(buildCommand, shipCommand));
        return folder;
    }

    private static Graph parseTurtle(Path file) {
        return RDFParser.source(file).toGraph();
    }

    private static boolean ask(Graph graph, String query) {
        return QueryExec.graph(graph).query("PREFIX sg: <https://w3id.org/specgraph#> " + query).ask();
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void everyExampleRunsSimulatedWithItsSloTableAndRecord(String name) {
        Path record = dir.resolve("records/" + name + ".ttl");
        Run run = run("run", spec(name), "--simulate", "--time-scale", SCALE, "--record", record.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .startsWith("simulating at time scale 0.00001: the estimated ")
                .contains(" s  run started: ").contains(" started").contains(" succeeded")
                .contains("\nrun succeeded: ")
                .contains("simulated at time scale 0.00001: makespan ")
                .contains("\nSLOs:\n  metric ").contains("baseline → target → measured").contains("not measured");
        assertThat(run.err()).contains("run record written to " + record);
        Graph graph = parseTurtle(record);
        assertThat(ask(graph, "ASK { ?run a sg:Run ; sg:state sg:Succeeded ; sg:timeScale ?scale ; sg:workers 4 }")).isTrue();
        assertThat(ask(graph, "ASK { ?a a sg:TaskAttempt ; sg:state sg:Failed }")).isFalse();
    }

    /** Not gadugi-v03 (the slowest, 1.6 s, with nothing the others lack here); build-optimization has a compensation task. */
    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen"})
    void jsonIsTheOnlyOutputOnStdoutAndEveryTaskSucceeds(String name) {
        Run run = run("run", spec(name), "--simulate", "--time-scale", SCALE, "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonObject json = JSON.parse(run.out());
        assertThat(json.getString("schema")).isEqualTo(RunReportWriter.JSON_SCHEMA);
        assertThat(json.getString("outcome")).isEqualTo("succeeded");
        assertThat(json.getNumber("timeScale").doubleValue()).isEqualTo(0.00001);
        List<JsonObject> tasks = json.get("tasks").getAsArray().stream().map(JsonValue::getAsObject).toList();
        assertThat(tasks).isNotEmpty();
        for (JsonObject task : tasks) {
            boolean compensation = task.get("compensation").getAsBoolean().value();
            // a compensation task runs only when a gate fails: in a successful run it is skipped, never started
            assertThat(task.getString("state")).as(task.getString("iri")).isEqualTo(compensation ? "skipped" : "succeeded");
        }
        for (JsonValue gate : json.get("gates").getAsArray()) {
            assertThat(gate.getAsObject().getString("state")).isEqualTo("passed");
        }
        assertThat(run.err()).contains("simulating at time scale").contains(" s  run started: ").contains("run succeeded after");
    }

    @Test
    void virtualTimeGivesTheExactMakespanInSpecTimeTheSameOnEveryRun() {
        Plan plan = Specgraph.load(Path.of(spec("build-optimization"))).plan();
        long estimate = plan.estimatedMakespan(4).toMillis();
        Run json = run("run", spec("build-optimization"), "--simulate", "--time-scale", "virtual", "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonObject result = JSON.parse(json.out());
        assertThat(result.getString("outcome")).isEqualTo("succeeded");
        assertThat(result.getNumber("timeScale").doubleValue()).isEqualTo(1.0);
        // each task takes exactly its estimate: the makespan is the critical-path schedule the plan estimates
        assertThat(result.getNumber("wallTimeMs").longValue()).isEqualTo(estimate);
        assertThat(result.getNumber("simulatedMakespanMs").longValue()).isEqualTo(estimate);
        assertThat(json.err()).contains("simulating in virtual time: each task takes exactly its estimated duration, with 4 workers")
                .contains(" s  run started: ").contains("run succeeded after " + PlanWriter.human(Duration.ofMillis(estimate)));

        Run again = run("run", spec("build-optimization"), "--simulate", "--time-scale", "virtual", "--format", "json");
        JsonObject second = JSON.parse(again.out());
        assertThat(second.get("tasks").toString()).isEqualTo(result.get("tasks").toString());

        Run text = run("run", spec("build-optimization"), "--simulate", "--time-scale", "VIRTUAL", "--workers", "2",
                "--progress", "none");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("simulating in virtual time: ")
                .contains("makespan " + PlanWriter.human(plan.estimatedMakespan(2)) + " in spec time")
                .contains("simulated in virtual time").doesNotContain("time scale 1");
    }

    @Test
    void autoTimeScaleFitsTheRunInAboutThreeSecondsAndNeverSpeedsUpAShortPlan() {
        Plan codegen = Specgraph.load(Path.of(spec("codegen"))).plan();
        assertThat(RunCommand.autoScale(codegen, 4)).isEqualTo(1.0); // estimated 1.6 s: real time
        Plan gadugi = Specgraph.load(Path.of(spec("gadugi-v03"))).plan();
        assertThat(RunCommand.autoScale(gadugi, 4)).isEqualTo(3.0 / Duration.ofHours(44).toSeconds());
    }

    @Test
    void commandsDoNotRunWithoutAllowCommands() throws Exception {
        Path folder = commandSpec("touch built.txt", "true");
        Path work = dir.resolve("work");
        Run run = run("run", folder.toString(), "--work-dir", work.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("nothing was executed").contains("commands are not enabled")
                .contains("Build (https://example.org/commands#build)").contains("Ship (https://example.org/commands#ship)")
                .contains("--allow-commands")
                .doesNotContain("Java handlers");
        assertThat(work).doesNotExist();
    }

    @Test
    void withoutSimulateASpecOfJavaHandlersIsRefusedSuggestingSimulate() {
        Run run = run("run", spec("review-all"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("nothing was executed")
                .contains("no handler for sg:handler \"analyse-codebase\"")
                .contains("The command line has no Java handlers or gate predicates, and this spec needs them"
                        + " (7 tasks and 1 predicate condition). Try the plan with --simulate");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aCommandThatFailsFailsTheRunWithExitOne() throws Exception {
        Path folder = commandSpec("echo built > out.txt", "exit 3");
        Path work = dir.resolve("work");
        Path record = dir.resolve("record.ttl");
        Run run = run("run", folder.toString(), "--allow-commands", "--work-dir", work.toString(), "--record", record.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("task build succeeded").contains("gate built passed")
                .contains("task ship failed: command exited with code 3")
                .contains("\nrun failed: 2 tasks (1 succeeded, 1 failed), 1 gate (1 passed)\n")
                .contains("plan (estimated durations): lower bound 2 min, estimated 2 min with 4 workers")
                .contains("tasks that did not succeed:\n  ship  failed: command exited with code 3");
        try (var files = Files.walk(work)) {
            Path out = files.filter(p -> p.getFileName().toString().equals("out.txt")).findFirst().orElseThrow();
            assertThat(Files.readString(out)).isEqualTo("built\n");
        }
        Graph graph = parseTurtle(record);
        assertThat(ask(graph, "ASK { ?run a sg:Run ; sg:state sg:Failed . ?a sg:run ?run ; sg:task <https://example.org/commands#ship> ;"
                + " sg:state sg:Failed ; sg:reason ?why FILTER(CONTAINS(?why, 'code 3')) }")).isTrue();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void failFastStopsTheOtherBranchAndKeepGoingLetsItFinish() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("branches"));
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <https://example.org/branches#> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Branches" ; sg:goal "Two independent branches" .
                :p1 a sg:Phase ; rdfs:label "Work" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "works" ; sg:concurrency 2 .
                :broken a sg:Task ; rdfs:label "Broken" ; sg:agent :dev ; sg:phase :p1 ; sg:command "exit 1" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration ; sg:addresses :slow ; sg:measures :speed .
                :slow-work a sg:Task ; rdfs:label "Slow work" ; sg:agent :dev ; sg:phase :p1 ; sg:command "sleep 0.5" ;
                    sg:estimatedDuration "PT2M"^^xsd:duration .
                :speed a sg:Metric ; rdfs:label "Time" ; sg:baseline 10.0 ; sg:target 5.0 ; sg:unit "s" ;
                    sg:direction sg:Minimize ; sg:priority 1 ; sg:measuredBy :broken .
                :slow a sg:Bottleneck ; rdfs:label "Slow" ; sg:severity sg:Low .
                """);
        Run failFast = run("run", folder.toString(), "--allow-commands", "--work-dir", dir.resolve("w1").toString());
        assertThat(failFast.code()).isEqualTo(1);
        assertThat(failFast.out()).contains("slow-work  cancelled: fail-fast after Broken failed");
        Run keepGoing = run("run", folder.toString(), "--allow-commands", "--keep-going", "--work-dir", dir.resolve("w2").toString());
        assertThat(keepGoing.code()).isEqualTo(1);
        assertThat(keepGoing.out()).contains("run failed: 2 tasks (1 succeeded, 1 failed)").contains("task slow-work succeeded");
    }

    @Test
    void theLiveViewRedrawsInPlaceAndLeavesTheSummary() {
        Run run = run("run", spec("review-all"), "--simulate", "--time-scale", "0.0005", "--progress", "live");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("\033[?25l").contains("\033[J").contains("  tasks: ").contains(" running, ")
                .contains("\033[?25h").doesNotContain(" s  run started: ");
        String summary = run.out().substring(run.out().lastIndexOf("\033[?25h") + "\033[?25h".length());
        assertThat(summary).contains("run succeeded: 7 tasks (7 succeeded), 2 gates (2 passed)").contains("SLOs:")
                .doesNotContain("\033[");
    }

    @Test
    void progressNonePrintsOnlyTheSummary() {
        Run run = run("run", spec("codegen"), "--simulate", "--time-scale", "0.01", "--progress", "none");
        assertThat(run.code()).isZero();
        assertThat(run.out()).doesNotContain(" s  task ").contains("run succeeded: 6 tasks");
    }

    @Test
    void badOptionsAreBadInput() throws Exception {
        Run workers = run("run", spec("codegen"), "--simulate", "--workers", "0");
        assertThat(workers.code()).isEqualTo(2);
        assertThat(workers.err()).contains("--workers must be at least 1");
        Run noSimulate = run("run", spec("codegen"), "--time-scale", "0.1");
        assertThat(noSimulate.code()).isEqualTo(2);
        assertThat(noSimulate.err()).contains("--time-scale applies to simulated runs only; add --simulate");
        Run virtualWithoutSimulate = run("run", spec("codegen"), "--time-scale", "virtual");
        assertThat(virtualWithoutSimulate.code()).isEqualTo(2);
        assertThat(virtualWithoutSimulate.err()).contains("--time-scale applies to simulated runs only; add --simulate");
        for (String scale : new String[] {"0", "-1", "fast", "Infinity", "NaN"}) {
            Run bad = run("run", spec("codegen"), "--simulate", "--time-scale", scale);
            assertThat(bad.code()).as(scale).isEqualTo(2);
            assertThat(bad.err()).contains("--time-scale must be a positive number, auto or virtual, got '" + scale + "'");
        }
        Run format = run("run", spec("codegen"), "--simulate", "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("unknown format 'xml'; use text or json");
        Run progress = run("run", spec("codegen"), "--simulate", "--progress", "fancy");
        assertThat(progress.code()).isEqualTo(2);
        assertThat(progress.err()).contains("unknown progress mode 'fancy'; use auto, live, plain or none");
        Run missing = run("run", dir.resolve("nowhere").toString(), "--simulate");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing was run");
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Run record = run("run", spec("codegen"), "--simulate", "--time-scale", "0.001", "--record",
                file.resolve("record.ttl").toString());
        assertThat(record.code()).isEqualTo(2);
        // refused before the run starts: a record that cannot be written is known before any work is done
        assertThat(record.err()).contains("cannot create the folder of --record").contains(file + " exists and is not a folder")
                .contains("nothing was run");
        assertThat(record.out()).doesNotContain("run succeeded");
        assertThat(run("run", "--help").code()).isZero();
    }

    @Test
    void anOpenSpecIsNotRunUnlessAllowed() throws Exception {
        Files.writeString(dir.resolve("plan.ttl"), """
                @prefix :    <https://example.org/x#> .
                @prefix sg:  <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                :p a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :t a sg:Task ; sg:agent :dev ; sg:phase :p ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                   sg:dependsOn :missing .
                """);
        Run refused = run("run", dir.toString(), "--simulate");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot be planned").contains("nothing was run");
        Run allowed = run("run", dir.toString(), "--simulate", "--time-scale", "0.0001", "--allow-unclosed");
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("run succeeded: 1 task (1 succeeded)");
    }

    /** Ctrl-C arrives as a signal; SIGTERM runs the same shutdown hook, and a child JVM can be sent it portably. */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aSignalCancelsTheRunAndStillWritesTheSummaryAndTheRecord() throws Exception {
        Path record = dir.resolve("cancelled.ttl");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", spec("build-optimization"), "--store", "none", "--simulate", "--time-scale", "0.0002",
                "--record", record.toString())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.contains(" s  task ") && line.endsWith(" started")) {
                        started.complete(null);
                    }
                }
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        try {
            started.get(30, TimeUnit.SECONDS);
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        reader.join(5000);
        String out = String.join("\n", lines);
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertThat(err).contains("interrupted, cancelling the run").contains("run record written to");
        assertThat(out).contains("run cancelled: ").contains("cancelled: the run was cancelled").contains("SLOs:");
        Graph graph = parseTurtle(record);
        assertThat(ask(graph, "ASK { ?run a sg:Run ; sg:state sg:Cancelled }")).isTrue();
        assertThat(ask(graph, "ASK { ?a a sg:TaskAttempt ; sg:state sg:Cancelled }")).isTrue();
    }
}
