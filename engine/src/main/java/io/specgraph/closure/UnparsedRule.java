package io.specgraph.closure;

import io.specgraph.load.LoadProblem;
import io.specgraph.load.LoadedSpec;
import org.apache.jena.graph.NodeFactory;

/**
 * A spec loaded with unparsable statements skipped ({@code SpecLoader.skipUnparsable}, CLI
 * {@code --skip-unparsable}) is not closed: each statement left out is a violation of {@code source-parses}, in
 * the category {@code sources}, at the syntax error's place, so that one report shows the syntax errors beside
 * the closure problems they may cause (a task left out is then an undefined reference elsewhere). Checked once
 * per source that parsed whole and once per statement of a source read statement by statement.
 */
final class UnparsedRule {
    static final String RULE = "source-parses";

    private UnparsedRule() {}

    static void run(Findings findings) {
        LoadedSpec spec = findings.spec();
        findings.tally().checks(RULE, LoadWarningRule.CATEGORY, spec.parseChecks());
        for (LoadProblem problem : spec.unparsed()) {
            String where = problem.position() != null ? problem.position().toString() : problem.source();
            findings.failAt(RULE, LoadWarningRule.CATEGORY, NodeFactory.createLiteralString(where),
                    "does not parse: " + problem.message(), problem.position());
        }
    }
}
