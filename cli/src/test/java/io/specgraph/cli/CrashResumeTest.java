package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of durable runs (issue 12): the real command line in a child JVM runs a spec of twelve
 * shell commands, each appending its task's name to a log, and is killed with SIGKILL at random moments, then
 * resumed (and the resume killed too, now and then) until a resume completes; over several runs, at least
 * {@value #KILLS} kills. In the end every run exits 0, its record has every task succeeded exactly once (any
 * other attempt interrupted), and the log has each task at least once and at most once more per interrupted
 * attempt: a command that completed never ran again.
 *
 * <p>The kill moments are drawn from a seeded random ({@code -Dspecgraph.crash.seed=N} repeats a sequence, up
 * to the machine's timing); the seed is printed and is in every failure message, and a failed attempt's store,
 * specs and logs are kept under {@code cli/target/crash-failures/}. Two runs go on at once in the same store,
 * which also checks that runs of one store do not disturb each other.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class CrashResumeTest {
    /** Kills across all runs, at least. */
    static final int KILLS = 50;
    /** Runs killed and resumed side by side (in one store). */
    private static final int CHAINS = 2;
    /** How long a child may take to say it started (a loaded machine starts a JVM slowly). */
    private static final long STARTUP_LIMIT_SECONDS = 120;
    private static final Pattern LIVE = Pattern.compile("^run (\\w+) (started|resumed) \\(store ");
    private static final String NS = "https://example.org/crash#";
    /** The tasks and what each depends on: three roots, joins and a tail, so that 2–3 workers overlap. */
    private static final Map<String, List<String>> TASKS = tasks();

    @TempDir
    Path dir;

    private final long seed = Long.getLong("specgraph.crash.seed", System.nanoTime());
    private final AtomicInteger kills = new AtomicInteger();
    private final List<String> history = new CopyOnWriteArrayList<>();

    private static Map<String, List<String>> tasks() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("t01", List.of());
        t.put("t02", List.of());
        t.put("t03", List.of());
        t.put("t04", List.of("t01"));
        t.put("t05", List.of("t01", "t02"));
        t.put("t06", List.of("t03"));
        t.put("t07", List.of("t04", "t05"));
        t.put("t08", List.of("t06"));
        t.put("t09", List.of("t07"));
        t.put("t10", List.of("t08", "t09"));
        t.put("t11", List.of("t02"));
        t.put("t12", List.of("t10", "t11"));
        return Collections.unmodifiableMap(t);
    }

    /** A closed spec whose every task appends its name to {@code log} first, then takes a moment. */
    private static Path spec(Path folder, Path log) throws IOException {
        StringBuilder ttl = new StringBuilder("""
                @prefix :        <%s> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Crash" ; sg:goal "Survive kill -9" .
                :p1 a sg:Phase ; rdfs:label "All" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "everything" .
                """.formatted(NS));
        TASKS.forEach((task, deps) -> {
            ttl.append(":").append(task).append(" a sg:Task ; rdfs:label \"").append(task).append("\" ; sg:agent :dev ; sg:phase :p1 ; ");
            if (!deps.isEmpty()) {
                ttl.append("sg:dependsOn ").append(String.join(", ", deps.stream().map(d -> ":" + d).toList())).append(" ; ");
            }
            // the append comes first: a JVM killed with SIGKILL leaves its commands running, and one that already
            // appended must have been recorded as started (write-ahead), so that its line is accounted for
            ttl.append("sg:command \"echo ").append(task).append(" >> '").append(log).append("'; sleep 0.1\" ; ")
                    .append("sg:estimatedDuration \"PT1M\"^^xsd:duration .\n");
        });
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("plan.ttl"), ttl.toString());
        return folder;
    }

    /** One child process of the command line, its output read as it comes. */
    private static final class Child {
        final Process process;
        final long startedNanos = System.nanoTime();
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();
        /** The run's id and how long after the start the child said it runs it. */
        final CompletableFuture<Map.Entry<String, Long>> live = new CompletableFuture<>();
        final Thread outReader;
        final Thread errReader;

        Child(Path cwd, List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            process = new ProcessBuilder(command).directory(cwd.toFile()).start();
            outReader = Thread.ofVirtual().start(() -> read(process.getInputStream(), out));
            errReader = Thread.ofVirtual().start(() -> read(process.getErrorStream(), err));
        }

        private void read(InputStream stream, List<String> lines) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    Matcher m = LIVE.matcher(line);
                    if (m.find()) {
                        live.complete(Map.entry(m.group(1), (System.nanoTime() - startedNanos) / 1_000_000));
                    }
                }
            } catch (IOException e) {
                // the process was killed: what it wrote so far is what there is
            }
        }

        /** Waits for the process to end; its exit code and all its output read. */
        int await() throws InterruptedException {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the child ends").isTrue();
            outReader.join(10_000);
            errReader.join(10_000);
            return process.exitValue();
        }

        String output() {
            return String.join("\n", out) + "\n--- stderr:\n" + String.join("\n", err);
        }

        private static String java() {
            return ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }

    /** How one run went: its id, the kills it took, the JSON the completing process printed. */
    private record Outcome(String id, Path log, int kills, String finalJson) {}

    @Test
    void runsKilledAtRandomMomentsResumeToTheEndRunningNoCompletedCommandAgain() throws Exception {
        try {
            killResumeAndCheck();
        } catch (AssertionError | Exception e) {
            throw keep(e);
        }
    }

    /**
     * Keeps the store, the specs and the logs of a failed attempt under {@code cli/target/crash-failures/}: what the
     * processes left on disk is the evidence (a store that cannot be read again, a journal, a log).
     */
    private AssertionError keep(Throwable failure) throws IOException {
        Path kept = Path.of("target", "crash-failures", "seed-" + seed).toAbsolutePath();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path from : files.toList()) {
                Path to = kept.resolve(dir.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new AssertionError(failure.getMessage() + "\nthe store, specs and logs are kept in " + kept, failure);
    }

    private void killResumeAndCheck() throws Exception {
        System.out.println("CrashResumeTest seed " + seed + " (repeat with -Dspecgraph.crash.seed=" + seed + ")");
        long began = System.nanoTime();
        Path store = dir.resolve("store");
        List<Future<List<Outcome>>> chains = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CHAINS; c++) {
                int chain = c;
                chains.add(pool.submit(() -> chain(chain, store)));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<List<Outcome>> chain : chains) {
            try {
                outcomes.addAll(chain.get());
            } catch (ExecutionException e) {
                throw new AssertionError(context() + e.getCause().getMessage(), e.getCause());
            }
        }
        assertThat(kills.get()).as(context() + "kills in all").isGreaterThanOrEqualTo(KILLS);
        for (Outcome outcome : outcomes) {
            check(outcome, store);
        }
        System.out.printf("CrashResumeTest: %d runs, %d kills in %d s: %s%n", outcomes.size(), kills.get(),
                (System.nanoTime() - began) / 1_000_000_000L, String.join("; ", history));
        JsonObject runs = JSON.parse(Run.of("runs", "--format", "json", "--store", store.toString()).out());
        assertThat(runs.get("runs").getAsArray()).as(context() + "every run is listed once")
                .hasSize(outcomes.size())
                .allSatisfy(r -> assertThat(r.getAsObject().getString("state")).isEqualTo("succeeded"));
    }

    private String context() {
        return "seed " + seed + " (-Dspecgraph.crash.seed=" + seed + "), " + kills.get() + " kills; " + String.join("; ", history) + "\n";
    }

    /** Runs started, killed and resumed one after the other until the kills of all chains reach {@link #KILLS}. */
    private List<Outcome> chain(int chain, Path store) throws Exception {
        Random random = new Random(seed + chain);
        List<Outcome> done = new ArrayList<>();
        for (int n = 0; kills.get() < KILLS; n++) {
            done.add(killAndResume(chain + "-" + n, store, random));
        }
        return done;
    }

    /**
     * One run: started and killed after a random moment once it runs, then resumed, each resume killed at a random
     * moment (before it says it runs, sometimes) with some probability while kills are still wanted, until a
     * process ends by itself.
     */
    private Outcome killAndResume(String name, Path store, Random random) throws Exception {
        Path folder = dir.resolve("run-" + name);
        Path log = folder.resolve("log.txt");
        spec(folder.resolve("spec"), log);
        int workers = 2 + random.nextInt(2);
        List<String> storeArgs = List.of("--store", store.toString(), "--format", "json", "--progress", "plain");
        List<String> args = new ArrayList<>(List.of("run", "spec", "--allow-commands", "--workers", Integer.toString(workers)));
        args.addAll(storeArgs);
        String id = null;
        long startup = -1;
        int killed = 0;
        boolean first = true;
        while (true) {
            Child child = new Child(folder, args);
            // most resumes killed too while kills are wanted: a run takes several, and fewer runs end by themselves,
            // which is what keeps the test within a few minutes on a loaded machine (each process starts a JVM)
            boolean kill = first || (kills.get() < KILLS && random.nextInt(10) < 8);
            long killAfter = -1;
            boolean sent = false;
            if (kill) {
                if (first || startup < 0) {
                    Map.Entry<String, Long> live = awaitLive(child);
                    startup = live.getValue();
                    killAfter = startup + random.nextInt(1500);
                } else {
                    killAfter = Math.max(0, startup - 500 + random.nextInt(2000)); // from before it runs to well into it
                }
                long wait = killAfter - (System.nanoTime() - child.startedNanos) / 1_000_000;
                boolean ended = wait > 0 && child.process.waitFor(wait, TimeUnit.MILLISECONDS);
                if (!ended) {
                    child.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
                    sent = true;
                }
            }
            int code = child.await();
            if (child.live.isDone()) {
                String said = child.live.get().getKey();
                assertThat(id == null || id.equals(said)).as(context() + "the same run resumed: " + child.output()).isTrue();
                id = said;
                if (!kill || startup < 0) {
                    startup = child.live.get().getValue();
                }
            }
            assertThat(id).as(context() + "the run said its id before it was killed: " + child.output()).isNotNull();
            if (sent && code == 128 + 9) { // it had not ended by itself just before the signal

                killed++;
                kills.incrementAndGet();
                history.add(name + " killed at " + killAfter + " ms" + (child.live.isDone() ? "" : " (before it said it runs)"));
                args = new ArrayList<>(List.of("resume", id));
                args.addAll(storeArgs);
                first = false;
                continue;
            }
            String output = child.output();
            if (code == Main.BAD_INPUT && output.contains("run " + id + " has finished (succeeded)")) {
                // killed after the run was saved as succeeded, before it had printed its summary
                history.add(name + " found finished");
                return new Outcome(id, log, killed, null);
            }
            assertThat(code).as(context() + name + " ends by itself with exit 0: " + output).isZero();
            history.add(name + " completed after " + killed + " kills");
            return new Outcome(id, log, killed, String.join("\n", child.out));
        }
    }

    private Map.Entry<String, Long> awaitLive(Child child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_LIMIT_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            try {
                return child.live.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!child.process.isAlive()) {
                    // ended by itself: all its output read, it either said it runs (and finished fast) or failed
                    int code = child.await();
                    if (child.live.isDone()) {
                        return child.live.get();
                    }
                    throw new AssertionError(context() + "the child ended with exit code " + code + " without saying it runs: "
                            + child.output());
                }
            }
        }
        child.process.destroyForcibly();
        child.await();
        throw new AssertionError(context() + "the child did not say it runs within " + STARTUP_LIMIT_SECONDS + " s: "
                + child.output());
    }

    /** The record of a completed run and its log: each task succeeded once, no completed command ran again. */
    private void check(Outcome outcome, Path store) throws IOException {
        String what = context() + "run " + outcome.id() + " (" + outcome.kills() + " kills): ";
        Run show = Run.of("show", outcome.id(), "--format", "json", "--store", store.toString());
        assertThat(show.code()).as(what + show.err()).isZero();
        JsonObject record = JSON.parse(show.out());
        assertThat(record.getString("outcome")).as(what).isEqualTo("succeeded");
        Map<String, Integer> lines = new HashMap<>();
        for (String line : Files.readAllLines(outcome.log(), StandardCharsets.UTF_8)) {
            lines.merge(line.trim(), 1, Integer::sum);
        }
        assertThat(lines.keySet()).as(what + "the log has only the tasks' names").isSubsetOf(TASKS.keySet());
        List<JsonObject> tasks = record.get("tasks").getAsArray().stream().map(JsonValue::getAsObject).toList();
        assertThat(tasks).extracting(t -> t.getString("label")).as(what).containsExactlyInAnyOrderElementsOf(TASKS.keySet());
        for (JsonObject task : tasks) {
            String name = task.getString("label");
            List<String> attempts = task.get("attempts").getAsArray().stream()
                    .map(a -> a.getAsObject().getString("state")).toList();
            String about = what + name + " with attempts " + attempts + " and " + lines.getOrDefault(name, 0) + " lines in the log";
            assertThat(task.getString("state")).as(about).isEqualTo("succeeded");
            assertThat(attempts).as(about + ": succeeded exactly once").containsOnlyOnce("succeeded");
            long interrupted = attempts.stream().filter("interrupted"::equals).count();
            assertThat(interrupted).as(about + ": every other attempt was interrupted").isEqualTo(attempts.size() - 1);
            assertThat(lines.getOrDefault(name, 0)).as(about + ": ran at least once, and again only after an interrupted attempt")
                    .isBetween(1, 1 + (int) interrupted);
        }
        if (outcome.finalJson() != null) {
            JsonObject printed = JSON.parse(outcome.finalJson());
            assertThat(printed.get("tasks").toString()).as(what + "the store shows what the completing process printed")
                    .isEqualTo(record.get("tasks").toString());
        }
    }
}
