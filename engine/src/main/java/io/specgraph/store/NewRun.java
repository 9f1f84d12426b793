package io.specgraph.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;

/**
 * What a run is registered with, so that it can be resumed, compared and queried later: where the spec came from,
 * how it was loaded and run, the spec's sources and graph, the plan as JSON, each task's fingerprint and when the
 * run started.
 *
 * <p>The plan's JSON is megabytes for a large plan, and only a history query reads it: a registration made with
 * {@link #withPlanWhenAsked} writes it the first time {@link #plan()} is called, so that a store that keeps the
 * registration in memory does not pay for it in every run.
 */
public final class NewRun {
    private final String spec;
    private final SortedMap<String, String> options;
    private final SortedMap<String, String> sources;
    private final Graph specGraph;
    private final SortedMap<String, String> fingerprints;
    private final Instant started;
    private Supplier<String> planSource;
    private String plan;

    /**
     * @param spec         where the spec was loaded from, as the user gave it (a path or a label)
     * @param options      how it was loaded and run (dialect, workers, …), as text, for resume to load it again
     * @param sources      each source file's path (as loaded) and its Turtle text
     * @param specGraph    the spec as loaded (after any dialect mapping), queried by history queries
     * @param plan         the plan as JSON (as {@code specgraph plan --format json} writes it, on one line or not)
     * @param fingerprints per task IRI, a fingerprint of everything that decides what the task does
     * @param started      when the run started
     */
    public NewRun(String spec, SortedMap<String, String> options, SortedMap<String, String> sources, Graph specGraph, String plan,
                  SortedMap<String, String> fingerprints, Instant started) {
        this(spec, options, sources, specGraph, (Supplier<String>) null, fingerprints, started);
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    private NewRun(String spec, Map<String, String> options, Map<String, String> sources, Graph specGraph, Supplier<String> plan,
                   Map<String, String> fingerprints, Instant started) {
        this.spec = spec;
        this.options = new TreeMap<>(options);
        this.sources = new TreeMap<>(sources);
        this.specGraph = specGraph;
        this.planSource = plan;
        this.fingerprints = new TreeMap<>(fingerprints);
        this.started = started;
    }

    /** Convenience constructor from unsorted maps. */
    public static NewRun of(String spec, Map<String, String> options, Map<String, String> sources, Graph specGraph, String plan,
                            Map<String, String> fingerprints, Instant started) {
        return new NewRun(spec, new TreeMap<>(options), new TreeMap<>(sources), specGraph, plan, new TreeMap<>(fingerprints), started);
    }

    /** A registration whose plan JSON {@code plan} writes when it is first asked for (once). */
    public static NewRun withPlanWhenAsked(String spec, Map<String, String> options, Map<String, String> sources, Graph specGraph,
                                           Supplier<String> plan, Map<String, String> fingerprints, Instant started) {
        return new NewRun(spec, options, sources, specGraph, Objects.requireNonNull(plan, "plan"), fingerprints, started);
    }

    /** Where the spec was loaded from, as the user gave it. */
    public String spec() {
        return spec;
    }

    /** How the spec was loaded and run, as text. */
    public SortedMap<String, String> options() {
        return options;
    }

    /** Each source file's path (as loaded) and its text. */
    public SortedMap<String, String> sources() {
        return sources;
    }

    /** The spec as loaded. */
    public Graph specGraph() {
        return specGraph;
    }

    /** The plan as JSON. */
    public synchronized String plan() {
        if (plan == null) {
            plan = planSource.get();
            planSource = null;
        }
        return plan;
    }

    /** Per task IRI, a fingerprint of everything that decides what the task does. */
    public SortedMap<String, String> fingerprints() {
        return fingerprints;
    }

    /** When the run started. */
    public Instant started() {
        return started;
    }
}
