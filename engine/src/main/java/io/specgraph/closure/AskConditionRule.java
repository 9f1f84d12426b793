package io.specgraph.closure;

import io.specgraph.vocab.SG;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;

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
                findings.fail(ID, CATEGORY, Severity.VIOLATION, condition, findings.name(SG.ask), null, problem);
            }
        }
        findings.tally().checks(ID, CATEGORY, checks);
    }

    private static String problem(String sparql) {
        Query query;
        try {
            query = QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            String where = e.getLine() > 0 ? " (line " + e.getLine() + ", column " + e.getColumn() + " of the query)" : "";
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return "has an sg:ask query that does not parse" + where + ": " + message;
        }
        if (!query.isAskType()) {
            return "has an sg:ask query that is not an ASK query; a gate condition must answer true or false";
        }
        boolean[] service = {false};
        ElementWalker.walk(query.getQueryPattern(), new ElementVisitorBase() {
            @Override
            public void visit(ElementService el) {
                service[0] = true;
            }
        });
        if (service[0]) {
            return "has an sg:ask query that uses SERVICE; gate conditions may only read the spec and its run record";
        }
        return null;
    }
}
