package io.specgraph.internal;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;

/**
 * Parsing a gate's {@code sg:ask} condition and refusing what it must not do, shared by the closure check
 * (before anything runs) and the engine (when the gate is reached). Not public API.
 */
public final class AskQueries {
    private AskQueries() {}

    /** A parsed ASK query, or the reason it cannot be used as a gate condition. */
    public record Parsed(Query query, String problem) {}

    /** Parses the query; the problem is null when it is an ASK query without SERVICE. */
    public static Parsed parse(String sparql) {
        Query query;
        try {
            query = QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            String where = e.getLine() > 0 ? " (line " + e.getLine() + ", column " + e.getColumn() + " of the query)" : "";
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return new Parsed(null, "has an sg:ask query that does not parse" + where + ": " + message);
        }
        if (!query.isAskType()) {
            return new Parsed(null, "has an sg:ask query that is not an ASK query; a gate condition must answer true or false");
        }
        boolean[] service = {false};
        ElementWalker.walk(query.getQueryPattern(), new ElementVisitorBase() {
            @Override
            public void visit(ElementService el) {
                service[0] = true;
            }
        });
        if (service[0]) {
            return new Parsed(null, "has an sg:ask query that uses SERVICE; gate conditions may only read the spec and its run record");
        }
        return new Parsed(query, null);
    }
}
