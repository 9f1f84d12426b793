package io.specgraph.closure;

import io.specgraph.load.LoadWarning;
import io.specgraph.load.LoadedSpec;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * Under {@link ClosureOptions#strictSources() strict sources}: every warning raised while loading the spec
 * is a violation, so that CI, which reads the exit code and not stderr, fails on a spec whose gates vanished
 * behind a namespace typo. Each kind of warning is a rule of the category {@code sources}, checked once per
 * source; the focus of a failure is the source it is about (as a literal: a file name, not a resource of
 * the spec).
 */
final class LoadWarningRule {
    static final String CATEGORY = "sources";

    private LoadWarningRule() {}

    static void run(Findings findings) {
        LoadedSpec spec = findings.spec();
        long sources = Math.max(1, spec.sources().size());
        for (LoadWarning.Kind kind : LoadWarning.Kind.values()) {
            findings.tally().checks(kind.ruleId(), CATEGORY, sources);
        }
        for (LoadWarning warning : spec.warnings()) {
            Node focus = NodeFactory.createLiteralString(warning.source());
            String message = warning.position() == null ? warning.source() + ": " + warning.message() : warning.message();
            findings.failAt(warning.kind().ruleId(), CATEGORY, focus, message, warning.position());
        }
    }
}
