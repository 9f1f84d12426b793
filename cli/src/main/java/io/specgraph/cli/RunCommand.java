package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.closure.ClosureOptions;
import io.specgraph.plan.Action;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanRefusedException;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.report.RunReportHtml;
import io.specgraph.run.Engine;
import io.specgraph.run.FailurePolicy;
import io.specgraph.run.RunCrateWriter;
import io.specgraph.run.RunExplanation;
import io.specgraph.run.RunExplanationWriter;
import io.specgraph.run.RunHandle;
import io.specgraph.run.RunListener;
import io.specgraph.run.RunRefusedException;
import io.specgraph.run.RunReportFormat;
import io.specgraph.run.RunReportWriter;
import io.specgraph.run.RunResult;
import io.specgraph.store.RunStore;
import io.specgraph.store.StoreException;
import java.io.Console;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code specgraph run}: execute the plan of a closed spec, or simulate it, and report the run. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Run the plan of a closed spec: tasks in parallel within the worker, phase, agent and resource limits,"
                    + " gates between phases, compensation when a gate fails. Shows progress while it runs, then a"
                    + " summary with the SLO table (or JSON).",
            "The command line has no Java handlers: tasks with sg:handler and gates with sg:predicate need the"
                    + " engine embedded in Java, or --simulate. Tasks with sg:command run only with --allow-commands.",
            "Every run is kept in a run store (--store; default .specgraph in the current folder) under a short id"
                    + " that the run prints: `specgraph runs` lists them, `show` shows one again, `resume` continues one"
                    + " that stopped, `approve`/`reject` decide on its approval gates.",
            "Ctrl-C stops the run and leaves it resumable (with --store none it cancels it); the summary and the"
                    + " --record file are still written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every task succeeded and every gate passed",
            "1:a task or gate failed, the run was cancelled or interrupted, or the spec is not closed",
            "2:bad input (syntax, I/O, limits, options) or a run that cannot start (missing handlers, commands not allowed)",
            "3:internal error (a bug; please report it)",
            "4:the run waits for a decision on an approval gate (approve or reject it, then resume)"})
final class RunCommand implements Callable<Integer> {
    /** How long a simulated run with {@code --time-scale auto} should take at most. */
    static final Duration AUTO_RUN_TIME = Duration.ofSeconds(3);
    /** How long a cancelled handler may take to stop before the engine abandons it. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(3);
    /** How long Ctrl-C waits for the cancelled run to be reported and recorded. */
    private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(8);

    /** How progress is shown while the run goes. */
    enum Progress {
        /** A live view on a terminal (text output only), plain lines otherwise. */
        AUTO,
        /** The live view, redrawn in place with ANSI escapes. */
        LIVE,
        /** One line per event. */
        PLAIN,
        /** Nothing until the summary. */
        NONE
    }

    @CommandLine.Mixin
    SourceOptions source = new SourceOptions();

    @CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    /** The run to continue instead of starting one (set by {@code resume}). */
    String resumeId;

    /** The run to show as its journal has it, running nothing (set by {@code show}). */
    String inspectId;

    @Option(names = "--simulate",
            description = "Dry run: every task only waits its estimated duration times the time scale; commands and"
                    + " handlers do not run, metric and predicate conditions that nothing can check count as assumed.")
    boolean simulate;

    @Option(names = "--time-scale", paramLabel = "X|auto|virtual", completionCandidates = TimeScales.class,
            description = "With --simulate: the factor applied to estimated durations (1 = real time, 0.001 = an hour"
                    + " in 3.6 s). auto (default) = min(1, 3 s / the plan's estimated makespan), so a simulated run"
                    + " takes about 3 s at most. virtual = on a virtual clock: each task takes exactly its estimate,"
                    + " the run takes milliseconds, and its times are in spec time, exact and deterministic.")
    String timeScale;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "How many tasks may run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--keep-going",
            description = "After a failure, run every branch that does not depend on it (default: fail fast, cancelling"
                    + " running tasks and skipping the rest; compensation still runs).")
    boolean keepGoing;

    @Option(names = "--allow-commands",
            description = "Let tasks run their sg:command through the system shell. Off by default: read the commands first.")
    boolean allowCommands;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder under which each task gets its work directory (default: a new temporary folder).")
    Path workDir;

    @Option(names = "--record", paramLabel = "FILE", description = "Write the run record (PROV-O, Turtle) to FILE.")
    Path record;

    @Option(names = "--crate", paramLabel = "DIR",
            description = "Write the run as a Workflow Run RO-Crate (Provenance Run Crate profile) into DIR: the spec"
                    + " files, the plan, the record and ro-crate-metadata.json.")
    Path crate;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the run as one self-contained HTML page to FILE: the timeline beside the plan's estimate,"
                    + " the plan graph, gates, SLOs, contentions and the closure summary (no network, no script).")
    Path report;

    @Option(names = "--otel",
            description = "Send the run as an OpenTelemetry trace: a span per run, phase, task attempt and gate,"
                    + " exported as the OTEL_* environment variables say (default: OTLP over HTTP to localhost:4318).")
    boolean otel;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            completionCandidates = Formats.class,
            description = "Summary: text for people (default) or json (schema run/1); with json, progress goes to stderr.")
    RunReportFormat format;

    @Option(names = "--progress", paramLabel = "auto|live|plain|none", defaultValue = "auto",
            converter = ProgressConverter.class, completionCandidates = ProgressModes.class,
            description = "Progress while running: auto (default: live on a terminal with text output, plain lines"
                    + " otherwise), live, plain or none.")
    Progress progress;

    @Option(names = "--rerun-all",
            description = "Run every task, even those the store shows up to date (their checks are still recorded).")
    boolean rerunAll;

    @Option(names = "--rerun", paramLabel = "TASK",
            description = "Run this task (local name or IRI; repeat the option for more) even if it is up to date.")
    List<String> rerun = new ArrayList<>();

    @Option(names = "--explain",
            description = "Run nothing: say which tasks a run now would run or leave cached and why, and the estimated"
                    + " makespan and critical path that leaves. Writes nothing, to the store or elsewhere.")
    boolean explain;

    /** Whether the run being resumed or shown was started incremental (set by resume and show); null for a new run. */
    Boolean storedIncremental;

    @Option(names = "--pipelined", description = "Order work by declared edges only (no phase barriers).")
    boolean pipelined;

    @Option(names = "--temporal", paramLabel = "HOST:PORT",
            description = "Run on the Temporal service at HOST:PORT instead of in this process: `specgraph worker` processes"
                    + " on any machine run the tasks and keep the record; this command starts the run and follows it.")
    String temporal;

    @Option(names = "--task-queue", paramLabel = "Q",
            description = "With --temporal: send every task to this one queue (workers started with the same --task-queue);"
                    + " default: a queue per agent.")
    String taskQueue;

    @CommandLine.Mixin
    TemporalAccess temporalAccess = new TemporalAccess();

    @Option(names = "--allow-unclosed", description = "Run a spec that is not closed, leaving out what is missing.")
    boolean allowUnclosed;

    @Option(names = "--strict-phases", description = "Check closure with strict phases (every phase but the last closed by a gate).")
    boolean strictPhases;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (workers < 1) {
            err.println("specgraph: --workers must be at least 1, got " + workers);
            return Main.BAD_INPUT;
        }
        if (explain) {
            Optional<String> conflict = explainConflict();
            if (conflict.isPresent()) {
                err.println("specgraph: " + conflict.get());
                err.println("nothing was run");
                return Main.BAD_INPUT;
            }
            progress = Progress.NONE;
        }
        Double fixedScale = null;
        boolean virtualTime = false;
        if (timeScale != null) {
            if (!simulate) {
                err.println("specgraph: --time-scale applies to simulated runs only; add --simulate");
                return Main.BAD_INPUT;
            }
            if (timeScale.trim().equalsIgnoreCase("virtual")) {
                virtualTime = true;
            } else if (!timeScale.trim().equalsIgnoreCase("auto")) {
                try {
                    fixedScale = Double.parseDouble(timeScale.trim());
                } catch (NumberFormatException e) {
                    fixedScale = Double.NaN;
                }
                if (!(fixedScale > 0) || fixedScale.isInfinite()) {
                    err.println("specgraph: --time-scale must be a positive number, auto or virtual, got '" + timeScale + "'");
                    return Main.BAD_INPUT;
                }
            }
        }
        String notOnTemporal = notOnTemporal(virtualTime);
        if (notOnTemporal != null) {
            err.println("specgraph: " + notOnTemporal);
            err.println("nothing was run");
            return Main.BAD_INPUT;
        }
        if (crate != null && Files.exists(crate) && !Files.isDirectory(crate)) {
            err.println("specgraph: --crate " + crate + " is a file; give a folder (it is created when missing)");
            err.println("nothing was run");
            return Main.BAD_INPUT;
        }
        if (record != null && report != null
                && record.toAbsolutePath().normalize().equals(report.toAbsolutePath().normalize())) {
            err.println("specgraph: --record and --report both name " + report + "; give each its own file");
            err.println("nothing was run");
            return Main.BAD_INPUT;
        }
        OutputFile recordFile = null;
        if (record != null) {
            try {
                recordFile = OutputFile.claim(record, "--record");
            } catch (OutputFile.OutputException e) {
                err.println("specgraph: " + e.getMessage());
                err.println("nothing was run");
                return Main.BAD_INPUT;
            }
        }
        try {
            OutputFile reportFile = null;
            if (report != null) {
                try {
                    reportFile = OutputFile.claim(report, "--report");
                } catch (OutputFile.OutputException e) {
                    err.println("specgraph: " + e.getMessage());
                    err.println("nothing was run");
                    return Main.BAD_INPUT;
                }
            }
            try {
                return traced(fixedScale, virtualTime, recordFile, reportFile, stdout, err);
            } finally {
                if (reportFile != null) {
                    reportFile.close();
                }
            }
        } finally {
            if (recordFile != null) {
                recordFile.close();
            }
        }
    }

    /** With {@code --otel}, the run with a tracer listening, and its spans sent before the command returns. */
    private int traced(Double fixedScale, boolean virtualTime, OutputFile recordFile, OutputFile reportFile, PrintWriter stdout,
                       PrintWriter err) throws InterruptedException {
        if (!otel || inspectId != null) {
            return run(fixedScale, virtualTime, recordFile, reportFile, null, stdout, err);
        }
        Tracing tracing;
        try {
            tracing = Tracing.start();
        } catch (Tracing.TracingException e) {
            err.println("specgraph: " + e.getMessage());
            err.println("nothing was run");
            return Main.BAD_INPUT;
        }
        try {
            return run(fixedScale, virtualTime, recordFile, reportFile, tracing, stdout, err);
        } finally {
            // the run's span carries the run's IRI; this line lets a person go from the run to its trace
            err.println(tracing.finish());
            err.flush();
        }
    }

    private int run(Double fixedScale, boolean virtualTime, OutputFile recordFile, OutputFile reportFile, Tracing tracing,
                    PrintWriter stdout, PrintWriter err)
            throws InterruptedException {
        Optional<Spec> loaded = source.load(err, "nothing was run");
        if (loaded.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Plan plan;
        ClosureOptions closure = ClosureOptions.builder().strictPhases(strictPhases).strictSources(source.strict).build();
        try {
            plan = loaded.get().plan(PlanOptions.builder().pipelined(pipelined).allowUnclosed(allowUnclosed)
                    .closure(closure).build());
        } catch (PlanRefusedException e) {
            err.println("specgraph: " + e.getMessage());
            err.println("nothing was run");
            return Main.NOT_CLOSED;
        }
        plan.warnings().forEach(w -> err.println("warning: " + w));

        PrintWriter progressOut = format == RunReportFormat.JSON ? err : stdout;
        // in virtual time the offsets of every event are spec time already: scale 1 for the progress shown
        double scale = !simulate || virtualTime ? 1.0 : fixedScale != null ? fixedScale : autoScale(plan, workers);
        if (inspectId != null) {
            progress = Progress.NONE;
        } else if (virtualTime) {
            progressOut.println("simulating in virtual time: each task takes exactly its estimated duration, with "
                    + workers + (workers == 1 ? " worker" : " workers") + " (estimated makespan "
                    + PlanWriter.human(plan.estimatedMakespan(workers)) + "); times below are spec time");
            progressOut.flush();
        } else if (simulate) {
            Duration estimate = plan.estimatedMakespan(workers);
            progressOut.println("simulating at time scale " + ProgressLines.scale(scale) + (fixedScale == null ? " (auto)" : "")
                    + ": the estimated " + PlanWriter.human(estimate) + " should take about "
                    + PlanWriter.human(Duration.ofNanos(Math.round(estimate.toNanos() * scale))));
            progressOut.flush();
        }
        LiveView live = null;
        RunListener listener = null;
        Progress shown = progress == Progress.AUTO
                ? (format == RunReportFormat.TEXT && onTerminal() ? Progress.LIVE : Progress.PLAIN) : progress;
        if (shown == Progress.LIVE) {
            live = new LiveView(progressOut, plan, simulate ? scale : 0, terminalWidth());
            listener = live;
        } else if (shown == Progress.PLAIN) {
            listener = new ProgressLines(progressOut);
        }

        if (temporal != null && inspectId == null) {
            LiveView shownLive = live;
            Outputs outputs = new Outputs(recordFile, reportFile, closure);
            return OnTemporal.run(temporal, temporalAccess, new OnTemporal.RunSetup(plan, workers, keepGoing, virtualTime, taskQueue, format, listener,
                    () -> {
                        if (shownLive != null) {
                            shownLive.close();
                        }
                    }), stdout, err, progressOut, result -> writeFiles(result, outputs, loaded.get(), err));
        }
        List<String> forced = new ArrayList<>();
        for (String name : rerun) {
            Optional<String> iri = plan.tasks().stream().map(t -> t.iri())
                    .filter(t -> t.equals(name) || PlanWriter.local(t).equals(name) || PlanWriter.local(t).equals(name.replaceFirst("^:", "")))
                    .findFirst();
            if (iri.isEmpty()) {
                err.println("specgraph: --rerun " + name + ": the plan has no task of that name; give a task's local name or IRI"
                        + " (`specgraph plan` lists them)");
                err.println("nothing was run");
                return Main.BAD_INPUT;
            }
            forced.add(iri.get());
        }
        Engine.Builder builder = Engine.builder()
                .incremental(storedIncremental != null ? storedIncremental : !simulate)
                .rerunAll(rerunAll)
                .rerun(forced)
                .baseDirectory(baseDirectory())
                .statementLocator(new SourceLines(loaded.get()))
                .workers(workers)
                .failurePolicy(keepGoing ? FailurePolicy.KEEP_GOING : FailurePolicy.FAIL_FAST)
                .allowCommands(allowCommands)
                .cancelGrace(CANCEL_GRACE)
                .workDirectory(workDir);
        if (virtualTime) {
            builder.simulateInVirtualTime();
        } else if (simulate) {
            builder.simulate(scale);
        }
        if (listener != null) {
            builder.listener(listener);
        }
        if (tracing != null) {
            builder.listener(tracing.listener());
        }
        RunStore store = null;
        if (!storeOption.none()) {
            store = storeOption.open(err).orElse(null);
            if (store == null) {
                if (live != null) {
                    live.close();
                }
                err.println("nothing was run");
                return Main.BAD_INPUT;
            }
            builder.store(store).stopWhenWaiting(true);
        }
        try {
            if (explain) {
                return explain(builder.build(), plan, stdout, err);
            }
            Outputs outputs = new Outputs(recordFile, reportFile, closure);
            return run(builder, store, plan, loaded.get(), live, outputs, stdout, err, progressOut);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** Why --explain cannot go with the other options given: they ask for a run, or for files a run writes. */
    private Optional<String> explainConflict() {
        String why = " (--explain runs nothing and writes nothing)";
        if (simulate) {
            return Optional.of("--explain tells what an incremental run would leave cached; a simulated run checks nothing, so leave out --simulate");
        } else if (storeOption.none()) {
            return Optional.of("--explain compares with the successes kept in a store; --store none has none");
        } else if (record != null || report != null || crate != null) {
            return Optional.of("--explain does not go with " + (record != null ? "--record" : report != null ? "--report" : "--crate") + why);
        } else if (otel) {
            return Optional.of("--explain does not go with --otel" + why);
        }
        return Optional.empty();
    }

    /** {@code --explain}: what a run now would do, printed; nothing runs and nothing is written. */
    private int explain(Engine engine, Plan plan, PrintWriter stdout, PrintWriter err) {
        RunExplanation explanation;
        try {
            explanation = engine.explain(plan);
        } catch (StoreException e) {
            err.println("specgraph: " + e.getMessage());
            err.println("nothing was run");
            return Main.BAD_INPUT;
        }
        stdout.print(RunExplanationWriter.write(explanation, format));
        stdout.flush();
        return Main.OK;
    }

    /** The files a run writes when it ends, and the closure options its report shows the summary of. */
    private record Outputs(OutputFile record, OutputFile report, ClosureOptions closure) {}

    private int run(Engine.Builder builder, RunStore store, Plan plan, Spec spec, LiveView live, Outputs outputs,
                    PrintWriter stdout, PrintWriter err, PrintWriter progressOut) throws InterruptedException {
        if (inspectId != null) {
            RunResult shown;
            try {
                shown = builder.build().inspect(plan, inspectId);
            } catch (RunRefusedException | StoreException e) {
                err.println("specgraph: " + e.getMessage());
                if (e instanceof RunRefusedException refused) {
                    StoredRuns.whereChanged(refused, spec).forEach(err::println);
                }
                return Main.BAD_INPUT;
            }
            if (outputs.report() != null) {
                String page = RunReportHtml.write(shown, spec.validate(outputs.closure()));
                try {
                    outputs.report().write(out -> out.write(page.getBytes(StandardCharsets.UTF_8)));
                } catch (OutputFile.OutputException e) {
                    err.println("specgraph: " + e.getMessage());
                    return Main.BAD_INPUT;
                }
                progressOut.println("run report of " + inspectId + " written to " + report);
                progressOut.flush();
                return Main.OK;
            }
            stdout.print(RunReportWriter.write(shown, format));
            if (format == RunReportFormat.TEXT) {
                stdout.print(whyTable(shown));
            }
            StoredRuns.next(shown, inspectId).forEach(progressOut::println);
            stdout.flush();
            progressOut.flush();
            return Main.OK;
        }
        RunHandle handle;
        try {
            Engine engine = builder.build();
            handle = resumeId != null ? engine.resume(plan, resumeId)
                    : store != null ? engine.start(plan, StoredRuns.origin(command, spec)) : engine.start(plan);
        } catch (RunRefusedException | StoreException e) {
            if (live != null) {
                live.close();
            }
            err.println("specgraph: " + e.getMessage());
            if (e instanceof RunRefusedException refused) {
                StoredRuns.whereChanged(refused, spec).forEach(err::println);
                if (refused.changed().isEmpty()) {
                    needsJava(plan).ifPresent(err::println);
                }
            }
            return Main.BAD_INPUT;
        }
        if (store != null) {
            progressOut.println("run " + handle.runId() + (resumeId != null ? " resumed" : " started") + " (store "
                    + store.location() + ")");
            progressOut.flush();
        }

        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            if (!handle.done()) {
                err.println();
                if (store != null) {
                    err.println("specgraph: interrupted; run " + handle.runId() + " stops here and can be resumed…");
                    err.flush();
                    handle.interrupt();
                } else {
                    err.println("specgraph: interrupted, cancelling the run…");
                    err.flush();
                    handle.cancel();
                }
            }
            try {
                reported.await(INTERRUPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunResult result;
            try {
                result = handle.await();
            } catch (InterruptedException e) {
                handle.cancel();
                result = handle.await();
            } finally {
                if (live != null) {
                    live.close();
                }
            }
            int code = result.succeeded() ? Main.OK : result.outcome() == RunResult.Outcome.WAITING ? Main.WAITING : Main.RUN_FAILED;
            Integer written = writeFiles(result, outputs, spec, err);
            if (written != null) {
                code = written;
            }
            if (format == RunReportFormat.TEXT) {
                stdout.println();
            }
            stdout.print(RunReportWriter.write(result, format));
            if (store != null) {
                StoredRuns.next(result, handle.runId()).forEach(progressOut::println);
            }
            stdout.flush();
            progressOut.flush();
            err.flush();
            return code;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the run is reported
            }
        }
    }

    /** What --temporal does not go with, as a message; null when the options fit. */
    private String notOnTemporal(boolean virtualTime) {
        if (temporal == null) {
            return taskQueue != null ? "--task-queue goes with --temporal (the queue of a run on Temporal)" : temporalAccess.givenWithoutTemporal();
        }
        if (resumeId != null || inspectId != null) {
            return null; // resume and show of a stored run do not take --temporal
        }
        List<String> not = new java.util.ArrayList<>();
        if (simulate && !virtualTime) {
            not.add("--simulate without --time-scale virtual (a dry run on Temporal is in virtual time)");
        }
        if (allowCommands) {
            not.add("--allow-commands (give it to the workers that may run commands: specgraph worker --allow-commands)");
        }
        if (workDir != null) {
            not.add("--work-dir (give it to the workers)");
        }
        if (storeOption.store != null) {
            not.add("--store (the workers keep the run's record in their own --store)");
        }
        if (crate != null) {
            not.add("--crate");
        }
        if (otel) {
            not.add("--otel");
        }
        if (explain || rerunAll || !rerun.isEmpty()) {
            not.add("--explain, --rerun-all and --rerun (a run on Temporal is not incremental: every task runs)");
        }
        return not.isEmpty() ? null : "not with --temporal: " + String.join("; ", not);
    }

    /**
     * The --record, --crate and --report files of a finished run, in that order; null when all were written (or
     * none was asked for), else the exit code of the first that could not be.
     */
    private Integer writeFiles(RunResult result, Outputs outputs, Spec spec, PrintWriter err) {
        Integer code = null;
        if (outputs.record() != null) {
            try {
                outputs.record().write(result.record()::writeTurtle);
                err.println("run record written to " + record);
            } catch (OutputFile.OutputException e) {
                err.println("specgraph: " + e.getMessage());
                code = Main.BAD_INPUT;
            }
        }
        if (crate != null) {
            try {
                RunCrateWriter.write(crate, result, spec.loaded().sources());
                err.println("run crate written to " + crate);
            } catch (UncheckedIOException e) {
                err.println("specgraph: " + e.getMessage());
                code = Main.BAD_INPUT;
            }
        }
        if (outputs.report() != null) {
            // the spec keeps the report it planned with: this costs no second check
            String page = RunReportHtml.write(result, spec.validate(outputs.closure()));
            try {
                outputs.report().write(out -> out.write(page.getBytes(StandardCharsets.UTF_8)));
                err.println("run report written to " + report);
            } catch (OutputFile.OutputException e) {
                err.println("specgraph: " + e.getMessage());
                code = Main.BAD_INPUT;
            }
        }
        return code;
    }

    /**
     * The folder tasks' sg:inputs and sg:outputs are relative to: the spec's folder (the first one given, or the
     * folder of the first file).
     */
    private Path baseDirectory() {
        if (source.sources.isEmpty()) {
            return Path.of("").toAbsolutePath();
        }
        Path first = source.sources.get(0).toAbsolutePath().normalize();
        return Files.isDirectory(first) ? first : first.getParent() != null ? first.getParent() : Path.of("").toAbsolutePath();
    }

    /** The why column of {@code show}: each task's state and why it ran or was cached; empty when nothing was checked. */
    static String whyTable(RunResult shown) {
        java.util.Map<String, io.specgraph.record.RecordedChecks.Check> why = io.specgraph.record.RecordedChecks.of(shown.record().graph());
        if (why.isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"task", "state", "why"});
        for (io.specgraph.run.TaskRun t : shown.tasks()) {
            if (t.compensation()) {
                continue;
            }
            io.specgraph.record.RecordedChecks.Check w = why.get(t.iri());
            rows.add(new String[] {PlanWriter.local(t.iri()), t.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                w != null ? w.text() : t.reason().isEmpty() ? "-" : t.reason()});
        }
        int[] width = new int[2];
        for (String[] row : rows) {
            width[0] = Math.max(width[0], row[0].length());
            width[1] = Math.max(width[1], row[1].length());
        }
        StringBuilder out = new StringBuilder("\nwhy each task ran or was cached:\n");
        for (String[] row : rows) {
            out.append("  ").append(row[0]).append(" ".repeat(width[0] - row[0].length() + 2))
                    .append(row[1]).append(" ".repeat(width[1] - row[1].length() + 2)).append(row[2]).append('\n');
        }
        return out.toString();
    }

    /**
     * The auto time scale: {@code min(1, 3 s / estimatedMakespan(workers))}, so a simulated run takes about
     * 3 s at most and a plan estimated shorter than that runs in real time.
     */
    static double autoScale(Plan plan, int workers) {
        long estimate = plan.estimatedMakespan(workers).toNanos();
        return estimate <= AUTO_RUN_TIME.toNanos() ? 1.0 : (double) AUTO_RUN_TIME.toNanos() / estimate;
    }

    /** What the command line cannot run without Java code, as one hint; empty when there is nothing. */
    private static Optional<String> needsJava(Plan plan) {
        List<String> handlers = plan.tasks().stream()
                .filter(t -> t.action().kind() != Action.Kind.COMMAND
                        && !(t.action().kind() == Action.Kind.HANDLER && t.action().value().equals("simulate")))
                .map(PlanTask::label).toList();
        long predicates = plan.gates().stream().flatMap(g -> g.conditions().stream())
                .filter(c -> c.kind() == PlanGate.Condition.Kind.PREDICATE).count();
        if (handlers.isEmpty() && predicates == 0) {
            return Optional.empty();
        }
        return Optional.of("The command line has no Java handlers or gate predicates, and this spec needs them ("
                + (handlers.isEmpty() ? "" : handlers.size() + (handlers.size() == 1 ? " task" : " tasks")
                        + (predicates == 0 ? "" : " and "))
                + (predicates == 0 ? "" : predicates + (predicates == 1 ? " predicate condition" : " predicate conditions"))
                + "). Try the plan with --simulate (a dry run over the estimated durations), or embed the engine and"
                + " register handlers in Java (docs/run.md).");
    }

    /** True when standard output is an interactive terminal. */
    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Console.isTerminal() exists from Java 22; before it, a console means a terminal
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** The terminal's width from $COLUMNS, or 80. */
    private static int terminalWidth() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Accepts the format in any case. */
    static final class FormatConverter extends EnumConverter<RunReportFormat> {
        FormatConverter() {
            super(RunReportFormat.class);
        }
    }

    /** Accepts the progress mode in any case. */
    static final class ProgressConverter extends EnumConverter<Progress> {
        ProgressConverter() {
            super(Progress.class, "progress mode");
        }
    }

    /** The formats, as they are typed. */
    static final class Formats extends EnumCandidates<RunReportFormat> {
        Formats() {
            super(RunReportFormat.class);
        }
    }

    /** The progress modes, as they are typed. */
    static final class ProgressModes extends EnumCandidates<Progress> {
        ProgressModes() {
            super(Progress.class);
        }
    }

    /** The named time scales; a number is typed. */
    static final class TimeScales implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "virtual").iterator();
        }
    }
}
