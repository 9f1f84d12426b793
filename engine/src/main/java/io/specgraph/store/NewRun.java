package io.specgraph.store;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * registration in memory does not pay for it in every run; one made with {@link #withPlanWrittenWhenAsked} also
 * writes it piece by piece into the file a disk store keeps it in ({@link #writePlan}), never as one text.
 */
public final class NewRun {
    /**
     * Option key a host sets to {@code "true"} to declare that the spec graph is exactly its {@link #sources()}
     * parsed as Turtle, each with the base IRI given under {@link #SOURCE_BASE} and its name: no dialect mapped it and
     * no statement was skipped, as for a spec loaded from files by {@code Specgraph.load(Path)}. A store may then keep
     * the sources only and parse them again when the graph is asked for (the disk store does: writing the graph of a
     * large spec is most of what creating a run costs). Without it, or without a base for every source, the graph
     * is kept as given.
     */
    public static final String SPEC_FROM_SOURCES = "spec.fromSources";
    /** Option key prefix of a source's base IRI (the key is this prefix and the source's name); see {@link #SPEC_FROM_SOURCES}. */
    public static final String SOURCE_BASE = "spec.base.";

    private final String spec;
    private final SortedMap<String, String> options;
    private final SortedMap<String, String> sources;
    private final Graph specGraph;
    private final SortedMap<String, String> fingerprints;
    private final Instant started;
    private PlanText planSource;
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
        this(spec, options, sources, specGraph, (PlanText) null, fingerprints, started);
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    private NewRun(String spec, Map<String, String> options, Map<String, String> sources, Graph specGraph, PlanText plan,
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
        Objects.requireNonNull(plan, "plan");
        return new NewRun(spec, options, sources, specGraph, out -> out.write(plan.get()), fingerprints, started);
    }

    /** What writes a plan's JSON to a writer, as it makes it. */
    @FunctionalInterface
    public interface PlanText {
        /** Writes the plan's JSON to {@code out}. */
        void writeTo(Writer out) throws IOException;
    }

    /**
     * A registration whose plan JSON {@code plan} writes when it is first asked for: into the store's file as it is
     * made ({@link #writePlan}), or into a text ({@link #plan()}, once).
     */
    public static NewRun withPlanWrittenWhenAsked(String spec, Map<String, String> options, Map<String, String> sources, Graph specGraph,
                                                  PlanText plan, Map<String, String> fingerprints, Instant started) {
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

    /**
     * Whether the spec graph is what the sources parse to, each with its base IRI, as declared by
     * {@link #SPEC_FROM_SOURCES}: true only when it is declared and there are sources, each with a base.
     */
    public boolean specFromSources() {
        return "true".equals(options.get(SPEC_FROM_SOURCES)) && !sources.isEmpty()
                && sources.keySet().stream().allMatch(name -> options.containsKey(SOURCE_BASE + name));
    }

    /** The base IRI a source was parsed with, when the host declared it (see {@link #SPEC_FROM_SOURCES}). */
    public Optional<String> sourceBase(String name) {
        return Optional.ofNullable(options.get(SOURCE_BASE + name));
    }

    /** The plan as JSON. */
    public synchronized String plan() {
        if (plan == null) {
            StringWriter text = new StringWriter();
            try {
                planSource.writeTo(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringWriter does not fail; the source itself did
            }
            plan = text.toString();
            planSource = null;
        }
        return plan;
    }

    /**
     * Writes the plan's JSON to {@code out}: the text when there is one already, or as its source makes it, without
     * keeping it (a store that writes it to a file asks once).
     */
    public synchronized void writePlan(Writer out) throws IOException {
        if (plan != null) {
            out.write(plan);
        } else {
            planSource.writeTo(out);
        }
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
