package io.specgraph.store;

import java.io.IOException;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.graph.GraphWrapper;

/**
 * A graph kept in a file of a run folder, read the first time it is used: a resume needs a run's registration
 * but not its spec graph (it loads the spec again), and reading a large spec's graph takes seconds.
 */
final class LazyGraph extends GraphWrapper {
    private final Reader reader;
    private final String what;
    private Graph loaded;

    /** What sends the graph's triples to a sink, reading its files. */
    @FunctionalInterface
    interface Reader {
        /** Sends every triple to {@code into}. */
        void read(StreamRDF into) throws IOException;
    }

    /**
     * @param reader what reads the graph
     * @param what   what the graph is and where, for messages
     */
    LazyGraph(Reader reader, String what) {
        super(null);
        this.reader = reader;
        this.what = what;
    }

    @Override
    public synchronized Graph get() {
        if (loaded == null) {
            Graph g = GraphMemFactory.createDefaultGraph();
            try {
                reader.read(StreamRDFLib.graph(g));
            } catch (IOException e) {
                throw new StoreException("cannot read " + what + ": " + e.getMessage(), e);
            }
            loaded = g;
        }
        return loaded;
    }
}
