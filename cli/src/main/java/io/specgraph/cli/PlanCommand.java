package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.closure.ClosureOptions;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanFormat;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanRefusedException;
import io.specgraph.plan.PlanWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code specgraph plan}: derive the executable plan of a closed spec and print or export it. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Derive the plan of a closed spec: the DAG of tasks and gates, phases, critical path, bounds and an"
                    + " estimated makespan, and write it as a text summary, JSON, Mermaid or Graphviz DOT.",
            "The same spec always gives byte-identical output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned", "1:the spec is not closed (or its phases form a cycle)",
            "2:bad input (syntax, I/O, limits, options)", "3:internal error (a bug; please report it)"})
final class PlanCommand implements Callable<Integer> {

    @CommandLine.Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--format", paramLabel = "text|json|mermaid|dot", defaultValue = "text",
            converter = FormatConverter.class, completionCandidates = Formats.class,
            description = "Output: text summary (default), json (documented schema), mermaid, dot.")
    PlanFormat format;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "Workers for the lower bound and the estimated makespan (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--pipelined", description = "Order work by declared edges only (no phase barriers).")
    boolean pipelined;

    @Option(names = "--allow-unclosed", description = "Plan a spec that is not closed, leaving out what is missing.")
    boolean allowUnclosed;

    @Option(names = "--strict-phases", description = "Check closure with strict phases (every phase but the last closed by a gate).")
    boolean strictPhases;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the plan to FILE instead of standard output.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter stdout = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (workers < 1) {
            err.println("specgraph: --workers must be at least 1, got " + workers);
            return Main.BAD_INPUT;
        }
        OutputFile outFile = null;
        if (out != null) {
            try {
                outFile = OutputFile.claim(out, "--out");
            } catch (OutputFile.OutputException e) {
                err.println("specgraph: " + e.getMessage());
                err.println("nothing was planned");
                return Main.BAD_INPUT;
            }
        }
        try {
            return plan(outFile, stdout, err);
        } finally {
            if (outFile != null) {
                outFile.close();
            }
        }
    }

    private int plan(OutputFile outFile, PrintWriter stdout, PrintWriter err) {
        Optional<Spec> loaded = source.load(err, "nothing was planned");
        if (loaded.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Spec spec = loaded.get();
        Plan plan;
        try {
            plan = spec.plan(PlanOptions.builder().pipelined(pipelined).allowUnclosed(allowUnclosed)
                    .closure(ClosureOptions.builder().strictPhases(strictPhases).strictSources(source.strict).build()).build());
        } catch (PlanRefusedException e) {
            err.println("specgraph: " + e.getMessage());
            return Main.NOT_CLOSED;
        }
        if (format != PlanFormat.TEXT) {
            plan.warnings().forEach(w -> err.println("warning: " + w));
        }
        String text = PlanWriter.write(plan, format, workers);
        if (outFile == null) {
            stdout.print(text);
            stdout.flush();
        } else {
            try {
                outFile.write(o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            } catch (OutputFile.OutputException e) {
                err.println("specgraph: " + e.getMessage());
                return Main.BAD_INPUT;
            }
            err.println("plan written to " + out);
        }
        return Main.OK;
    }

    /** Accepts the format in any case. */
    static final class FormatConverter extends EnumConverter<PlanFormat> {
        FormatConverter() {
            super(PlanFormat.class);
        }
    }

    /** The formats, as they are typed. */
    static final class Formats extends EnumCandidates<PlanFormat> {
        Formats() {
            super(PlanFormat.class);
        }
    }
}
