package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.load.LoadLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * Loads the spec.
     *
     * @throws io.specgraph.load.SpecLoadException on syntax errors, unreadable files or refused limits
     * @throws IllegalArgumentException            on non-positive limits
     */
    Spec load() {
        LoadLimits limits = new LoadLimits(maxBytes, maxTriples);
        return Specgraph.load(loader -> loader.limits(limits).recursive(recursive).paths(sources));
    }
}
