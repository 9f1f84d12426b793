package io.specgraph.store;

import io.specgraph.internal.QueryGuard;
import io.specgraph.internal.SafeQueryExec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.util.Context;

/** Read-only history queries over the union of a store's graphs, confined as every query specgraph runs. */
final class StoreQueries {
    private StoreQueries() {}

    /**
     * Parses and checks a history query.
     *
     * @throws StoreException when it does not parse or asks for what a history query may not do
     */
    static Query parse(String sparql) {
        Query query;
        try {
            query = QueryFactory.create(sparql);
        } catch (QueryParseException e) {
            throw new StoreException("the query does not parse: " + QueryGuard.parseFailure(e));
        }
        if (query.isDescribeType()) {
            throw new StoreException("DESCRIBE is not supported by history queries; write a CONSTRUCT, SELECT or ASK query");
        }
        String problem = QueryGuard.problem(query);
        if (problem != null) {
            throw new StoreException("the query is refused: " + problem);
        }
        return query;
    }

    /** Runs a checked query over {@code data}. */
    static QueryAnswer answer(Graph data, Query query, Duration limit) {
        if (query.isAskType()) {
            return new QueryAnswer.Answer(SafeQueryExec.ask(data, query, limit));
        }
        if (query.isSelectType()) {
            List<Binding> rows = SafeQueryExec.select(data, query, limit);
            List<String> vars = query.getResultVars();
            return new QueryAnswer.Rows(vars, rows.stream().map(b -> row(b, vars)).toList());
        }
        return new QueryAnswer.Triples(SafeQueryExec.construct(data, query, Context.create(), limit));
    }

    private static Map<String, Node> row(Binding b, List<String> vars) {
        Map<String, Node> row = new HashMap<>();
        for (String v : vars) {
            Node n = b.get(Var.alloc(v));
            if (n != null) {
                row.put(v, n);
            }
        }
        return Map.copyOf(row);
    }
}
