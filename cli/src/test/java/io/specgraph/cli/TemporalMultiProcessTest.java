package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Attempt;
import io.specgraph.run.CoreDriver;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskRun;
import io.specgraph.run.TaskState;
import io.specgraph.temporal.DevServer;
import io.specgraph.temporal.Messages;
import io.specgraph.temporal.Queues;
import io.specgraph.temporal.RunWorkflow;
import io.specgraph.temporal.SpecgraphWorker;
import io.specgraph.run.Engine;
import io.specgraph.run.RunOrigin;
import io.specgraph.temporal.TemporalConnection;
import io.specgraph.temporal.TemporalRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run across processes on loopback: the dev server in this JVM, two {@code specgraph worker} JVMs started from
 * the test's class path, and this JVM as the client. The attempts land on both workers (the run names the worker of
 * each); one worker is killed mid-run, its attempts are found interrupted when its heartbeats stop and run again on
 * the other, and the run succeeds with every task succeeded exactly once. Waits are on conditions with generous
 * limits, for a loaded machine.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TemporalMultiProcessTest {
    private static final String NS = "https://example.org/multi#";
    private static final int TASKS = 60;

    @TempDir
    Path dir;

    private Path spec() throws IOException {
        StringBuilder ttl = new StringBuilder("""
                @prefix :     <%s> .
                @prefix sg:   <https://w3id.org/specgraph#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
                :p1 a sg:Phase ; rdfs:label "Work" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:concurrency 8 .
                """.formatted(NS));
        for (int i = 1; i <= TASKS; i++) {
            ttl.append(":t%d a sg:Task ; rdfs:label \"T%d\" ; sg:agent :dev ; sg:phase :p1 ; sg:command \"sleep 3\" ;\n".formatted(i, i))
                    .append("    sg:estimatedDuration \"PT3S\"^^xsd:duration .\n");
        }
        Path folder = Files.createDirectories(dir.resolve("multi"));
        Files.writeString(folder.resolve("plan.ttl"), ttl);
        return folder;
    }

    private Process worker(Path spec, String target, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "worker", spec.toString(), "--temporal", target, "--allow-commands", "--tasks-only", "--name", name,
                "--store", "none", "--work-dir", Files.createDirectories(dir.resolve(name)).toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!answers(condition)) {
            assertThat(System.nanoTime()).as("waited " + limit.toSeconds() + " s for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void twoWorkerProcessesShareARunAndOneThatIsKilledHandsItsWorkToTheOther() throws Exception {
        Path spec = spec();
        Plan plan = Specgraph.load(spec).plan();
        List<Process> processes = new ArrayList<>();
        try (DevServer server = DevServer.start(0);
             TemporalConnection c = TemporalConnection.open(server.target(), "default", Duration.ofSeconds(30))) {
            // the runs' workflows on a worker that stays (the test server, unlike a Temporal service, does not move a
            // workflow off a dead worker's sticky queue); the tasks on two worker processes, one of which is killed
            SpecgraphWorker control = SpecgraphWorker.start(c.client(), new SpecgraphWorker.Config(plan, Engine.builder().build(), null,
                    RunOrigin.of("test"), "control", dir), Queues.CONTROL, null);
            assertThat(control.queues()).containsExactly(Queues.CONTROL);
            // worker-a serves alone at first, so that it surely has attempts in hand: with both serving from the start,
            // which worker the test server hands each attempt to is its choice, and on a loaded machine one worker
            // now and then got none while the test waited for both
            Process a = worker(spec, server.target(), "worker-a");
            processes.add(a);
            await("worker-a to serve", Duration.ofSeconds(90), () -> serving(dir.resolve("worker-a.log")));

            TemporalRuns runs = new TemporalRuns(c.client());
            Messages.Settings settings = TemporalRuns.settings(6, "FAIL_FAST", 0, 100, null, 30_000, 3_000, "CRITICAL_PATH", false, null,
                    Queues.CONTROL);
            runs.start("multi", plan, settings);
            RunWorkflow run = runs.workflow("multi");

            await("worker-a to end an attempt", Duration.ofSeconds(90), () -> run.workers().containsValue("worker-a"));
            Process b = worker(spec, server.target(), "worker-b");
            processes.add(b);
            await("worker-b to serve", Duration.ofSeconds(90), () -> serving(dir.resolve("worker-b.log")));
            // worker-a holds an attempt: it started one (its work folder is there) that has not ended
            await("an attempt in hand on worker-a", Duration.ofSeconds(90),
                    () -> startedOn("worker-a") > endedOn(run.workers(), "worker-a"));
            assertThat(run.status().ended()).isFalse();
            a.destroyForcibly();
            assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();

            await("the run to end", Duration.ofSeconds(120), () -> run.status().ended());
            List<String> journal = runs.journal("multi");
            Map<String, String> workers = run.workers();
            RunResult result = TemporalRuns.show(plan, settings, "multi", journal);

            assertThat(result.outcome()).as(String.join("\n", journal)).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(result.tasks()).hasSize(TASKS);
            CoreDriver nodes = new CoreDriver(settings.engine(), plan, "urn:specgraph:run:multi");
            for (TaskRun t : result.tasks()) {
                assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
                List<Attempt> succeeded = t.attempts().stream().filter(x -> x.state() == TaskState.SUCCEEDED).toList();
                assertThat(succeeded).as("successful attempts of " + t.task().label()).hasSize(1);
                // the run names the worker of the attempt
                assertThat(workers).containsKey(nodes.indexOf(t.task().iri()) + "/" + succeeded.get(0).number());
            }
            assertThat(new TreeSet<>(workers.values())).containsExactly("worker-a", "worker-b");
            assertThat(journal).as("worker-a had attempts in hand when it was killed: they were found interrupted")
                    .anyMatch(l -> l.startsWith("I\t"));
            control.stop();
            // what ran after the kill ran on the worker that is left
            assertThat(workers.values().stream().filter("worker-b"::equals).count()).isGreaterThan(TASKS / 4);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The condition, or false while the run does not answer: a query that went to the killed worker's sticky queue
     * times out until the service hands the workflow to the other worker.
     */
    private static boolean answers(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (io.temporal.client.WorkflowException | io.grpc.StatusRuntimeException e) {
            return false;
        }
    }

    /** The attempts a worker started: each made a work folder under the worker's --work-dir. */
    private long startedOn(String worker) {
        Path folder = dir.resolve(worker).resolve("multi");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.list(folder)) {
            return files.filter(Files::isDirectory).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long endedOn(Map<String, String> workers, String worker) {
        return workers.values().stream().filter(worker::equals).count();
    }

    private static boolean serving(Path log) {
        try {
            return Files.exists(log) && Files.readString(log).contains(" serves ");
        } catch (IOException e) {
            return false;
        }
    }
}
