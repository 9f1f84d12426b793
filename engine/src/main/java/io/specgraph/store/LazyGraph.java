package io.specgraph.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.jena.graph.Graph;
import org.apache.jena.sparql.graph.GraphWrapper;

/**
 * A graph kept in a file of a run folder, read the first time it is used: a resume needs a run's registration
 * but not its spec graph (it loads the spec again), and reading a large spec's graph takes seconds.
 */
final class LazyGraph extends GraphWrapper {
    private final Path file;
    private final String what;
    private Graph loaded;

    /**
     * @param file the RDF Thrift file
     * @param what what the graph is, for messages
     */
    LazyGraph(Path file, String what) {
        super(null);
        this.file = file;
        this.what = what;
    }

    @Override
    public synchronized Graph get() {
        if (loaded == null) {
            try {
                loaded = RunFolder.readGraph(file).orElseThrow(() -> new NoSuchFileException(file.toString()));
            } catch (IOException e) {
                throw new StoreException("cannot read " + what + " (" + file + "): " + e.getMessage(), e);
            }
        }
        return loaded;
    }
}
