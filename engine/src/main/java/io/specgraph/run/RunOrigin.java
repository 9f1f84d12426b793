package io.specgraph.run;

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

    /** An origin from unsorted maps. */
    public static RunOrigin of(String spec, Map<String, String> options, Map<String, String> sources) {
        return new RunOrigin(spec, new TreeMap<>(options), new TreeMap<>(sources));
    }
}
