package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.closure.ClosureOptions;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.ClosureReportWriter;
import io.specgraph.closure.InvalidRuleException;
import io.specgraph.closure.ReportFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code specgraph validate}: is the spec closed? */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Check that a spec is closed: nothing missing, nothing dangling, no cycles, every gate checkable,"
                    + " every metric measurable.",
            "Prints the violations grouped by category with file:line, the checks per category and a one-line summary."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:closed", "1:not closed", "2:bad input (syntax (unless --skip-unparsable), I/O, limits, unusable shapes or query)",
            "3:internal error (a bug; please report it)"})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--format", paramLabel = "text|json|turtle", defaultValue = "text",
            converter = FormatConverter.class, completionCandidates = Formats.class,
            description = "Output: text for people (default), json (documented schema), turtle (a SHACL validation report).")
    ReportFormat format;

    @Option(names = "--shapes", paramLabel = "FILE", description = "Extra SHACL shapes (Turtle) to check; repeatable.")
    List<Path> shapes = new ArrayList<>();

    @Option(names = "--query", paramLabel = "FILE",
            description = "Extra closure query: SPARQL SELECT returning ?this (and ?message) per failure; repeatable.")
    List<Path> queries = new ArrayList<>();

    @Option(names = "--strict-phases", description = "Require every phase but the last to be closed by a gate.")
    boolean strictPhases;

    @Option(names = "--all", description = "List every violation in text output; by default a rule with more than "
            + ClosureReportWriter.GROUP_ABOVE + " is shown as its count and its first " + ClosureReportWriter.EXAMPLES
            + " (JSON and Turtle always list every one).")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Optional<Spec> loaded = source.load(err, "nothing was validated", false);
        if (loaded.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Spec spec = loaded.get();
        ClosureOptions options;
        try {
            ClosureOptions.Builder builder = ClosureOptions.builder().strictPhases(strictPhases).strictSources(source.strict);
            shapes.forEach(builder::shapes);
            queries.forEach(builder::query);
            options = builder.build();
        } catch (InvalidRuleException e) {
            err.println("specgraph: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        ClosureReport report;
        try {
            report = spec.validate(options);
        } catch (InvalidRuleException e) {
            err.println("specgraph: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        out.print(format == ReportFormat.TEXT ? ClosureReportWriter.text(report, all) : ClosureReportWriter.write(report, format));
        out.flush();
        return report.closed() ? Main.OK : Main.NOT_CLOSED;
    }

    /** Accepts the format in any case. */
    static final class FormatConverter extends EnumConverter<ReportFormat> {
        FormatConverter() {
            super(ReportFormat.class);
        }
    }

    /** The formats, as they are typed. */
    static final class Formats extends EnumCandidates<ReportFormat> {
        Formats() {
            super(ReportFormat.class);
        }
    }
}
