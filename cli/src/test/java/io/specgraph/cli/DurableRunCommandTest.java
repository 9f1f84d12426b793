package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable runs through the command line ({@link Main#run}), each test with its own {@code --store}: a run that
 * waits for an approval (exit 4) and says how to go on, {@code approve} refused to someone not allowed and taken
 * from the owner by label, {@code resume} running only what waited, {@code reject} failing the gate and running
 * compensation, an approval that passes on its own when its timeout says so; {@code runs}, {@code show} and
 * {@code query} over the store; a folder that is not a store, {@code --store none}, and a spec that changed
 * before {@code resume}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurableRunCommandTest {
    private static final Pattern STARTED = Pattern.compile("run (\\w+) started \\(store (.+)\\)");
    private static final String NS = "https://example.org/release#";

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store");
    }

    private Path log() {
        return dir.resolve("log.txt");
    }

    /**
     * build → signoff (an approval; the gate's owner is the lead) → release; side runs beside the gate; undo
     * compensates build. Every command appends its task's name to the log.
     */
    private Path approvalSpec(String approval) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("release"));
        String log = log().toString();
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <%s> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Release" ; sg:goal "Release only with a sign-off" .
                :p1 a sg:Phase ; rdfs:label "Build and release" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "builds and releases" .
                :lead a sg:Agent ; rdfs:label "Release lead" ; sg:responsibility "signs off" .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ; sg:compensatedBy :undo ;
                    sg:command "echo build >> '%2$s'" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :side a sg:Task ; rdfs:label "Side" ; sg:agent :dev ; sg:phase :p1 ;
                    sg:command "echo side >> '%2$s'" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :release a sg:Task ; rdfs:label "Release" ; sg:agent :dev ; sg:phase :p1 ; sg:dependsOn :signoff ;
                    sg:command "echo release >> '%2$s'" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :undo a sg:Task ; rdfs:label "Undo" ; sg:agent :dev ; sg:phase :p1 ;
                    sg:command "echo undo >> '%2$s'" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :signoff a sg:Gate ; rdfs:label "Sign-off" ; sg:requires :build ; sg:owner :lead ;
                    sg:condition [ sg:approval %3$s ] .
                """.formatted(NS, log, approval));
        return folder;
    }

    private Run run(Path spec, String... more) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--allow-commands", "--progress", "plain"));
        args.addAll(List.of(more));
        if (!args.contains("--store")) {
            args.addAll(List.of("--store", store().toString()));
        }
        return Run.of(args.toArray(String[]::new));
    }

    private Run inStore(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store().toString()));
        return Run.of(all.toArray(String[]::new));
    }

    private static String runId(Run run) {
        Matcher m = STARTED.matcher(run.out());
        assertThat(m.find()).as("the run prints its id: " + run.out() + run.err()).isTrue();
        return m.group(1);
    }

    private List<String> logLines() throws Exception {
        return Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
    }

    private JsonObject runInfo(String id) {
        Run runs = inStore("runs", "--format", "json");
        assertThat(runs.code()).as(runs.err()).isZero();
        JsonObject json = JSON.parse(runs.out());
        assertThat(json.getString("schema")).isEqualTo("runs/1");
        return json.get("runs").getAsArray().stream().map(JsonValue::getAsObject)
                .filter(r -> r.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("run " + id + " is not listed: " + runs.out()));
    }

    /** A run that waits, started and checked: what ran, what it says, how it is listed. */
    private String waitingRun(Path spec) throws Exception {
        Files.deleteIfExists(log());
        Run first = run(spec);
        String id = runId(first);
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(Main.WAITING);
        assertThat(first.out())
                .contains("run " + id + " started (store " + store().toAbsolutePath() + ")")
                .contains("run " + id + ": gate signoff ")
                .contains("  specgraph approve " + id + " signoff --as NAME [--comment TEXT]   (or: specgraph reject …)")
                .contains("then continue it with: specgraph resume " + id);
        assertThat(logLines()).containsExactlyInAnyOrder("build", "side");
        JsonObject info = runInfo(id);
        assertThat(info.getString("state")).isEqualTo("waiting");
        assertThat(info.get("waitingGates").getAsArray().stream().map(v -> v.getAsString().value()).toList())
                .containsExactly(NS + "signoff");
        return id;
    }

    @Test
    void aRunWaitsForItsApprovalWhichOnlyAnApproverGivesAndResumeRunsWhatWaited() throws Exception {
        Path spec = approvalSpec("[ ]");
        String id = waitingRun(spec);

        Run notAllowed = inStore("approve", id, "signoff", "--as", "dev");
        assertThat(notAllowed.code()).as(notAllowed.out()).isEqualTo(Main.BAD_INPUT);
        assertThat(notAllowed.err()).contains("dev may not decide on gate signoff; who may: lead");
        Run noGate = inStore("approve", id, "nosuchgate", "--as", "lead");
        assertThat(noGate.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(noGate.err()).contains("nosuchgate");

        // the spec, loaded from Turtle files alone, is kept as their texts (no graph written); reading it parses them
        assertThat(store().resolve("runs/" + id + "/spec.trdf")).doesNotExist();
        assertThat(store().resolve("runs/" + id + "/sources")).isDirectoryContaining(f -> f.toString().endsWith(".ttl"));
        Run approved = inStore("approve", id, "signoff", "--as", "Release lead", "--comment", "ship it");
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("approved gate signoff of run " + id + " as Release lead.")
                .contains("Continue the run with: specgraph resume " + id);
        Run twice = inStore("reject", id, "signoff", "--as", "lead");
        assertThat(twice.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(twice.err()).contains("was approved already").contains("the first decision stands");
        assertThat(logLines()).as("deciding runs nothing").containsExactlyInAnyOrder("build", "side");

        Run resumed = inStore("resume", id, "--progress", "plain");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("run " + id + " resumed (store ").contains("run succeeded")
                .contains("run " + id + " is kept in the store; see it again with: specgraph show " + id);
        assertThat(logLines()).as("what completed before the wait does not run again")
                .containsExactlyInAnyOrder("build", "side", "release");
        assertThat(runInfo(id).getString("state")).isEqualTo("succeeded");

        Run again = inStore("resume", id);
        assertThat(again.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(again.err()).contains("run " + id + " has finished (succeeded); nothing to resume");
        Run late = inStore("approve", id, "signoff", "--as", "lead");
        assertThat(late.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(late.err()).contains("has finished (succeeded); there is nothing left to decide");

        Run show = inStore("show", id);
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("run succeeded: 3 tasks (3 succeeded), 1 gate (1 passed)")
                .contains("run " + id + " is kept in the store; see it again with: specgraph show " + id);
        assertThat(logLines()).as("show runs nothing").hasSize(3);
        Run showJson = inStore("show", id, "--format", "json");
        assertThat(showJson.code()).as(showJson.err()).isZero();
        JsonObject shown = JSON.parse(showJson.out());
        assertThat(shown.getString("outcome")).isEqualTo("succeeded");
        assertThat(shown.getString("run")).endsWith(id);
        JsonObject signoff = shown.get("gates").getAsArray().get(0).getAsObject();
        assertThat(signoff.getString("state")).isEqualTo("passed");
        assertThat(signoff.get("conditions").getAsArray()).anySatisfy(c -> {
            assertThat(c.getAsObject().getString("kind")).isEqualTo("approval");
            assertThat(c.getAsObject().getString("detail")).isEqualTo("approved by lead: ship it");
        });

        Run query = inStore("query", """
                PREFIX sg: <https://w3id.org/specgraph#>
                PREFIX prov: <http://www.w3.org/ns/prov#>
                SELECT ?who ?comment WHERE {
                  ?d a sg:ApprovalDecision ; sg:decision sg:Approved ; sg:comment ?comment ;
                     prov:qualifiedAssociation [ prov:agent ?who ] }""");
        assertThat(query.code()).as(query.err()).isZero();
        assertThat(query.outLines()).anySatisfy(l -> assertThat(l).contains(NS + "lead").contains("ship it"))
                .last().isEqualTo("1 row");
        Run specQuery = inStore("query", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { <" + NS
                + "signoff> rdfs:label ?l }");
        assertThat(specQuery.code()).as(specQuery.err()).isZero();
        assertThat(specQuery.out()).as("the spec's graph, parsed again from its sources, is queried").contains("Sign-off");
        Run queryJson = inStore("query", "PREFIX sg: <https://w3id.org/specgraph#> SELECT ?c WHERE { ?d sg:comment ?c }",
                "--format", "json");
        JsonObject answer = JSON.parse(queryJson.out());
        assertThat(answer.get("results").getAsObject().get("bindings").getAsArray()).singleElement()
                .satisfies(b -> assertThat(b.getAsObject().get("c").getAsObject().getString("value")).isEqualTo("ship it"));
    }

    @Test
    void aRejectionFailsTheGateAndRunsCompensation() throws Exception {
        String id = waitingRun(approvalSpec("[ sg:approver :lead ]"));
        Run rejected = inStore("reject", id, "signoff", "--as", "lead", "--comment", "numbers are off");
        assertThat(rejected.code()).as(rejected.err()).isZero();
        assertThat(rejected.out()).contains("rejected gate signoff of run " + id + " as lead.");

        Run resumed = inStore("resume", "--progress", "plain"); // without RUN: the most recent unfinished run
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(Main.RUN_FAILED);
        assertThat(resumed.out()).contains("run " + id + " resumed").contains("rejected by lead: numbers are off");
        assertThat(logLines()).as("the build is compensated, the release never runs")
                .containsExactlyInAnyOrder("build", "side", "undo");
        assertThat(runInfo(id).getString("state")).isEqualTo("failed");
        Run query = inStore("query", """
                PREFIX sg: <https://w3id.org/specgraph#>
                SELECT ?comment WHERE { ?d a sg:ApprovalDecision ; sg:decision sg:Rejected ; sg:comment ?comment }""");
        assertThat(query.out()).contains("numbers are off").contains("1 row");
    }

    /**
     * An approval with a timeout is still waiting for a person: the run stops (exit 4) with its timer in the
     * journal, and the run resumed after the timeout is decided as the gate declares, with no one deciding.
     */
    @Test
    void anApprovalWithATimeoutIsDecidedAsDeclaredWhenNobodyDecides() throws Exception {
        Run passing = run(approvalSpec("[ sg:timeout \"PT0.5S\"^^xsd:duration ; sg:onTimeout sg:Pass ]"));
        String id = runId(passing);
        assertThat(passing.code()).as(passing.out() + passing.err()).isEqualTo(Main.WAITING);
        Thread.sleep(600);
        Run passed = inStore("resume", id);
        assertThat(passed.code()).as(passed.out() + passed.err()).isZero();
        assertThat(passed.out()).contains("run succeeded");
        assertThat(logLines()).containsExactlyInAnyOrder("build", "side", "release");
        JsonObject gate = JSON.parse(inStore("show", id, "--format", "json").out()).get("gates").getAsArray().get(0).getAsObject();
        assertThat(gate.getString("state")).isEqualTo("passed");
        assertThat(gate.toString()).contains("no decision within 500 ms: passed as the gate declares (sg:onTimeout)");
        assertThat(passed.out()).doesNotContain("specgraph approve");

        Files.delete(log());
        Run rejecting = run(approvalSpec("[ sg:timeout \"PT0.5S\"^^xsd:duration ]"));
        String second = runId(rejecting);
        assertThat(rejecting.code()).as(rejecting.out() + rejecting.err()).isEqualTo(Main.WAITING);
        Thread.sleep(600);
        Run rejected = inStore("resume", second);
        assertThat(rejected.code()).as(rejected.out() + rejected.err()).isEqualTo(Main.RUN_FAILED);
        assertThat(rejected.out()).contains("no decision within 500 ms: rejected as the gate declares (sg:onTimeout)");
        assertThat(logLines()).as("rejected by default, and compensated").containsExactlyInAnyOrder("build", "side", "undo");
    }

    @Test
    void runsListsEveryRunOfTheStoreWithItsState() throws Exception {
        Path spec = approvalSpec("[ ]");
        Run empty = inStore("runs");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).isEqualTo("no runs in this store yet\n");
        assertThat(Files.exists(store())).as("listing creates nothing").isFalse();

        String waiting = waitingRun(spec);
        String succeeded = waitingRun(spec);
        assertThat(inStore("approve", succeeded, "signoff", "--as", "lead").code()).isZero();
        Run done = inStore("resume", succeeded);
        assertThat(done.code()).as(done.out() + done.err()).isZero();

        Run text = inStore("runs");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.outLines().get(0)).startsWith("ID").contains("STATE").contains("STARTED").contains("TASKS")
                .contains("SPEC").endsWith("WAITING FOR");
        assertThat(text.outLines()).hasSize(3);
        assertThat(text.outLines().get(1)).as("the most recent first").startsWith(succeeded).contains(" succeeded ").contains(" 3/3 ");
        assertThat(text.outLines().get(2)).startsWith(waiting).contains(" waiting ").contains(" 2/3 ").endsWith("signoff");

        JsonObject json = JSON.parse(inStore("runs", "--format", "json").out());
        List<JsonObject> runs = json.get("runs").getAsArray().stream().map(JsonValue::getAsObject).toList();
        assertThat(runs).extracting(r -> r.getString("id")).containsExactly(succeeded, waiting);
        assertThat(runs).extracting(r -> r.getString("state")).containsExactly("succeeded", "waiting");
        assertThat(runs.get(0).getNumber("tasksDone").intValue()).isEqualTo(3);
        assertThat(runs.get(0).getNumber("tasksTotal").intValue()).isEqualTo(3);
        assertThat(runs.get(1).getNumber("tasksDone").intValue()).isEqualTo(2);

        Run prefix = inStore("show", waiting.substring(0, 4));
        assertThat(prefix.code()).as(prefix.err()).isZero();
        assertThat(prefix.out()).contains("signoff").contains("then continue it with: specgraph resume " + waiting);
        Run missing = inStore("show", "zzzzzz");
        assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(missing.err()).contains("no run zzzzzz in ").contains("`specgraph runs` lists the runs");
    }

    @Test
    void aQueryIsReadOnlyAndMayNotCallOutOfTheStore() throws Exception {
        waitingRun(approvalSpec("[ ]"));
        Run service = inStore("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }");
        assertThat(service.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(service.err()).startsWith("specgraph: ").contains("SERVICE").doesNotContain("Exception").doesNotContain("\tat ");
        Run update = inStore("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }");
        assertThat(update.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(update.err()).startsWith("specgraph: ");
        Run unparsable = inStore("query", "SELECT WHERE {");
        assertThat(unparsable.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(unparsable.err()).startsWith("specgraph: ").doesNotContain("\tat ");

        Run ask = inStore("query", "PREFIX sg: <https://w3id.org/specgraph#> ASK { ?run sg:runState ?s }");
        assertThat(ask.code()).as(ask.err()).isZero();
        assertThat(ask.out()).isEqualTo("true\n");
    }

    @Test
    void aFolderThatIsNotAStoreIsRefusedAndNothingRuns() throws Exception {
        Path spec = approvalSpec("[ ]");
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        Run run = run(spec, "--store", foreign.toString());
        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains(foreign.toAbsolutePath() + " is not a specgraph run store (no specgraph-store file);"
                + " choose an empty folder or another --store").contains("nothing was run").doesNotContain("\tat ");
        assertThat(logLines()).as("nothing ran").isEmpty();
        try (var files = Files.list(foreign)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("nothing was written").containsExactly("notes.txt");
        }
        Run runs = Run.of("runs", "--store", foreign.toString());
        assertThat(runs.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(runs.err()).contains("is not a specgraph run store");

        Path file = foreign.resolve("notes.txt");
        Run onFile = run(spec, "--store", file.toString());
        assertThat(onFile.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(onFile.err()).contains(file.toAbsolutePath() + " is a file, not a specgraph run store").contains("nothing was run");
        assertThat(logLines()).isEmpty();
    }

    @Test
    void storeNoneRunsAsBeforeAndKeepsNothing() throws Exception {
        Path spec = approvalSpec("[ sg:timeout \"PT0.1S\"^^xsd:duration ; sg:onTimeout sg:Pass ]");
        Run run = run(spec, "--store", "none", "--format", "json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("run succeeded").doesNotContain("started (store").doesNotContain("specgraph show");
        JsonObject gate = JSON.parse(run.out()).get("gates").getAsArray().get(0).getAsObject();
        assertThat(gate.toString()).as("without a store the run waits in its process, and the timeout decides")
                .contains("no decision within 100 ms: passed as the gate declares");
        assertThat(logLines()).containsExactlyInAnyOrder("build", "side", "release");
        assertThat(Files.exists(store())).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("release", "log.txt");
        }
        Run resume = Run.of("resume", "--store", "none");
        assertThat(resume.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(resume.err()).contains("--store none keeps no runs");
    }

    @Test
    void aChangedSpecIsRefusedOnResumeNamingWhatChangedAndWhere() throws Exception {
        Path spec = approvalSpec("[ ]");
        String id = waitingRun(spec);
        Path file = spec.resolve("plan.ttl");
        String text = Files.readString(file);
        Files.writeString(file, text.replace("echo release >>", "echo released >>"));
        List<String> lines = Files.readAllLines(file);
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.startsWith(":release a sg:Task")).findFirst().orElseThrow());

        Run resumed = inStore("resume", id);
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(resumed.err()).contains("the spec changed since the run started, for " + NS + "release (changed)")
                .contains("what changed:")
                .containsPattern("  release: " + Pattern.quote(file.toString()) + ":" + line + "(:\\d+)?\n")
                .doesNotContain("  build: ");
        assertThat(logLines()).as("nothing ran").containsExactlyInAnyOrder("build", "side");
        assertThat(runInfo(id).getString("state")).as("the run is still there to resume").isEqualTo("waiting");

        Files.writeString(file, text); // restored: the run goes on
        Run approved = inStore("approve", id, "signoff", "--as", "lead");
        assertThat(approved.code()).as(approved.err()).isZero();
        Run done = inStore("resume", id);
        assertThat(done.code()).as(done.out() + done.err()).isZero();
        assertThat(logLines()).containsExactlyInAnyOrder("build", "side", "release");
    }

    /**
     * Ctrl-C (SIGTERM, which runs the same shutdown hook, to a child JVM) in the middle of a phase leaves the run
     * interrupted in its store, with the summary written and the way to go on; resume then finishes it, the
     * interrupted command starting again. The command sleeps only on its first attempt.
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aSignalLeavesTheRunInterruptedAndResumeFinishesIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("gated"));
        String log = log().toString();
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <%s> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Gated" ; sg:goal "Build, then ship" .
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :p2 a sg:Phase ; rdfs:label "Ship" ; sg:order 2 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "builds and ships" .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ;
                    sg:command "echo build >> '%2$s'; [ $(grep -c build '%2$s') -gt 1 ] || sleep 30" ;
                    sg:estimatedDuration "PT1M"^^xsd:duration .
                :built a sg:Gate ; rdfs:label "Built" ; sg:closes :p1 ; sg:requires :build ; sg:owner :dev ;
                    sg:condition [ sg:ask "ASK { ?s ?p ?o }" ] .
                :ship a sg:Task ; rdfs:label "Ship" ; sg:agent :dev ; sg:phase :p2 ; sg:dependsOn :built ;
                    sg:command "echo ship >> '%2$s'" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """.formatted(NS, log));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", folder.toString(), "--allow-commands", "--progress", "plain", "--store", store().toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (line.endsWith("task build started")) {
                        started.complete(null);
                    }
                }
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        try {
            started.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 300 && logLines().isEmpty(); i++) {
                Thread.sleep(100); // the command has appended, and sleeps: it is interrupted in the middle
            }
            assertThat(logLines()).containsExactly("build");
            process.toHandle().destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        reader.join(5000);
        String out = String.join("\n", lines);
        String err = Files.readString(dir.resolve("stderr.txt"));
        Matcher m = STARTED.matcher(out);
        assertThat(m.find()).as(out + err).isTrue();
        String id = m.group(1);
        assertThat(err).contains("specgraph: interrupted; run " + id + " stops here and can be resumed").doesNotContain("internal error");
        assertThat(out).contains("run interrupted").contains("run " + id + " was interrupted; continue it with: specgraph resume " + id);
        assertThat(runInfo(id).getString("state")).isEqualTo("interrupted");

        Run resumed = inStore("resume", id, "--format", "json");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        JsonObject result = JSON.parse(resumed.out());
        JsonObject build = result.get("tasks").getAsArray().stream().map(JsonValue::getAsObject)
                .filter(t -> t.getString("label").equals("Build")).findFirst().orElseThrow();
        assertThat(build.get("attempts").getAsArray().stream().map(a -> a.getAsObject().getString("state")).toList())
                .containsExactly("interrupted", "succeeded");
        assertThat(logLines()).containsExactly("build", "build", "ship");
    }
}
