package io.specgraph.dialect;

import org.apache.jena.query.Query;

/**
 * One mapping step of a dialect: a SPARQL CONSTRUCT query over the source (and what earlier steps produced).
 *
 * @param name  the query's file name, e.g. {@code 03-tasks.rq}
 * @param query the parsed query
 */
public record DialectQuery(String name, Query query) {}
