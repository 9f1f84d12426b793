package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.temporal.DevServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on a Temporal service ({@link Main#run}, in process): a {@code worker} serves a spec's tasks on
 * the dev server until interrupted; {@code run --temporal} starts a run, follows it with progress lines and ends
 * with the summary and the local exit codes (0, and 4 while an approval waits); {@code approve}, {@code reject}
 * and {@code show} take {@code --temporal}; {@code dev-server} serves until stopped; a service that does not
 * answer is exit 2 with the address and what to do, never a stack trace.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TemporalCommandTest {
    private static final Pattern STARTED = Pattern.compile("run (\\w+) started on Temporal at (\\S+)");
    private static final String NS = "https://example.org/release#";

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("log.txt");
    }

    /** build and side, then the sign-off gate (an approval the lead gives), then release; undo compensates build. */
    private Path spec(String approval) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("release"));
        String log = log().toString();
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <%1$s> .
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

    /** A worker command serving {@code spec} on {@code target} in a thread of its own, until {@link Worker#stop}. */
    private static final class Worker {
        final Thread thread;
        final CompletableFuture<Run> done = new CompletableFuture<>();

        Worker(String... args) {
            thread = Thread.ofPlatform().name("worker-command").start(() -> done.complete(Run.of(args)));
        }

        Run stop() throws Exception {
            thread.interrupt();
            return done.get(60, TimeUnit.SECONDS);
        }
    }

    private static Matcher started(Run run) {
        Matcher m = STARTED.matcher(run.out());
        assertThat(m.find()).as("the run says where it started: " + run.out() + run.err()).isTrue();
        return m;
    }

    private static void noStackTrace(Run run) {
        assertThat(run.err()).doesNotContain("\tat ", "Exception:");
        assertThat(run.out()).doesNotContain("\tat ");
    }

    @Test
    void aWorkerServesARunThatWaitsForApprovalIsApprovedAndShown() throws Exception {
        Path spec = spec("[ ]");
        try (DevServer server = DevServer.start(0)) {
            String t = server.target();
            Worker worker = new Worker("worker", spec.toString(), "--temporal", t, "--allow-commands", "--name", "w1",
                    "--store", dir.resolve("store").toString());

            Run run = Run.of("run", spec.toString(), "--temporal", t, "--progress", "plain");
            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(Main.WAITING);
            String id = started(run).group(1);
            assertThat(run.out()).contains("task build succeeded", "gate signoff waits for a decision by lead",
                    "specgraph approve " + id + " signoff --as NAME --temporal " + t);
            noStackTrace(run);

            Run wrong = Run.of("approve", id, "signoff", "--as", "Dev", "--temporal", t);
            assertThat(wrong.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(wrong.err()).contains("may not decide on gate Sign-off");
            noStackTrace(wrong);
            Run noGate = Run.of("approve", id, "nothing", "--as", "lead", "--temporal", t);
            assertThat(noGate.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(noGate.err()).contains("has no gate nothing", "signoff");

            Run approve = Run.of("approve", id, "signoff", "--as", "Release lead", "--comment", "fine", "--temporal", t);
            assertThat(approve.code()).as(approve.err()).isZero();
            assertThat(approve.out()).contains("approved gate signoff of run " + id);

            Run shown = awaitShown(id, t, "succeeded");
            assertThat(shown.out()).contains("signoff  passed", "workers: w1");
            Matcher kept = Pattern.compile("kept by a worker in its store as (\\w+)").matcher(shown.out());
            assertThat(kept.find()).as(shown.out()).isTrue();
            assertThat(Files.readAllLines(log(), StandardCharsets.UTF_8)).contains("build", "side", "release").doesNotContain("undo");

            Run unknown = Run.of("show", "nosuchrun", "--temporal", t);
            assertThat(unknown.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(unknown.err()).contains("no run nosuchrun on Temporal at " + t);
            noStackTrace(unknown);

            Run stopped = worker.stop();
            assertThat(stopped.code()).as(stopped.err()).isZero();
            assertThat(stopped.out()).contains("worker w1 serves specgraph, specgraph.dev on Temporal at " + t, "worker w1 stopped");
            // the worker kept the run in its store, with the worker of each attempt in its record
            Run runs = Run.of("runs", "--store", dir.resolve("store").toString());
            assertThat(runs.out()).contains(kept.group(1), "succeeded");
        }
    }

    @Test
    void aRejectedGateFailsTheRunWithCompensationAndARunWithoutApprovalsFollowsToItsEnd() throws Exception {
        Path spec = spec("[ ]");
        try (DevServer server = DevServer.start(0)) {
            String t = server.target();
            Worker worker = new Worker("worker", spec.toString(), "--temporal", t, "--allow-commands", "--name", "w1", "--store", "none");
            Run run = Run.of("run", spec.toString(), "--temporal", t, "--progress", "none", "--format", "json");
            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(Main.WAITING);
            String id = started(new Run(0, run.err(), "")).group(1);
            Run reject = Run.of("reject", id, "signoff", "--as", "lead", "--temporal", t);
            assertThat(reject.code()).as(reject.err()).isZero();
            assertThat(awaitShown(id, t, "failed").out()).contains("record: not kept (the worker has --store none)");
            assertThat(Files.readAllLines(log(), StandardCharsets.UTF_8)).contains("build", "undo").doesNotContain("release");
            worker.stop();
        }
    }

    private static Run awaitShown(String id, String target, String outcome) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Run shown;
        do {
            Thread.sleep(200);
            shown = Run.of("show", id, "--temporal", target);
            assertThat(shown.code()).as(shown.err()).isZero();
        } while (!(shown.out().startsWith("run " + outcome + ":") && shown.out().contains("\nrecord: ")
                && !shown.out().contains("not kept yet")) && System.nanoTime() < deadline);
        assertThat(shown.out()).as("the run ended " + outcome).startsWith("run " + outcome + ":");
        return shown;
    }

    @Test
    void noServiceAtTheAddressIsBadInputThatSaysWhereAndWhatToDo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path spec = spec("[ ]");
        String t = "127.0.0.1:" + port;
        for (List<String> args : List.of(List.of("run", spec.toString(), "--temporal", t), List.of("show", "abc", "--temporal", t))) {
            Run r = Run.of(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).contains("no Temporal service answers at " + t, "specgraph dev-server --port " + port);
            noStackTrace(r);
        }
        Run bad = Run.of("worker", spec.toString(), "--temporal", "nowhere");
        assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(bad.err()).contains("--temporal wants HOST:PORT", "'nowhere'");
        Run mixed = Run.of("run", spec.toString(), "--temporal", t, "--crate", dir.resolve("c").toString(), "--allow-commands");
        assertThat(mixed.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(mixed.err()).contains("not with --temporal: --allow-commands", "--crate");
        Run incremental = Run.of("run", spec.toString(), "--temporal", t, "--rerun-all");
        assertThat(incremental.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(incremental.err()).contains("not with --temporal: --explain, --rerun-all and --rerun (a run on Temporal is not incremental");
        Run queueAlone = Run.of("run", spec.toString(), "--task-queue", "q");
        assertThat(queueAlone.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(queueAlone.err()).contains("--task-queue goes with --temporal");
    }

    @Test
    void theDevServerServesUntilStoppedAndRefusesATakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Run r = Run.of("dev-server", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "--port");
            noStackTrace(r);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Worker server = new Worker("dev-server", "--port", String.valueOf(port));
        Path spec = spec("[ ]");
        // the service answers: a show of a run it does not have is refused as unknown, not as unreachable
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Run show;
        do {
            Thread.sleep(200);
            show = Run.of("show", "abc", "--temporal", "127.0.0.1:" + port);
        } while (show.err().contains("no Temporal service answers") && System.nanoTime() < deadline);
        assertThat(show.err()).contains("no run abc on Temporal at 127.0.0.1:" + port);
        Run stopped = server.stop();
        assertThat(stopped.code()).isZero();
        assertThat(stopped.out()).contains("not for production", "on 127.0.0.1:" + port,
                "specgraph worker SPEC --temporal 127.0.0.1:" + port, "dev server stopped");
        assertThat(spec).exists();
    }
}
