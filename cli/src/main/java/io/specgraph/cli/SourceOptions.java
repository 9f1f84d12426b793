package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.load.LoadLimits;
import io.specgraph.load.LoadWarning;
import io.specgraph.load.SpecLoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where a command reads the spec from, shared by every command that loads one. */
final class SourceOptions {
    @Parameters(arity = "1..*", paramLabel = "<folder|file>",
            description = "A folder of .ttl files (its own files; sub-folders with --recursive) or Turtle files.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--recursive", description = "Also read .ttl files in sub-folders of a folder.")
    boolean recursive;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Largest accepted file in bytes (default: ${DEFAULT-VALUE}).")
    long maxBytes = LoadLimits.DEFAULT.maxBytesPerSource();

    @Option(names = "--max-triples", paramLabel = "N", description = "Most triples accepted in the spec (default: ${DEFAULT-VALUE}).")
    long maxTriples = LoadLimits.DEFAULT.maxTriples();

    /**
     * Loads the spec, printing load warnings to {@code err}; on bad input prints every problem and what
     * did not happen ({@code "nothing was validated"}) and returns empty.
     */
    Optional<Spec> load(PrintWriter err, String notDone) {
        Spec spec;
        try {
            LoadLimits limits = new LoadLimits(maxBytes, maxTriples);
            spec = Specgraph.load(loader -> loader.limits(limits).recursive(recursive).paths(sources));
        } catch (SpecLoadException e) {
            err.println("specgraph: " + e.getMessage());
            err.println(notDone + "; fix the problems above and run again");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            err.println("specgraph: " + e.getMessage());
            return Optional.empty();
        }
        for (LoadWarning warning : spec.warnings()) {
            err.println(warning);
        }
        return Optional.of(spec);
    }
}
