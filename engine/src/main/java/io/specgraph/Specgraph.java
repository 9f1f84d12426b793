package io.specgraph;

import io.specgraph.load.SpecLoadException;
import io.specgraph.dialect.Dialect;
import io.specgraph.dialect.MappedSpec;
import io.specgraph.load.SpecLoader;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The facade: load a specification written in Turtle, then validate it.
 *
 * <pre>{@code
 * Spec spec = Specgraph.load(Path.of("specs/build-optimization"));       // a folder of .ttl files
 * ClosureReport report = spec.validate();
 * System.out.println(report.summary());                                    // closed: 100% of 212 checks
 * }</pre>
 *
 * For other sources or settings, configure a loader:
 * <pre>{@code
 * Spec spec = Specgraph.load(loader -> loader.resource("specs/demo/plan.ttl")
 *                                            .string("extra.ttl", turtle)
 *                                            .limits(LoadLimits.DEFAULT.withMaxTriples(1_000_000)));
 * }</pre>
 */
public final class Specgraph {
    private Specgraph() {}

    /**
     * Loads a spec from a folder of Turtle files (or a single file).
     *
     * @throws SpecLoadException with every syntax error, unreadable file or refused limit
     */
    public static Spec load(Path path) {
        return load(loader -> loader.path(path));
    }

    /**
     * Loads a spec from sources configured on a fresh {@link SpecLoader}.
     *
     * @throws SpecLoadException with every syntax error, unreadable file or refused limit
     */
    public static Spec load(UnaryOperator<SpecLoader> configure) {
        return new Spec(configure.apply(new SpecLoader()).load(), null);
    }

    /**
     * Loads a spec written in another vocabulary and maps it onto the core one with a dialect; the spec's
     * {@link Spec#mapping()} says what was mapped and what was not. The sources are read with
     * {@link SpecLoader#coreVocabulary(boolean) coreVocabulary(false)}: being written in another vocabulary,
     * a file without specgraph subjects is expected there, not suspicious; and with {@link
     * SpecLoader#literalPositions(boolean) literalPositions(true)}, so that a reference the dialect made of a string
     * and that resolves to nothing is reported at the line of the string.
     *
     * @throws SpecLoadException with every syntax error, unreadable file or refused limit
     */
    public static Spec load(UnaryOperator<SpecLoader> configure, Dialect dialect) {
        MappedSpec mapped = dialect.map(configure.apply(new SpecLoader().coreVocabulary(false).literalPositions(true)).load());
        return new Spec(mapped.spec(), mapped.report());
    }
}
