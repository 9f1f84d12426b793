package io.specgraph.run;

import io.specgraph.load.LoadedSpec;
import io.specgraph.load.SpecLoader;
import io.specgraph.store.NewRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a durable run's plan came from, kept in its store so that the run can be found and resumed later.
 *
 * @param spec    where the spec was loaded from, as the user gave it (a path, or a label for a spec built in code)
 * @param options how it was loaded and planned (dialect, pipelined, …), as the host wants to read them back on
 *                resume; the engine adds its own settings under keys starting {@code engine.}
 * @param sources each source file's path and its text, so that a later resume can say what changed
 */
public record RunOrigin(String spec, SortedMap<String, String> options, SortedMap<String, String> sources) {
    public RunOrigin {
        options = new TreeMap<>(options);
        sources = new TreeMap<>(sources);
        if (options.keySet().stream().anyMatch(k -> k.startsWith(ENGINE_PREFIX))) {
            throw new IllegalArgumentException("option keys starting '" + ENGINE_PREFIX + "' are the engine's own");
        }
    }

    /** The prefix of the option keys the engine keeps its settings under. */
    public static final String ENGINE_PREFIX = "engine.";

    /** An origin with nothing but a label, for a plan built in code. */
    public static RunOrigin of(String spec) {
        return new RunOrigin(spec, new TreeMap<>(), new TreeMap<>());
    }

    /**
     * The origin of a run of a spec loaded from files: each source's text, read again now (so that a resume can say
     * what changed), and, when the spec is exactly those files parsed (no dialect mapped it, no statement was
     * skipped, every source could be read again), the declaration that it is ({@link NewRun#SPEC_FROM_SOURCES}, with
     * each source's base IRI), so that a disk store keeps the texts instead of writing the spec's graph, which for
     * a large spec is most of what creating a run costs. A source that cannot be read again is left out.
     *
     * @param spec    where the spec was loaded from, as the user gave it
     * @param options how it was loaded and planned, as the host wants to read them back
     * @param loaded  the spec as loaded ({@code Spec.loaded()})
     */
    public static RunOrigin ofLoaded(String spec, Map<String, String> options, LoadedSpec loaded) {
        SortedMap<String, String> all = new TreeMap<>(options);
        SortedMap<String, String> sources = new TreeMap<>();
        SortedMap<String, String> bases = new TreeMap<>();
        for (String name : loaded.sources()) {
            try {
                Path file = Path.of(name);
                if (Files.isRegularFile(file)) {
                    sources.put(name, Files.readString(file, StandardCharsets.UTF_8));
                    bases.put(NewRun.SOURCE_BASE + name, SpecLoader.baseIri(file));
                }
            } catch (IOException | RuntimeException e) {
                // not a file (a resource, a text), or no longer readable: not kept; resume reads the spec anyway
            }
        }
        if (!loaded.derived() && loaded.unparsed().isEmpty() && !sources.isEmpty() && sources.size() == loaded.sources().size()) {
            all.put(NewRun.SPEC_FROM_SOURCES, "true");
            all.putAll(bases);
        }
        return new RunOrigin(spec, all, sources);
    }

    /** An origin from unsorted maps. */
    public static RunOrigin of(String spec, Map<String, String> options, Map<String, String> sources) {
        return new RunOrigin(spec, new TreeMap<>(options), new TreeMap<>(sources));
    }
}
