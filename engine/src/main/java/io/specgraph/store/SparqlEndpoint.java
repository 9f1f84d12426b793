package io.specgraph.store;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.jena.atlas.web.HttpException;
import org.apache.jena.graph.Graph;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.http.QueryExecHTTP;
import org.apache.jena.sparql.exec.http.UpdateExecHTTP;

/**
 * The SPARQL 1.1 endpoint of a remote store: queries and updates posted to one URL (a Fuseki dataset answers
 * both), each within a time limit, and every way it can fail said as what it means for the user.
 */
final class SparqlEndpoint {
    private final String url;
    private final HttpClient http;
    private final Duration requestTimeout;

    SparqlEndpoint(URI url, Duration connectTimeout, Duration requestTimeout) {
        this.url = url.toString();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.requestTimeout = requestTimeout;
    }

    String url() {
        return url;
    }

    /** Runs an update request (several operations separated by {@code ;} are one transaction on Fuseki). */
    void update(String request) {
        call(() -> {
            UpdateExecHTTP.newBuilder().endpoint(url).httpClient(http).update(request)
                    .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).build().execute();
            return null;
        }, requestTimeout);
    }

    List<Binding> select(String query) {
        return query(QueryFactory.create(query), requestTimeout, exec -> exec.select().materialize().stream().toList());
    }

    boolean ask(String query) {
        return query(QueryFactory.create(query), requestTimeout, QueryExec::ask);
    }

    Graph construct(String query) {
        return query(QueryFactory.create(query), requestTimeout, QueryExec::construct);
    }

    /** Runs a query within {@code limit}, reading its answer with {@code read} before the response is closed. */
    <T> T query(Query query, Duration limit, Function<QueryExec, T> read) {
        return call(() -> {
            try (QueryExec exec = QueryExecHTTP.newBuilder().endpoint(url).httpClient(http).query(query)
                    .timeout(limit.toMillis(), TimeUnit.MILLISECONDS).build()) {
                return read.apply(exec);
            }
        }, limit);
    }

    private <T> T call(java.util.function.Supplier<T> work, Duration limit) {
        try {
            return work.get();
        } catch (HttpException | QueryExceptionHTTP e) {
            throw failure(e, limit);
        } catch (RuntimeException e) {
            if (cause(e, ConnectException.class) || cause(e, HttpTimeoutException.class)) {
                throw failure(e, limit);
            }
            throw e;
        }
    }

    private StoreException failure(RuntimeException e, Duration limit) {
        if (cause(e, HttpConnectTimeoutException.class) || cause(e, ConnectException.class)) {
            return new StoreException("the run store " + url + " does not answer (" + rootMessage(e)
                    + "); start the SPARQL endpoint or check the URL given with --store", e);
        }
        if (cause(e, HttpTimeoutException.class)) {
            return new StoreException("the run store " + url + " did not answer within " + limit.toMillis() + " ms; "
                    + "check that the endpoint is up and not overloaded, or use a store on disk", e);
        }
        int status = e instanceof HttpException h ? h.getStatusCode() : e instanceof QueryExceptionHTTP q ? q.getStatusCode() : -1;
        if (status > 0) {
            return new StoreException("the run store " + url + " refused a request (HTTP " + status + " "
                    + firstLine(e.getMessage())
                    + "); the URL must name a SPARQL dataset that allows query and update, such as a Fuseki dataset", e);
        }
        return new StoreException("the run store " + url + " cannot be reached (" + rootMessage(e)
                + "); check the URL given with --store and that the endpoint is up", e);
    }

    private static boolean cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getClass().getSimpleName() + ": " + t.getMessage() : t.getClass().getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
