package io.specgraph.examples;

import io.specgraph.Specgraph;
import io.specgraph.load.SpecLoadException;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanFormat;
import io.specgraph.plan.PlanRefusedException;
import io.specgraph.plan.PlanWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Generates an executable plan from a spec: loads the folder, derives the plan (which refuses a spec that
 * is not closed), writes it to a file as JSON (schema {@value PlanWriter#JSON_SCHEMA}) for programs, or as
 * Mermaid or DOT for people, and prints the critical path and the lower bound on the makespan.
 *
 * <p>Arguments: {@code [spec-folder] [out-file] [--format json|mermaid|dot|text] [--workers N]}. The spec
 * folder defaults to {@code specs/review-all}; the file to {@code examples/target/plans/<spec>.<ext>}; the
 * format to what the file's extension says ({@code .json}, {@code .mmd}/{@code .mermaid}, {@code .dot}/{@code .gv},
 * {@code .txt}), else JSON; the workers (for the bounds) to 4.
 *
 * <p>Run from the repository root: {@code mvn -q -pl examples -am compile exec:exec -Dexample=GeneratePlanFile
 * -Dexample.args="specs/build-optimization build-optimization.mmd"}
 */
public final class GeneratePlanFile {
    /** The worker count of the bounds and estimates when none is given: the CLI's default too. */
    public static final int DEFAULT_WORKERS = 4;

    private GeneratePlanFile() {}

    /** Writes the plan and exits with the code {@link #run(String[], PrintStream)} returns. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Parses {@code args} (see the class comment), writes the plan and returns the exit code: 0 when the
     * plan was written, 1 when the spec is not closed (nothing is written), 2 on bad input.
     */
    public static int run(String[] args, PrintStream out) {
        List<String> positional = new ArrayList<>();
        String format = null;
        int workers = DEFAULT_WORKERS;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--format" -> format = value(args, ++i, "--format");
                    case "--workers" -> workers = Integer.parseInt(value(args, ++i, "--workers"));
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]
                                    + "; usage: [spec-folder] [out-file] [--format json|mermaid|dot|text] [--workers N]");
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (positional.size() > 2) {
                throw new IllegalArgumentException("at most a spec folder and an output file, got " + positional);
            }
            Path spec = Path.of(positional.isEmpty() ? "specs/review-all" : positional.get(0));
            PlanFormat chosen = format != null ? parseFormat(format)
                    : positional.size() > 1 ? formatOf(Path.of(positional.get(1))).orElse(PlanFormat.JSON) : PlanFormat.JSON;
            Path file = positional.size() > 1 ? Path.of(positional.get(1))
                    : Path.of("examples", "target", "plans", name(spec) + "." + extension(chosen));
            generate(spec, file, chosen, workers, out);
            return 0;
        } catch (PlanRefusedException e) {
            out.println(e.getMessage());
            return 1;
        } catch (SpecLoadException | IllegalArgumentException | UncheckedIOException e) {
            // NumberFormatException (a bad --workers) is an IllegalArgumentException too
            out.println(e.getMessage());
            return 2;
        }
    }

    /**
     * Loads the spec in {@code specFolder}, derives its plan, writes it to {@code file} in {@code format}
     * (creating missing parent folders) and prints the critical path and the bounds to {@code out}.
     *
     * @return the plan that was written
     * @throws SpecLoadException    when the spec cannot be read
     * @throws PlanRefusedException when the spec is not closed
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Plan generate(Path specFolder, Path file, PlanFormat format, int workers, PrintStream out) {
        Plan plan = Specgraph.load(specFolder).plan();
        String text = PlanWriter.write(plan, format, workers);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "wrote %s (%s, %d tasks, %d gates)%n", file, format.name().toLowerCase(Locale.ROOT),
                plan.tasks().size(), plan.gates().size());
        out.printf(Locale.ROOT, "critical path (%s): %s%n", PlanWriter.human(plan.criticalPath().length()),
                String.join(" → ", plan.criticalPath().nodes().stream().map(GeneratePlanFile::local).toList()));
        out.printf(Locale.ROOT, "sequential %s, lower bound with %d workers %s, estimated %s%n",
                PlanWriter.human(plan.totalWork()), workers, PlanWriter.human(plan.lowerBound(workers)),
                PlanWriter.human(plan.estimatedMakespan(workers)));
        plan.warnings().forEach(w -> out.println("warning: " + w));
        return plan;
    }

    /** The format a file name asks for, by extension. */
    public static Optional<PlanFormat> formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        return Optional.ofNullable(switch (ext) {
            case "json" -> PlanFormat.JSON;
            case "mmd", "mermaid" -> PlanFormat.MERMAID;
            case "dot", "gv" -> PlanFormat.DOT;
            case "txt" -> PlanFormat.TEXT;
            default -> null;
        });
    }

    private static PlanFormat parseFormat(String s) {
        try {
            return PlanFormat.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format " + s + "; use json, mermaid, dot or text");
        }
    }

    private static String extension(PlanFormat format) {
        return switch (format) {
            case JSON -> "json";
            case MERMAID -> "mmd";
            case DOT -> "dot";
            case TEXT -> "txt";
        };
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The spec's name for the default file: the folder's name (or the file's, without .ttl). */
    private static String name(Path spec) {
        Path name = spec.toAbsolutePath().normalize().getFileName();
        return name == null ? "plan" : name.toString().replaceFirst("\\.ttl$", "");
    }

    /** An IRI's local name; barriers between phases have their own urn. */
    private static String local(String iri) {
        if (iri.startsWith("urn:specgraph:barrier:")) {
            return "(end of phase " + iri.substring("urn:specgraph:barrier:".length()) + ")";
        }
        int cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return iri.substring(cut + 1);
    }
}
