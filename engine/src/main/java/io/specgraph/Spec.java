package io.specgraph;

import io.specgraph.closure.ClosureOptions;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.ClosureValidator;
import io.specgraph.dialect.MappingReport;
import io.specgraph.internal.PackageAccess;
import io.specgraph.load.LoadWarning;
import io.specgraph.load.LoadedSpec;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanRefusedException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded specification: the entry point of every later stage. Obtain one from {@link Specgraph}.
 *
 * <pre>{@code
 * Spec spec = Specgraph.load(Path.of("specs/build-optimization"));
 * ClosureReport report = spec.validate();
 * if (!report.closed()) report.violations().forEach(v -> System.out.println(v.location() + " " + v.message()));
 * }</pre>
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Spec {
    private final LoadedSpec loaded;
    private final MappingReport mapping;
    // closure is the costliest stage and its answer depends only on the (immutable) spec and options:
    // validate() then plan() checks once, also when the caller built equal options twice (the CLI does).
    private final ConcurrentHashMap<ClosureOptions, ClosureReport> reports = new ConcurrentHashMap<>();

    Spec(LoadedSpec loaded, MappingReport mapping) {
        this.loaded = Objects.requireNonNull(loaded);
        this.mapping = mapping;
    }

    /** When the spec was read through a dialect: what the dialect mapped and what it left unmapped. */
    public Optional<MappingReport> mapping() {
        return Optional.ofNullable(mapping);
    }

    /** The loaded graphs, source positions and warnings. */
    public LoadedSpec loaded() {
        return loaded;
    }

    /** Warnings raised while loading (for example one name under two namespaces). */
    public List<LoadWarning> warnings() {
        return loaded.warnings();
    }

    /** Checks closure with the built-in rules; the report is computed once and shared with {@link #plan()}. */
    public ClosureReport validate() {
        return validate(ClosureOptions.defaults());
    }

    /**
     * Checks closure with the given options (strict phases, extra shapes and queries). The report is kept:
     * asking again with equal options, or planning with them, does not check again.
     *
     * @throws io.specgraph.closure.InvalidRuleException when a user shapes file or query cannot be used
     */
    public ClosureReport validate(ClosureOptions options) {
        return reports.computeIfAbsent(Objects.requireNonNull(options, "options"),
                o -> new ClosureValidator(o).validate(loaded));
    }

    /**
     * Derives the plan with strict phases.
     *
     * @throws PlanRefusedException listing the blocking violations when the spec is not closed
     */
    public Plan plan() {
        return plan(PlanOptions.defaults());
    }

    /**
     * Derives the plan with the given options (pipelined, allow an unclosed spec, closure options).
     *
     * @throws PlanRefusedException when the spec is not closed and that is not allowed, or when the
     *                              dependencies with the phase barriers form a cycle
     */
    public Plan plan(PlanOptions options) {
        return PackageAccess.planning().derive(loaded, options, validate(options.closure()));
    }
}
