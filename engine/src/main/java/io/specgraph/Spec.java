package io.specgraph;

import io.specgraph.closure.ClosureOptions;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.ClosureValidator;
import io.specgraph.load.LoadWarning;
import io.specgraph.load.LoadedSpec;
import java.util.List;
import java.util.Objects;

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

    Spec(LoadedSpec loaded) {
        this.loaded = Objects.requireNonNull(loaded);
    }

    /** The loaded graphs, source positions and warnings. */
    public LoadedSpec loaded() {
        return loaded;
    }

    /** Warnings raised while loading (for example one name under two namespaces). */
    public List<LoadWarning> warnings() {
        return loaded.warnings();
    }

    /** Checks closure with the built-in rules. */
    public ClosureReport validate() {
        return validate(ClosureOptions.defaults());
    }

    /**
     * Checks closure with the given options (strict phases, extra shapes and queries).
     *
     * @throws io.specgraph.closure.InvalidRuleException when a user shapes file or query cannot be used
     */
    public ClosureReport validate(ClosureOptions options) {
        return new ClosureValidator(options).validate(loaded);
    }
}
