package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.dialect.Dialect;
import io.specgraph.dialect.DialectException;
import io.specgraph.load.LoadLimits;
import io.specgraph.load.LoadProblem;
import io.specgraph.load.LoadWarning;
import io.specgraph.load.SpecLoadException;
import io.specgraph.load.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where a command reads the spec from, shared by every command that loads one. */
final class SourceOptions {
    /** The option that loads what parses and reports the rest as violations. */
    static final String SKIP_UNPARSABLE = "--skip-unparsable";

    @Parameters(arity = "1..*", paramLabel = "<folder|file>",
            description = "A folder of .ttl files (its own files; sub-folders with --recursive) or Turtle files.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--recursive", description = "Also read .ttl files in sub-folders of a folder.")
    boolean recursive;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Largest accepted file in bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes = LoadLimits.DEFAULT.maxBytesPerSource();

    @Option(names = "--max-triples", paramLabel = "N", description = "Most triples accepted in the spec (default: ${DEFAULT-VALUE}).")
    long maxTriples = LoadLimits.DEFAULT.maxTriples();

    @Option(names = "--max-nesting", paramLabel = "N",
            description = "Deepest accepted nesting of [ ], ( ), << >> and {| |} in a file (default: ${DEFAULT-VALUE}).")
    int maxNesting = LoadLimits.DEFAULT.maxNesting();

    @Option(names = "--strict",
            description = "Count every load warning (unknown sg: term, sg: namespace typo, file without specgraph subjects,"
                    + " bad UTF-8, missing final '.', link not followed, ...) as a violation: the spec is then not closed.")
    boolean strict;

    @Option(names = SKIP_UNPARSABLE,
            description = "Load the statements that parse and report each one that does not as a violation (source-parses),"
                    + " so one run shows the syntax and the closure problems; validate then exits 1, not 2.")
    boolean skipUnparsable;

    @Option(names = "--dialect", paramLabel = "NAME", completionCandidates = BuiltInDialects.class,
            description = "Read a spec written in another vocabulary through this dialect (built in: ggen), then report what it mapped.")
    String dialect;

    @Option(names = "--dialect-dir", paramLabel = "DIR",
            description = "A folder of dialects (one sub-folder of .rq queries each), or one dialect folder; searched before the built-in ones.")
    List<Path> dialectDirs = new ArrayList<>();

    /**
     * Loads the spec, printing load warnings to {@code err}; on bad input prints every problem and what
     * did not happen ({@code "nothing was validated"}) and returns empty.
     */
    Optional<Spec> load(PrintWriter err, String notDone) {
        return load(err, notDone, true);
    }

    /**
     * As {@link #load(PrintWriter, String)}; {@code listUnparsed} says whether the statements left out by
     * {@value #SKIP_UNPARSABLE} are listed on {@code err} (validate lists them in its report instead).
     */
    Optional<Spec> load(PrintWriter err, String notDone, boolean listUnparsed) {
        Spec spec;
        try {
            LoadLimits limits = new LoadLimits(maxBytes, maxTriples, maxNesting);
            UnaryOperator<SpecLoader> configure = loader -> loader.limits(limits).recursive(recursive)
                    .skipUnparsable(skipUnparsable).paths(sources);
            if (dialect == null && !dialectDirs.isEmpty()) {
                err.println("specgraph: --dialect-dir needs --dialect NAME to say which dialect to use");
                return Optional.empty();
            }
            spec = dialect == null ? Specgraph.load(configure) : Specgraph.load(configure, Dialect.find(dialect, dialectDirs));
        } catch (DialectException e) {
            err.println("specgraph: " + e.getMessage());
            err.println(notDone);
            return Optional.empty();
        } catch (SpecLoadException e) {
            err.println("specgraph: " + e.getMessage());
            boolean syntax = e.problems().stream().anyMatch(p -> p.kind() == LoadProblem.Kind.SYNTAX);
            err.println(notDone + "; fix the problems above and run again" + (syntax
                    ? ", or run with " + SKIP_UNPARSABLE + " to check what parses (each statement that does not is then"
                            + " reported as a violation)"
                    : ""));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            err.println("specgraph: " + e.getMessage());
            return Optional.empty();
        }
        for (LoadWarning warning : spec.warnings()) {
            err.println(warning);
        }
        if (listUnparsed && !spec.loaded().unparsed().isEmpty()) {
            // validate lists them as violations; plan and run would otherwise not say what they left out
            err.println("specgraph: " + spec.loaded().unparsed().size() + " syntax error"
                    + (spec.loaded().unparsed().size() == 1 ? "" : "s") + " (" + SKIP_UNPARSABLE + ": the statements left out"
                    + " are violations of source-parses):");
            spec.loaded().unparsed().forEach(p -> err.println("  " + p));
        }
        // the mapping report goes to stderr: stdout stays the command's own output (JSON when asked)
        spec.mapping().ifPresent(report -> err.print(report.text()));
        return Optional.of(spec);
    }

    /**
     * The built-in dialects, for shell completion (a dialect of --dialect-dir is typed). Looked up only when
     * iterated: picocli creates this for every command line, and --help should not read the dialect index.
     */
    static final class BuiltInDialects implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Dialect.builtInNames().iterator();
        }
    }
}
