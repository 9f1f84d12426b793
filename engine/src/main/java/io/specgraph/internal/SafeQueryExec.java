package io.specgraph.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.iterator.QueryIterNullIterator;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.function.FunctionFactory;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionFactory;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.sparql.util.Context;

/**
 * The one way the engine runs a query it did not write (a spec's {@code sg:ask}, a closure query, a dialect's
 * CONSTRUCT): over the graph it is given, and unable to leave it. The query is checked by {@link QueryGuard}
 * first; then, so that a case the check misses still cannot leak, it runs in a context where
 * <ul>
 *   <li>SERVICE is switched off ({@link ARQ#httpServiceAllowed} false) and the only service executor is one
 *       that sends nothing;</li>
 *   <li>functions and property functions resolve without loading a class named by a {@code java:} IRI, even
 *       one the query computes ({@code CALL(IRI(…))}); Jena's own libraries ({@code afn:}) still work.</li>
 * </ul>
 * A way out the query tried is recorded as it is blocked, and the query then fails with a
 * {@link QueryDeniedException} saying what it tried, whatever ARQ made of the block (inside a FILTER, ARQ
 * would otherwise take it as false and carry on). Data cannot be read from elsewhere either: over a given
 * graph, ARQ answers {@code FROM} from that graph only (and the guard refuses it anyway).
 *
 * <pre>{@code
 * boolean answer = SafeQueryExec.ask(graph, query, Duration.ofSeconds(5));
 * }</pre>
 * Not public API.
 */
public final class SafeQueryExec {
    private static final String ONLY_THE_DATA = "a query may only read the data it is given";

    private SafeQueryExec() {}

    /**
     * Answers an ASK query.
     *
     * @param timeout the overall limit, or null for none
     * @throws QueryDeniedException when the query reaches, or tries to reach, outside the graph
     */
    public static boolean ask(Graph data, Query query, Duration timeout) {
        return execute(guarded(query), data, null, timeout, QueryExec::ask);
    }

    /**
     * The solutions of a SELECT query, all read before returning (a way out tried late fails the whole query).
     *
     * @param timeout the overall limit, or null for none
     * @throws QueryDeniedException when the query reaches, or tries to reach, outside the graph
     */
    public static List<Binding> select(Graph data, Query query, Duration timeout) {
        return execute(guarded(query), data, null, timeout, exec -> {
            List<Binding> rows = new ArrayList<>();
            RowSet rowSet = exec.select();
            rowSet.forEachRemaining(rows::add);
            return rows;
        });
    }

    /**
     * The graph a CONSTRUCT query builds, with the functions and settings of {@code context} (or of ARQ's
     * global context when null) but none of its ways out.
     *
     * @param timeout the overall limit, or null for none
     * @throws QueryDeniedException when the query reaches, or tries to reach, outside the graph
     */
    public static Graph construct(Graph data, Query query, Context context, Duration timeout) {
        return execute(guarded(query), data, context, timeout, QueryExec::construct);
    }

    private static Query guarded(Query query) {
        String problem = QueryGuard.problem(query);
        if (problem != null) {
            throw new QueryDeniedException("the query " + problem + "; " + ONLY_THE_DATA);
        }
        return query;
    }

    /**
     * Runs the query in the sandbox, without {@link QueryGuard}: the second line of defence on its own, which
     * is what the tests of this class need to reach.
     */
    static <T> T execute(Query query, Graph data, Context base, Duration timeout, Function<QueryExec, T> read) {
        Attempts attempts = new Attempts();
        QueryExecBuilder builder = QueryExec.graph(data).query(query).context(sandbox(base, attempts));
        if (timeout != null) {
            builder = builder.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        T result;
        try (QueryExec exec = builder.build()) {
            result = read.apply(exec);
        } catch (RuntimeException e) {
            attempts.failIfAny(e);
            throw e;
        }
        attempts.failIfAny(null);
        return result;
    }

    /**
     * A copy of {@code base} (or of ARQ's global context) from which no query can reach the network or load a
     * class by name; what it tries is added to {@code attempts}. One per execution: ARQ writes into it.
     */
    private static Context sandbox(Context base, Attempts attempts) {
        Context source = base != null ? base : ARQ.getContext();
        Context context = source.copy();
        context.set(ARQ.httpServiceAllowed, false);
        ServiceExecutorRegistry.set(context, new ServiceExecutorRegistry().addBulkLink((op, input, execCxt, chain) -> {
            attempts.add("SERVICE " + op.getService() + " is not allowed");
            input.close();
            return QueryIterNullIterator.create(execCxt);
        }));
        FunctionRegistry functions = FunctionRegistry.get(source);
        FunctionRegistry.set(context, new Functions(functions != null ? functions : FunctionRegistry.get(), attempts));
        PropertyFunctionRegistry properties = PropertyFunctionRegistry.get(source);
        PropertyFunctionRegistry.set(context,
                new PropertyFunctions(properties != null ? properties : PropertyFunctionRegistry.get(), attempts));
        return context;
    }

    /** The ways out a query tried during one execution. */
    private static final class Attempts {
        private final Queue<String> tried = new ConcurrentLinkedQueue<>();

        void add(String what) {
            tried.add(what);
        }

        void javaClass(String uri) {
            add("<" + uri + "> names a Java class to load, which is not allowed");
        }

        /** Throws, naming the first attempt, when there was one; {@code cause} is what the query threw, if anything. */
        void failIfAny(RuntimeException cause) {
            String first = tried.peek();
            if (first != null) {
                QueryDeniedException denied = new QueryDeniedException("the query was stopped: " + first + "; " + ONLY_THE_DATA);
                if (cause != null) {
                    denied.addSuppressed(cause);
                }
                throw denied;
            }
        }
    }

    /**
     * The functions of another registry, except that a {@code java:} IRI resolves to nothing (an evaluation
     * error, to ARQ) and is recorded, instead of the class it names being loaded.
     */
    private static final class Functions extends FunctionRegistry {
        private final FunctionRegistry delegate;
        private final Attempts attempts;

        Functions(FunctionRegistry delegate, Attempts attempts) {
            this.delegate = delegate;
            this.attempts = attempts;
        }

        @Override
        public FunctionFactory getFunctionFactory(String uri) {
            if (QueryGuard.isJava(uri)) {
                attempts.javaClass(uri);
                return null;
            }
            return delegate.getFunctionFactory(uri);
        }

        @Override
        public boolean isRegistered(String uri) {
            return !QueryGuard.isJava(uri) && delegate.isRegistered(uri);
        }

        @Override
        public Iterator<String> keys() {
            return delegate.keys();
        }

        @Override
        public FunctionRegistry put(String uri, FunctionFactory f) {
            throw new UnsupportedOperationException("a sandboxed function registry is read-only");
        }

        @Override
        public void remove(String uri) {
            throw new UnsupportedOperationException("a sandboxed function registry is read-only");
        }
    }

    /**
     * {@link Functions} for property functions, which ARQ looks up for every predicate of a pattern: a
     * {@code java:} predicate is left a plain predicate (matching nothing here) and recorded.
     */
    private static final class PropertyFunctions extends PropertyFunctionRegistry {
        private final PropertyFunctionRegistry delegate;
        private final Attempts attempts;

        PropertyFunctions(PropertyFunctionRegistry delegate, Attempts attempts) {
            this.delegate = delegate;
            this.attempts = attempts;
        }

        @Override
        public boolean manages(String uri) {
            if (QueryGuard.isJava(uri)) {
                attempts.javaClass(uri);
                return false;
            }
            return delegate.manages(uri);
        }

        @Override
        public PropertyFunctionFactory get(String uri) {
            if (QueryGuard.isJava(uri)) {
                attempts.javaClass(uri);
                return null;
            }
            return delegate.get(uri);
        }

        @Override
        public boolean isRegistered(String uri) {
            return !QueryGuard.isJava(uri) && delegate.isRegistered(uri);
        }

        @Override
        public Iterator<String> keys() {
            return delegate.keys();
        }

        @Override
        public void put(String uri, PropertyFunctionFactory factory) {
            throw new UnsupportedOperationException("a sandboxed property function registry is read-only");
        }

        @Override
        public PropertyFunctionFactory remove(String uri) {
            throw new UnsupportedOperationException("a sandboxed property function registry is read-only");
        }
    }
}
