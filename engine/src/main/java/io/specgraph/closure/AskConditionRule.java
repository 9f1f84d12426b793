package io.specgraph.closure;

import io.specgraph.internal.AskQueries;
import io.specgraph.vocab.SG;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

/**
 * Checks that every {@code sg:ask} gate condition is a SPARQL ASK query that parses and stays inside the
 * spec (no {@code SERVICE}: a spec from elsewhere must not make the host call out). Checking at closure
 * time means a broken condition is found before anything runs, not when its gate is reached.
 */
final class AskConditionRule {
    static final String ID = "condition-ask-valid";
    static final String CATEGORY = "gates";

    private AskConditionRule() {}

    static void run(Findings findings) {
        long checks = 0;
        for (Triple t : findings.data().find(Node.ANY, SG.ask, Node.ANY).toList()) {
            checks++;
            Node condition = t.getSubject();
            Node text = t.getObject();
            if (!text.isLiteral()) {
                continue; // condition-is-checkable reports a non-string sg:ask
            }
            String problem = problem(text.getLiteralLexicalForm());
            if (problem != null) {
                findings.fail(ID, CATEGORY, Severity.VIOLATION, condition, findings.name(SG.ask), null, problem,
                        Origin.rule(Origin.ASK, SG.ask));
            }
        }
        findings.tally().checks(ID, CATEGORY, checks);
    }

    private static String problem(String sparql) {
        return AskQueries.parse(sparql).problem();
    }
}
