package io.specgraph.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code specgraph} command line. Thin by design: it parses arguments, calls the engine and prints.
 *
 * <p>Exit codes: 0 success (the spec is closed; the run succeeded), 1 the spec is not closed (run: a task or
 * gate failed, or the run was cancelled), 2 bad input (syntax, I/O, limits, unusable options, a run that
 * cannot start), 3 an internal error (a bug: please report it), 4 a run that waits for a decision on an approval
 * gate.
 */
@Command(name = "specgraph",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Load a specification written in Turtle, prove it is closed, plan it and run it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (validate: the spec is closed; plan: planned; run: every task and gate succeeded)",
            "1:the spec is not closed (run: also a task or gate failed, or the run was cancelled)",
            "2:bad input: syntax error, unreadable file, limit, bad option, a run that cannot start",
            "3:internal error (a bug; please report it)",
            "4:run, resume: the run waits for a decision on an approval gate (approve or reject it, then resume; on Temporal it goes on by itself)"})
public final class Main implements Runnable {
    /** The spec is closed / the command succeeded. */
    static final int OK = 0;
    /** The spec is not closed. */
    static final int NOT_CLOSED = 1;
    /** A run in which a task or gate failed, or that was cancelled. */
    static final int RUN_FAILED = 1;
    /** Bad input: syntax, I/O, limits, options, a run that cannot start. */
    static final int BAD_INPUT = 2;
    /** A bug. */
    static final int INTERNAL_ERROR = 3;
    /** A run that waits for a decision on an approval gate (approve or reject it, then resume). */
    static final int WAITING = 4;

    /** The option that adds the stack trace to an internal error's one-line message. */
    static final String STACK_TRACE = "--stacktrace";

    /** The commands, in the order the help lists them (picocli's help command last). */
    static final List<Class<?>> COMMANDS = List.of(ValidateCommand.class, PlanCommand.class, RunCommand.class,
            StoreCommands.Resume.class, StoreCommands.Approve.class, StoreCommands.Reject.class, StoreCommands.Runs.class,
            StoreCommands.Show.class, StoreCommands.Why.class, StoreCommands.Report.class, StoreCommands.Query.class,
            WorkerCommand.class, DevServerCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = STACK_TRACE, scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, also print its stack trace (for a bug report).")
    boolean stackTrace;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLineFor(args);
        // after the commands are added: picocli passes these settings on only to the commands it already has
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                Failures.report(ex, commandLine.getErr(), wantsStackTrace(parseResult)));
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable t) { // picocli lets Errors through; none may reach the user as a raw trace
            code = Failures.report(t, err, wantsStackTrace(cli.getParseResult()));
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The command line with every command, as the help and shell completion show it. */
    static CommandLine commandLine() {
        return withCommands(COMMANDS);
    }

    /**
     * The command line these arguments need. picocli builds the model of every command it is given when it is
     * given it, reading the annotations of each option by reflection; for all fifteen that was a third of the Java
     * time of {@code validate specs/review-all} (JFR samples). Arguments that start with the name of one command
     * (after {@code --stacktrace}, the one option of the top level that does not answer by itself) get only that
     * command, which parses, helps and fails as it would among all; anything else (no command, an unknown one, a
     * top-level option, an @file, help, completion) gets them all.
     */
    static CommandLine commandLineFor(String[] args) {
        for (String arg : args) {
            if (arg.equals(STACK_TRACE)) {
                continue;
            }
            if (!arg.startsWith("-") && !arg.startsWith("@") && !arg.equals("help") && !arg.equals("completion")) {
                for (Class<?> command : COMMANDS) {
                    if (arg.equals(command.getAnnotation(Command.class).name())) {
                        return withCommands(List.of(command));
                    }
                }
            }
            break;
        }
        return commandLine();
    }

    private static CommandLine withCommands(List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> command : commands) {
            cli.addSubcommand(command);
        }
        return cli;
    }

    private static boolean wantsStackTrace(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(STACK_TRACE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'specgraph validate <folder>'");
    }

    /** The version and commit of the build, and the JVM it runs on (for a bug report). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                BuildInfo.current().describe(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
