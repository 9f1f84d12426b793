package io.specgraph.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphReadOnly;
import org.apache.jena.sparql.graph.GraphReadOnly;

/**
 * The result of loading a spec: one named graph per source (named by the source's IRI), the union of
 * all of them (the spec itself), where each subject first appears, and the warnings the loader raised.
 *
 * <p>The graphs are read-only views: a loaded spec does not change.
 */
public final class LoadedSpec {
    private final DatasetGraph dataset;
    private final Graph union;
    private final Map<Node, SourcePosition> positions;
    private final List<String> sources;
    private final List<LoadWarning> warnings;

    LoadedSpec(DatasetGraph dataset, Graph union, Map<Node, SourcePosition> positions, List<String> sources,
               List<LoadWarning> warnings) {
        this.dataset = new DatasetGraphReadOnly(dataset);
        this.union = new GraphReadOnly(union);
        this.positions = positions;
        this.sources = List.copyOf(sources);
        this.warnings = List.copyOf(warnings);
    }

    /** Every triple of every source: the spec. */
    public Graph union() {
        return union;
    }

    /** One named graph per source, named by the source's IRI; the default graph is the union. */
    public DatasetGraph dataset() {
        return dataset;
    }

    /** The names of the sources, in load order (file paths as given, resource paths, string names). */
    public List<String> sources() {
        return sources;
    }

    /** Warnings raised while loading, in source order. */
    public List<LoadWarning> warnings() {
        return warnings;
    }

    /** Number of distinct triples in the spec. */
    public long size() {
        return union.size();
    }

    /**
     * Where the node first appears as a subject (source, line and column), if it does.
     * Blank nodes are tracked too, so that an anonymous gate condition can be located.
     */
    public Optional<SourcePosition> positionOf(Node node) {
        return Optional.ofNullable(positions.get(node));
    }
}
