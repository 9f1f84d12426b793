package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.closure.ClosureOptions;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanRefusedException;
import io.specgraph.store.RunStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code specgraph worker}: serve the tasks of a spec's runs on a Temporal service until stopped. */
@Command(name = "worker",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Serve the tasks of runs of a spec on a Temporal service until stopped (Ctrl-C lets the attempts in hand end"
                    + " first): the runs' workflows, the attempts of the agents whose tasks it can run (a task queue per"
                    + " agent, or the one --task-queue), gate checks, and the records of runs that end, kept in --store.",
            "Start one or more on each machine with the same spec; a run started with `specgraph run SPEC --temporal`"
                    + " sends its work to them. A worker whose spec gives another plan than a run's refuses its work."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (Ctrl-C)",
            "1:the spec is not closed",
            "2:bad input, or no Temporal service answers at --temporal",
            "3:internal error (a bug; please report it)"})
final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Mixin
    SourceOptions source = new SourceOptions();

    @CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    @Option(names = "--temporal", required = true, paramLabel = "HOST:PORT",
            description = "The Temporal service's frontend (e.g. localhost:7233; `specgraph dev-server` runs one to try it).")
    String temporal;

    @CommandLine.Mixin
    TemporalAccess access = new TemporalAccess();

    @Option(names = "--task-queue", paramLabel = "Q",
            description = "Serve the tasks of every agent from this one queue (runs must name it too: run --task-queue);"
                    + " default: a queue per agent, specgraph.<agent>.")
    String taskQueue;

    @Option(names = "--allow-commands",
            description = "Let this worker run tasks' sg:command through the system shell. Off by default: read the commands first.")
    boolean allowCommands;

    @Option(names = "--tasks-only",
            description = "Run task attempts only, not the runs' workflows, gate checks and records (at least one worker"
                    + " without it must be up): for machines that may come and go.")
    boolean tasksOnly;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The worker's name in the run record (default: host name and process id).")
    String name;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder under which each task gets its work directory (default: a new temporary folder).")
    Path workDir;

    @Option(names = "--pipelined", description = "Plan as run --pipelined does (the runs it serves must be started the same way).")
    boolean pipelined;

    @Option(names = "--allow-unclosed", description = "Plan a spec that is not closed, as run --allow-unclosed does.")
    boolean allowUnclosed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Optional<Spec> loaded = source.load(err, "no worker was started");
        if (loaded.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Plan plan;
        try {
            plan = loaded.get().plan(PlanOptions.builder().pipelined(pipelined).allowUnclosed(allowUnclosed)
                    .closure(ClosureOptions.builder().strictSources(source.strict).build()).build());
        } catch (PlanRefusedException e) {
            err.println("specgraph: " + e.getMessage());
            err.println("no worker was started");
            return Main.NOT_CLOSED;
        }
        RunStore store = null;
        if (!storeOption.none()) {
            store = storeOption.open(err).orElse(null);
            if (store == null) {
                err.println("no worker was started");
                return Main.BAD_INPUT;
            }
        }
        try {
            String who = name != null ? name : hostName() + "/" + ProcessHandle.current().pid();
            String origin = String.join(" ", source.sources.stream().map(Path::toString).toList());
            return OnTemporal.worker(temporal, access, new OnTemporal.WorkerSetup(plan, allowCommands, store, origin, who, workDir, taskQueue, tasksOnly),
                    out, err);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
