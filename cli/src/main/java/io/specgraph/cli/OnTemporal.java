package io.specgraph.cli;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.Engine;
import io.specgraph.run.GateOutcome;
import io.specgraph.run.GateState;
import io.specgraph.run.RunListener;
import io.specgraph.run.RunOrigin;
import io.specgraph.run.RunReportFormat;
import io.specgraph.run.RunReportWriter;
import io.specgraph.run.RunResult;
import io.specgraph.store.RunStore;
import io.specgraph.temporal.DevServer;
import io.specgraph.temporal.Messages;
import io.specgraph.temporal.Queues;
import io.specgraph.temporal.RunFollower;
import io.specgraph.temporal.SpecgraphWorker;
import io.specgraph.temporal.TemporalConnection;
import io.specgraph.temporal.TemporalRuns;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the commands do with {@code --temporal HOST:PORT}: serve tasks, start and follow a run, decide on its
 * gates and show it, on a Temporal service. Kept apart from the command classes so that picocli, which reflects
 * on them for every command line, never loads a Temporal class unless a command needs one.
 */
final class OnTemporal {
    /** How often a followed run's journal is read. */
    static final Duration POLL = Duration.ofMillis(250);
    /** How long a stopping worker or server may take to finish what it does. */
    static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private OnTemporal() {}

    private static Optional<TemporalConnection> connect(String target, TemporalAccess access, PrintWriter err) {
        try {
            TemporalConnection.Security security = new TemporalConnection.Security(access.tls, access.ca, access.cert, access.key,
                    access.apiKey());
            return Optional.of(TemporalConnection.open(target, access.namespace, security, TemporalConnection.CONNECT_TIMEOUT));
        } catch (TemporalConnection.Unavailable | IllegalArgumentException e) {
            err.println("specgraph: " + e.getMessage());
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ worker and dev-server

    /** What a worker serves with: the plan its spec gives and how it runs tasks. */
    record WorkerSetup(Plan plan, boolean allowCommands, RunStore store, String origin, String name, Path workDir, String taskQueue,
                       boolean tasksOnly) {}

    /** Serves tasks of runs of {@code setup.plan()} until the thread is interrupted or the JVM stops (Ctrl-C). */
    static int worker(String target, TemporalAccess access, WorkerSetup setup, PrintWriter out, PrintWriter err) throws Exception {
        Optional<TemporalConnection> connected = connect(target, access, err);
        if (connected.isEmpty()) {
            return Main.BAD_INPUT;
        }
        try (TemporalConnection c = connected.get()) {
            Path work = setup.workDir() != null ? setup.workDir() : Files.createTempDirectory("specgraph-worker-");
            Engine engine = Engine.builder().allowCommands(setup.allowCommands()).build();
            SpecgraphWorker worker = SpecgraphWorker.start(c.client(), new SpecgraphWorker.Config(setup.plan(), engine, setup.store(),
                    RunOrigin.of(setup.origin()), setup.name(), work), Queues.CONTROL, setup.taskQueue(), !setup.tasksOnly());
            List<String> queues = worker.queues();
            out.println("worker " + setup.name() + " serves " + String.join(", ", queues) + " on Temporal at " + c.target()
                    + " (plan SHA-256 of its spec; runs of another plan are refused); Ctrl-C stops it");
            if (queues.isEmpty()) {
                worker.stop();
                err.println("specgraph: with --tasks-only this worker would serve nothing: it runs none of the spec's tasks"
                        + " (tasks with sg:command need --allow-commands)");
                return Main.BAD_INPUT;
            }
            if (queues.size() == 1 && !setup.tasksOnly() && setup.taskQueue() == null && !setup.plan().tasks().isEmpty()) {
                err.println("warning: this worker runs none of the spec's tasks, only the runs' control work (gates, records):"
                        + " tasks with sg:command need --allow-commands, tasks with sg:handler a worker embedded in Java"
                        + " (SpecgraphWorker, docs/run.md)");
            }
            out.flush();
            err.flush();
            untilStopped(worker::stop, "worker " + setup.name(), err);
            out.println("worker " + setup.name() + " stopped");
            return Main.OK;
        }
    }

    /** Runs Temporal's test server on a loopback port until the thread is interrupted or the JVM stops. */
    static int devServer(int port, PrintWriter out, PrintWriter err) throws InterruptedException {
        DevServer server;
        try {
            server = DevServer.start(port);
        } catch (UncheckedIOException e) {
            err.println("specgraph: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        try {
            String t = server.target();
            out.println("Temporal test server (in memory, for trying specgraph on one machine; not for production) on " + t);
            out.println("  serve tasks:  specgraph worker SPEC --temporal " + t + " --allow-commands");
            out.println("  start a run:  specgraph run SPEC --temporal " + t);
            out.println("Ctrl-C stops it; what it kept is lost then.");
            out.flush();
            untilStopped(() -> { }, "the dev server", err);
            out.println("dev server stopped");
            return Main.OK;
        } finally {
            server.close();
        }
    }

    /**
     * Blocks until Ctrl-C (a shutdown hook) or an interrupt, then runs {@code stop}; the hook waits for it, so
     * the JVM ends only once the work in hand is finished.
     */
    private static void untilStopped(Runnable stop, String what, PrintWriter err) {
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            err.println();
            err.println("specgraph: stopping " + what + "…");
            err.flush();
            stopping.countDown();
            try {
                stopped.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopping.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop.run();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and returns now
            }
        }
    }

    // ------------------------------------------------------------------ run

    /** How a run on Temporal is started. */
    record RunSetup(Plan plan, int workers, boolean keepGoing, boolean virtualTime, String taskQueue, RunReportFormat format,
                    RunListener listener, Runnable progressDone) {}

    /** Starts a run on Temporal and follows it to its end, or until only approvals are left (exit 4). */
    static int run(String target, TemporalAccess access, RunSetup setup, PrintWriter stdout, PrintWriter err, PrintWriter progressOut,
                   java.util.function.Function<RunResult, Integer> written) throws InterruptedException {
        Optional<TemporalConnection> connected = connect(target, access, err);
        if (connected.isEmpty()) {
            setup.progressDone().run();
            err.println("nothing was run");
            return Main.BAD_INPUT;
        }
        try (TemporalConnection c = connected.get()) {
            TemporalRuns runs = new TemporalRuns(c.client());
            Messages.Settings settings = TemporalRuns.settings(setup.workers(), setup.keepGoing() ? "KEEP_GOING" : "FAIL_FAST", 0, 100,
                    null, 30_000, 3_000, "CRITICAL_PATH", setup.virtualTime(), setup.taskQueue(), Queues.CONTROL);
            String runId = String.format(Locale.ROOT, "%08x", new SecureRandom().nextInt());
            WorkflowStub stub;
            try {
                stub = runs.start(runId, setup.plan(), settings);
            } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
                setup.progressDone().run();
                err.println("specgraph: Temporal at " + c.target() + " refused the run: " + message(e));
                return Main.BAD_INPUT;
            }
            progressOut.println("run " + runId + " started on Temporal at " + c.target() + " (workflow " + runId + ", control queue "
                    + settings.controlQueue() + ")");
            progressOut.flush();
            Thread hook = Thread.ofPlatform().unstarted(() -> {
                err.println();
                err.println("specgraph: stopped following run " + runId + "; it goes on on Temporal: specgraph show " + runId
                        + " --temporal " + c.target());
                err.flush();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            RunFollower follower = new RunFollower(runs, runId, setup.plan(), settings, setup.listener());
            RunFollower.State state;
            boolean told = false;
            try {
                while (true) {
                    try {
                        state = follower.poll();
                        if (state != RunFollower.State.RUNNING) {
                            break;
                        }
                    } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
                        if (!told) {
                            err.println("specgraph: run " + runId + " does not answer yet (" + message(e) + "); is a worker"
                                    + " serving queue " + settings.controlQueue() + "? Start one: specgraph worker SPEC --temporal "
                                    + c.target());
                            err.flush();
                            told = true;
                        }
                    }
                    Thread.sleep(POLL.toMillis());
                }
            } finally {
                setup.progressDone().run();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook says where the run goes on
                }
            }
            RunResult result = TemporalRuns.show(setup.plan(), settings, runId, follower.journal());
            int code = result.succeeded() ? Main.OK : result.outcome() == RunResult.Outcome.WAITING ? Main.WAITING : Main.RUN_FAILED;
            Integer files = written.apply(result);
            if (files != null) {
                code = files;
            }
            if (setup.format() == RunReportFormat.TEXT) {
                stdout.println();
            }
            stdout.print(RunReportWriter.write(result, setup.format()));
            stdout.flush();
            if (state == RunFollower.State.ENDED) {
                try {
                    Messages.RunOutcome outcome = stub.getResult(30, TimeUnit.SECONDS, Messages.RunOutcome.class);
                    progressOut.println(outcome.storedRun() == null ? "run " + runId + " ended; no worker keeps runs (--store none)"
                            : "run " + runId + " is kept by a worker in its store as " + outcome.storedRun());
                } catch (TimeoutException | WorkflowException e) {
                    progressOut.println("run " + runId + " ended; its record was not kept yet (" + message(e) + ")");
                }
                progressOut.println("see it again with: specgraph show " + runId + " --temporal " + c.target());
            } else {
                waitingHints(result, runId, c.target()).forEach(progressOut::println);
            }
            progressOut.flush();
            return code;
        }
    }

    /** Where the record of an ended run is kept, once the workflow has had a worker keep it. */
    private static String kept(TemporalConnection c, String runId) {
        try {
            Messages.RunOutcome outcome = c.client().newUntypedWorkflowStub(runId).getResult(1, TimeUnit.SECONDS, Messages.RunOutcome.class);
            return outcome.storedRun() == null ? "record: not kept (the worker has --store none)"
                    : "record: kept by a worker in its store as " + outcome.storedRun();
        } catch (TimeoutException | WorkflowException e) {
            return "record: not kept yet";
        }
    }

    private static List<String> waitingHints(RunResult result, String runId, String target) {
        List<String> out = new java.util.ArrayList<>();
        for (GateOutcome g : result.gates()) {
            if (g.state() == GateState.WAITING) {
                out.add("run " + runId + ": gate " + PlanWriter.local(g.gate().iri()) + " " + g.reason() + ":");
                out.add("  specgraph approve " + runId + " " + PlanWriter.local(g.gate().iri()) + " --as NAME --temporal " + target
                        + "   (or: specgraph reject …)");
            }
        }
        out.add("the run waits on Temporal for the decision and goes on by itself; follow it with: specgraph show " + runId
                + " --temporal " + target);
        return out;
    }

    // ------------------------------------------------------------------ show, approve, reject

    /** Shows a run on Temporal as its journal has it so far (the plan comes from the run itself: no spec needed). */
    static int show(String target, TemporalAccess access, String runId, RunReportFormat format, PrintWriter out, PrintWriter err) {
        Optional<TemporalConnection> connected = connect(target, access, err);
        if (connected.isEmpty()) {
            return Main.BAD_INPUT;
        }
        try (TemporalConnection c = connected.get()) {
            TemporalRuns runs = new TemporalRuns(c.client());
            RunResult result;
            java.util.Map<String, String> workers;
            try {
                Plan plan = runs.plan(runId);
                Messages.Settings settings = runs.settings(runId);
                result = TemporalRuns.show(plan, settings, runId, runs.journal(runId));
                workers = runs.workflow(runId).workers();
            } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
                err.println("specgraph: " + unknownRun(e, runId, c.target()));
                return Main.BAD_INPUT;
            }
            out.print(RunReportWriter.write(result, format));
            if (format == RunReportFormat.TEXT && !workers.isEmpty()) {
                out.println("workers: " + String.join(", ", new java.util.TreeSet<>(workers.values())));
            }
            if (format == RunReportFormat.TEXT && result.outcome() != RunResult.Outcome.WAITING
                    && result.outcome() != RunResult.Outcome.INTERRUPTED) {
                out.println(kept(c, runId));
            }
            out.flush();
            return Main.OK;
        }
    }

    /** A decision on an approval gate of a run on Temporal: refused before it reaches the run when it is not valid. */
    static int decide(String target, TemporalAccess access, String runId, String gate, String as, String comment, boolean approve,
                      PrintWriter out, PrintWriter err) {
        Optional<TemporalConnection> connected = connect(target, access, err);
        if (connected.isEmpty()) {
            return Main.BAD_INPUT;
        }
        try (TemporalConnection c = connected.get()) {
            TemporalRuns runs = new TemporalRuns(c.client());
            Plan plan;
            try {
                plan = runs.plan(runId);
            } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
                err.println("specgraph: " + unknownRun(e, runId, c.target()));
                return Main.BAD_INPUT;
            }
            Optional<PlanGate> g = plan.gates().stream().filter(x -> x.iri().equals(gate) || PlanWriter.local(x.iri()).equals(gate)).findFirst();
            if (g.isEmpty()) {
                err.println("specgraph: run " + runId + " has no gate " + gate + "; its gates: "
                        + String.join(", ", plan.gates().stream().map(x -> PlanWriter.local(x.iri())).toList()));
                return Main.BAD_INPUT;
            }
            Optional<PlanAgent> who = plan.agents().stream().filter(a -> a.iri().equals(as) || PlanWriter.local(a.iri()).equals(as)
                    || as.equals(a.label())).findFirst();
            if (who.isEmpty()) {
                err.println("specgraph: the run's plan has no agent " + as + " (give an agent's IRI, local name or label)");
                return Main.BAD_INPUT;
            }
            try {
                runs.workflow(runId).decide(new Messages.Decision(g.get().iri(), who.get().iri(), approve, comment,
                        System.currentTimeMillis()));
            } catch (WorkflowUpdateException e) {
                err.println("specgraph: " + message(e));
                return Main.BAD_INPUT;
            } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
                err.println("specgraph: " + unknownRun(e, runId, c.target()));
                return Main.BAD_INPUT;
            }
            out.println((approve ? "approved" : "rejected") + " gate " + gate + " of run " + runId + " as " + as + ".");
            out.println("The run takes the decision on Temporal at once; follow it with: specgraph show " + runId + " --temporal "
                    + c.target());
            out.flush();
            return Main.OK;
        }
    }

    private static String unknownRun(RuntimeException e, String runId, String target) {
        if (e instanceof WorkflowNotFoundException || message(e).toLowerCase(Locale.ROOT).contains("not found")) {
            return "no run " + runId + " on Temporal at " + target + " (the id is the one `specgraph run --temporal` printed)";
        }
        return "run " + runId + " on Temporal at " + target + " does not answer: " + message(e)
                + "; is a worker serving queue " + Queues.CONTROL + "?";
    }

    /** The message a person can use: an application failure's own, else the innermost cause's first line. */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure a) {
                return a.getOriginalMessage();
            }
        }
        return TemporalConnection.firstLine(e);
    }
}
