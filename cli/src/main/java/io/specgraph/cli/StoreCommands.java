package io.specgraph.cli;

import io.specgraph.run.Approvers;
import io.specgraph.store.GateDecision;
import io.specgraph.store.NewRun;
import io.specgraph.store.QueryAnswer;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.StoreException;
import io.specgraph.store.StoreReports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that read and write the run store: resume, approve, reject, runs, show, query. */
final class StoreCommands {
    private StoreCommands() {}

    /** A command that works on a store; opens it, and maps a store's refusal to exit code 2 with its message. */
    abstract static class OnStore implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOption storeOption = new StoreOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec command;

        PrintWriter out() {
            return command.commandLine().getOut();
        }

        PrintWriter err() {
            return command.commandLine().getErr();
        }

        /** The Temporal service the command works on instead of a store, or null. */
        String temporal() {
            return null;
        }

        /** The command on the Temporal service at {@code target} (for the commands that take --temporal). */
        int onTemporal(String target) throws Exception {
            throw new UnsupportedOperationException("no --temporal here");
        }

        /** How the command reaches the Temporal service (for the commands that take --temporal), or null. */
        TemporalAccess access() {
            return null;
        }

        @Override
        public final Integer call() throws Exception {
            String misplaced = temporal() == null && access() != null ? access().givenWithoutTemporal() : null;
            if (misplaced != null) {
                err().println("specgraph: " + misplaced);
                return Main.BAD_INPUT;
            }
            if (temporal() != null) {
                if (storeOption.store != null) {
                    err().println("specgraph: --store and --temporal name two places of the run; give one");
                    return Main.BAD_INPUT;
                }
                try {
                    return onTemporal(temporal());
                } finally {
                    out().flush();
                    err().flush();
                }
            }
            Optional<RunStore> opened = storeOption.open(err());
            if (opened.isEmpty()) {
                return Main.BAD_INPUT;
            }
            try (RunStore store = opened.get()) {
                return call(store);
            } catch (StoreException | IllegalArgumentException e) {
                err().println("specgraph: " + e.getMessage());
                return Main.BAD_INPUT;
            } finally {
                out().flush();
                err().flush();
            }
        }

        abstract int call(RunStore store) throws Exception;

        /** The run a user named, or a clear refusal. */
        static RunInfo find(RunStore store, String id) {
            return store.find(id).orElseThrow(() -> new StoreException("no run " + id + " in " + store.location()
                    + "; `specgraph runs` lists the runs"));
        }

        /**
         * Shows a stored run as its journal has it, through the {@code run} command it was started with, set up
         * by {@code output} (what to write); running nothing.
         */
        int inspect(RunStore store, String id, java.util.function.Consumer<RunCommand> output) throws Exception {
            RunInfo run = find(store, id);
            RunCommand command = runCommand(store.registration(run.id()));
            command.inspectId = run.id();
            output.accept(command);
            store.close(); // the run command opens the store itself
            return command.call();
        }

        /**
         * The {@code run} command a stored run was started with, parsed again, its relative paths taken from the
         * folder it was started in, writing to this command's streams.
         */
        RunCommand runCommand(NewRun registration) {
            RunCommand run = new RunCommand();
            CommandLine cli = new CommandLine(run);
            cli.setOut(out());
            cli.setErr(err());
            cli.parseArgs(StoredRuns.arguments(registration.options()).toArray(String[]::new));
            String cwd = registration.options().get(StoredRuns.CWD);
            if (cwd != null) {
                Path base = Path.of(cwd);
                run.source.sources = run.source.sources.stream().map(p -> p.isAbsolute() ? p : base.resolve(p)).toList();
                run.source.dialectDirs = run.source.dialectDirs.stream().map(p -> p.isAbsolute() ? p : base.resolve(p)).toList();
                if (run.workDir != null && !run.workDir.isAbsolute()) {
                    run.workDir = base.resolve(run.workDir);
                }
            }
            run.storedIncremental = registration.options().containsKey(io.specgraph.run.RunOrigin.ENGINE_PREFIX + "incremental");
            run.record = null;
            run.report = null;
            run.crate = null;
            run.storeOption.store = storeOption.location();
            return run;
        }
    }

    /** {@code specgraph resume}. */
    @Command(name = "resume",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = {
                "Continue a run that stopped before its end (Ctrl-C, a crash, or waiting for an approval): its journal is"
                        + " replayed, so nothing that completed runs again; attempts that were running are recorded as"
                        + " interrupted and start again (a command may run twice: make it idempotent). Without RUN: the"
                        + " most recent unfinished run of the store.",
                "The spec is loaded again as the run loaded it, with the same options; if it changed since, resume refuses"
                        + " and says what changed where."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every task succeeded and every gate passed",
                "1:a task or gate failed, the run was cancelled or interrupted again",
                "2:no such run, a finished run, a changed spec, a store that cannot be used",
                "3:internal error (a bug; please report it)",
                "4:the run waits for a decision on an approval gate"})
    static final class Resume extends OnStore {
        @Parameters(arity = "0..1", paramLabel = "RUN", description = "The run's id (or a unique start of it).")
        String runId;

        @Option(names = "--format", paramLabel = "text|json", converter = RunCommand.FormatConverter.class,
                completionCandidates = RunCommand.Formats.class, description = "Summary: text (default) or json.")
        io.specgraph.run.RunReportFormat format;

        @Option(names = "--progress", paramLabel = "auto|live|plain|none", converter = RunCommand.ProgressConverter.class,
                completionCandidates = RunCommand.ProgressModes.class, description = "Progress while running (default: auto).")
        RunCommand.Progress progress;

        @Option(names = "--otel", description = "Send the resumed part of the run as an OpenTelemetry trace (as run --otel).")
        boolean otel;

        @Override
        int call(RunStore store) throws Exception {
            RunInfo run;
            if (runId != null) {
                run = find(store, runId);
            } else {
                run = store.runs().stream().filter(r -> r.progress().state() == RunInfo.State.INTERRUPTED
                        || r.progress().state() == RunInfo.State.WAITING).findFirst().orElseThrow(() -> new StoreException(
                                "no unfinished run in " + store.location() + " to resume; `specgraph runs` lists the runs"));
            }
            if (run.progress().state().finished()) {
                throw new StoreException("run " + run.id() + " has finished (" + run.progress().state().name().toLowerCase(Locale.ROOT)
                        + "); nothing to resume. Start it again with specgraph run");
            }
            RunCommand command = runCommand(store.registration(run.id()));
            command.resumeId = run.id();
            if (format != null) {
                command.format = format;
            }
            if (progress != null) {
                command.progress = progress;
            }
            // a run started with --otel has it among its stored arguments already
            command.otel |= otel;
            store.close(); // the run command opens the store itself
            return command.call();
        }
    }

    /** {@code specgraph approve} and {@code reject}: a decision on an approval gate, from any process. */
    abstract static class Decide extends OnStore {
        @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (or a unique start of it).")
        String runId;

        @Parameters(index = "1", paramLabel = "GATE", description = "The gate: its IRI or local name.")
        String gate;

        @Option(names = "--as", required = true, paramLabel = "NAME",
                description = "Who decides: an agent's IRI, local name or label (one the gate's approval names, or its owner).")
        String as;

        @Option(names = "--comment", paramLabel = "TEXT", description = "What you say about it (kept in the run record).")
        String comment = "";

        @Option(names = "--temporal", paramLabel = "HOST:PORT",
                description = "Decide on a gate of a run on the Temporal service at HOST:PORT (not one of a store).")
        String temporal;

        @CommandLine.Mixin
        TemporalAccess access = new TemporalAccess();

        abstract boolean approves();

        @Override
        String temporal() {
            return temporal;
        }

        @Override
        TemporalAccess access() {
            return access;
        }

        @Override
        int onTemporal(String target) {
            return OnTemporal.decide(target, access, runId, gate, as, comment, approves(), out(), err());
        }

        @Override
        int call(RunStore store) {
            RunInfo run = find(store, runId);
            if (run.progress().state().finished()) {
                throw new StoreException("run " + run.id() + " has finished (" + run.progress().state().name().toLowerCase(Locale.ROOT)
                        + "); there is nothing left to decide");
            }
            Approvers.Resolved who = Approvers.resolve(store.registration(run.id()).specGraph(), gate, as);
            Optional<GateDecision> earlier = store.decisions(run.id()).stream().filter(d -> d.gate().equals(who.gateIri())).findFirst();
            if (earlier.isPresent()) {
                GateDecision d = earlier.get();
                throw new StoreException("gate " + gate + " of run " + run.id() + " was " + (d.approved() ? "approved" : "rejected")
                        + " already, by " + d.by() + " at " + d.at() + "; the first decision stands");
            }
            store.decide(run.id(), new GateDecision(who.gateIri(), approves(), who.agentIri(), comment, Instant.now()));
            out().println((approves() ? "approved" : "rejected") + " gate " + gate + " of run " + run.id() + " as " + as + ".");
            out().println(run.progress().state() == RunInfo.State.RUNNING
                    ? "The run takes the decision within a second."
                    : "Continue the run with: specgraph resume " + run.id());
            return Main.OK;
        }
    }

    /** {@code specgraph approve}. */
    @Command(name = "approve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Approve an approval gate of a run, as one of the agents who may decide; a live run takes it within"
                    + " a second, a waiting one continues with `specgraph resume RUN`.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:decided", "2:no such run or gate, not allowed to decide, decided already, or a store that cannot be used",
                "3:internal error (a bug; please report it)"})
    static final class Approve extends Decide {
        @Override
        boolean approves() {
            return true;
        }
    }

    /** {@code specgraph reject}. */
    @Command(name = "reject", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Reject an approval gate of a run: the gate fails and compensation runs, as for any failed gate.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:decided", "2:no such run or gate, not allowed to decide, decided already, or a store that cannot be used",
                "3:internal error (a bug; please report it)"})
    static final class Reject extends Decide {
        @Override
        boolean approves() {
            return false;
        }
    }

    /** {@code specgraph runs}. */
    @Command(name = "runs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "List the runs of the store, most recent first: id, state (running, waiting, interrupted, succeeded,"
                    + " failed, cancelled), start, tasks done, duration, spec, the gates it waits for.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed", "2:a store that cannot be used", "3:internal error (a bug; please report it)"})
    static final class Runs extends OnStore {
        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = RunCommand.FormatConverter.class,
                completionCandidates = RunCommand.Formats.class, description = "text (default) or json (schema runs/1).")
        io.specgraph.run.RunReportFormat format;

        @Override
        int call(RunStore store) {
            List<RunInfo> runs = store.runs();
            out().print(StoreReports.runs(runs, format == io.specgraph.run.RunReportFormat.JSON));
            return Main.OK;
        }
    }

    /** {@code specgraph show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Show a run of the store as the summary after a run shows it, rebuilt from its journal (running"
                    + " nothing); the spec is loaded again from where the run loaded it.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:shown", "2:no such run, a spec that changed since, a store that cannot be used",
                "3:internal error (a bug; please report it)"})
    static final class Show extends OnStore {
        @Parameters(paramLabel = "RUN", description = "The run's id (or a unique start of it).")
        String runId;

        @Option(names = "--format", paramLabel = "text|json", converter = RunCommand.FormatConverter.class,
                completionCandidates = RunCommand.Formats.class, description = "text (default) or json (schema run/1).")
        io.specgraph.run.RunReportFormat format;

        @Option(names = "--temporal", paramLabel = "HOST:PORT",
                description = "Show a run on the Temporal service at HOST:PORT, as far as it got (no spec needed: the run has its plan).")
        String temporal;

        @CommandLine.Mixin
        TemporalAccess access = new TemporalAccess();

        @Override
        String temporal() {
            return temporal;
        }

        @Override
        TemporalAccess access() {
            return access;
        }

        @Override
        int onTemporal(String target) {
            return OnTemporal.show(target, access, runId, format != null ? format : io.specgraph.run.RunReportFormat.TEXT, out(), err());
        }

        @Override
        int call(RunStore store) throws Exception {
            return inspect(store, runId, command -> command.format = format != null ? format : io.specgraph.run.RunReportFormat.TEXT);
        }
    }

    /** {@code specgraph report}. */
    @Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Write a run of the store as the HTML page `run --report` writes (timeline, plan graph, gates with"
                    + " their approvals, SLOs), rebuilt from its journal: for a finished, failed, interrupted or waiting run.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written", "2:no such run, a spec that changed since, a file that cannot be written, a store that cannot be used",
                "3:internal error (a bug; please report it)"})
    static final class Report extends OnStore {
        @Parameters(paramLabel = "RUN", description = "The run's id (or a unique start of it).")
        String runId;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write (replaced whole).")
        Path out;

        @Override
        int call(RunStore store) throws Exception {
            return inspect(store, runId, command -> command.report = out);
        }
    }

    /** {@code specgraph why}. */
    @Command(name = "why", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Say why a task of a run ran or was cached (up to date): the reasons its up-to-date check recorded,"
                    + " such as an input that changed with both hashes, a changed statement with its file:line, an upstream"
                    + " task that re-ran, a missing output. Read from the run's record (docs/run.md has the SPARQL query).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:answered", "2:no such run or task, a run with no record yet, a store that cannot be used",
                "3:internal error (a bug; please report it)"})
    static final class Why extends OnStore {
        @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (or a unique start of it).")
        String runId;

        @Parameters(index = "1", paramLabel = "TASK", description = "The task: its local name or IRI.")
        String task;

        @Override
        int call(RunStore store) {
            RunInfo run = find(store, runId);
            WhyReasons.answer(store, run.id(), task).forEach(out()::println);
            return Main.OK;
        }
    }

    /** {@code specgraph query}. */
    @Command(name = "query", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Answer a read-only SPARQL query (SELECT, ASK or CONSTRUCT) over every spec, plan and run record of"
                    + " the store; SERVICE, FROM and updates are refused, and the query has a time limit.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:answered", "2:a query that does not parse or is refused, a store that cannot be used",
                "3:internal error (a bug; please report it)"})
    static final class Query extends OnStore {
        @Parameters(paramLabel = "SPARQL", description = "The query (prefixes sg:, prov: and xsd: must be declared as usual).")
        String sparql;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = RunCommand.FormatConverter.class,
                completionCandidates = RunCommand.Formats.class,
                description = "text (default) or json (SPARQL 1.1 JSON results; JSON-LD for CONSTRUCT).")
        io.specgraph.run.RunReportFormat format;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "The query's time limit in seconds (default: ${DEFAULT-VALUE}).")
        int timeout;

        @Override
        int call(RunStore store) {
            QueryAnswer answer = store.query(sparql, Duration.ofSeconds(Math.max(1, timeout)));
            out().print(StoreReports.answer(answer, format == io.specgraph.run.RunReportFormat.JSON));
            return Main.OK;
        }
    }
}
