package io.specgraph.internal;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;

/**
 * Parsing a gate's {@code sg:ask} condition and refusing what it must not do, shared by the closure check
 * (before anything runs) and the engine (when the gate is reached). Not public API.
 */
public final class AskQueries {
    private AskQueries() {}

    /** A parsed ASK query, or the reason it cannot be used as a gate condition. */
    public record Parsed(Query query, String problem) {}

    /** Parses the query; the problem is null when it is an ASK query that {@link QueryGuard} lets through. */
    public static Parsed parse(String sparql) {
        Query query;
        try {
            query = QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            String where = e.getLine() > 0 ? " (line " + e.getLine() + ", column " + e.getColumn() + " of the query)" : "";
            return new Parsed(null, "has an sg:ask query that does not parse" + where + ": " + QueryGuard.parseFailure(e));
        }
        if (!query.isAskType()) {
            return new Parsed(null, "has an sg:ask query that is not an ASK query; a gate condition must answer true or false");
        }
        String problem = QueryGuard.problem(query);
        if (problem != null) {
            return new Parsed(null, "has an sg:ask query that " + problem + "; gate conditions may only read the spec and its run record");
        }
        return new Parsed(query, null);
    }
}
