package io.specgraph.store;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.jena.graph.Graph;

/**
 * What a run is registered with, so that it can be resumed, compared and queried later.
 *
 * @param spec         where the spec was loaded from, as the user gave it (a path or a label)
 * @param options      how it was loaded and run (dialect, workers, …), as text, for resume to load it again
 * @param sources      each source file's path (as loaded) and its Turtle text
 * @param specGraph    the spec as loaded (after any dialect mapping), queried by history queries
 * @param plan         the plan as JSON (as {@code specgraph plan --format json} writes it)
 * @param fingerprints per task IRI, a fingerprint of everything that decides what the task does
 * @param started      when the run started
 */
public record NewRun(String spec, SortedMap<String, String> options, SortedMap<String, String> sources, Graph specGraph,
                     String plan,
                     SortedMap<String, String> fingerprints, Instant started) {
    public NewRun {
        options = new TreeMap<>(options);
        sources = new TreeMap<>(sources);
        fingerprints = new TreeMap<>(fingerprints);
    }

    /** Convenience constructor from unsorted maps. */
    public static NewRun of(String spec, Map<String, String> options, Map<String, String> sources, Graph specGraph, String plan,
                            Map<String, String> fingerprints, Instant started) {
        return new NewRun(spec, new TreeMap<>(options), new TreeMap<>(sources), specGraph, plan, new TreeMap<>(fingerprints), started);
    }
}
