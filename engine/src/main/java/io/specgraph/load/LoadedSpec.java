package io.specgraph.load;

import io.specgraph.internal.PackageAccess;
import io.specgraph.internal.Reference;
import io.specgraph.internal.SourceCheck;
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
    static {
        // a dialect adds what it derived and checked, and closure reads those checks, through this door: not API
        PackageAccess.install(new PackageAccess.Loading() {
            @Override
            public LoadedSpec withDerived(LoadedSpec spec, String graphName, Graph derived, Map<Node, Node> derivedFrom,
                                          List<SourceCheck> checks, Map<Node, List<Reference>> references) {
                return spec.withDerived(graphName, derived, derivedFrom, checks, references);
            }

            @Override
            public List<SourceCheck> checks(LoadedSpec spec) {
                return spec.checks();
            }
        });
    }

    private final DatasetGraph dataset;
    private final Graph union;
    private final Map<Node, SourcePosition> positions;
    private final List<String> sources;
    private final List<LoadWarning> warnings;
    private final List<SourceCheck> checks;
    private final List<LoadProblem> unparsed;
    private final long parseChecks;
    private final boolean derived;
    private final Map<Node, List<Reference>> dangling;
    private final Map<LiteralAt, SourcePosition> literals;

    LoadedSpec(DatasetGraph dataset, Graph union, Map<Node, SourcePosition> positions, List<String> sources,
               List<LoadWarning> warnings, List<LoadProblem> unparsed, long parseChecks, Map<Node, List<Reference>> dangling,
               Map<LiteralAt, SourcePosition> literals) {
        this(dataset, union, positions, sources, warnings, List.of(), unparsed, parseChecks, false, dangling, literals);
    }

    private LoadedSpec(DatasetGraph dataset, Graph union, Map<Node, SourcePosition> positions, List<String> sources,
                       List<LoadWarning> warnings, List<SourceCheck> checks, List<LoadProblem> unparsed, long parseChecks,
                       boolean derived, Map<Node, List<Reference>> dangling, Map<LiteralAt, SourcePosition> literals) {
        this.dataset = new DatasetGraphReadOnly(dataset);
        this.union = new GraphReadOnly(union);
        this.positions = positions;
        this.sources = List.copyOf(sources);
        this.warnings = List.copyOf(warnings);
        this.checks = List.copyOf(checks);
        this.unparsed = List.copyOf(unparsed);
        this.parseChecks = parseChecks;
        this.derived = derived;
        this.dangling = Map.copyOf(dangling);
        this.literals = Map.copyOf(literals);
    }

    /**
     * This spec with triples derived from it (by a dialect) added in their own named graph. A derived node
     * that is not a subject of the sources takes the position of the node it was derived from, so that
     * closure messages still point into the user's files.
     *
     * @param graphName   the IRI of the named graph for the derived triples
     * @param derived     the derived triples
     * @param derivedFrom for derived nodes that are not subjects of the sources: the source node of each
     * @param checks      checks made while deriving, reported by closure validation
     */
    LoadedSpec withDerived(String graphName, Graph derived, Map<Node, Node> derivedFrom, List<SourceCheck> checks) {
        return withDerived(graphName, derived, derivedFrom, checks, Map.of());
    }

    /**
     * This spec with derived triples added (see {@link #withDerived(String, Graph, Map, List)}), and references the
     * derivation made to IRIs no source defines, each with the place in the sources it was made from (a string
     * {@code :owner "TaskOrchestrator"} that became the IRI {@code :TaskOrchestrator}): {@link
     * #referencePosition(Node, Node)} then places a dangling reference there.
     *
     * @param references for each derived object IRI, where its referrers wrote it
     */
    LoadedSpec withDerived(String graphName, Graph derived, Map<Node, Node> derivedFrom, List<SourceCheck> checks,
                           Map<Node, List<Reference>> references) {
        DatasetGraph copy = org.apache.jena.sparql.core.DatasetGraphFactory.createGeneral();
        dataset.listGraphNodes().forEachRemaining(name -> {
            Graph named = org.apache.jena.graph.GraphMemFactory.createDefaultGraph();
            org.apache.jena.graph.GraphUtil.addInto(named, dataset.getGraph(name));
            copy.addGraph(name, named);
        });
        Node name = org.apache.jena.graph.NodeFactory.createURI(graphName);
        Graph mine = org.apache.jena.graph.GraphMemFactory.createDefaultGraph();
        org.apache.jena.graph.GraphUtil.addInto(mine, derived);
        copy.addGraph(name, mine);
        Graph all = org.apache.jena.graph.GraphMemFactory.createDefaultGraph();
        all.getPrefixMapping().setNsPrefixes(union.getPrefixMapping());
        all.getPrefixMapping().setNsPrefixes(derived.getPrefixMapping());
        org.apache.jena.graph.GraphUtil.addInto(all, union);
        org.apache.jena.graph.GraphUtil.addInto(all, derived);
        Map<Node, SourcePosition> where = new java.util.HashMap<>(positions);
        derivedFrom.forEach((node, source) -> {
            SourcePosition p = positions.get(source);
            if (p != null) {
                where.putIfAbsent(node, p);
            }
        });
        List<SourceCheck> allChecks = new java.util.ArrayList<>(this.checks);
        allChecks.addAll(checks);
        List<String> names = new java.util.ArrayList<>(sources);
        names.add(graphName);
        Map<Node, List<Reference>> refs = new java.util.HashMap<>(dangling);
        references.forEach((object, list) -> refs.merge(object, List.copyOf(list), (a, b) -> {
            List<Reference> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        return new LoadedSpec(copy, FrozenGraph.copyOf(all), Map.copyOf(where), names, warnings, allChecks, unparsed, parseChecks, true, refs,
                literals);
    }

    /**
     * Where {@code referrer} refers to {@code object}, when no source defines {@code object} (a dangling reference):
     * the place the object is written in the statement that refers, which may be lines below the referrer's first
     * line. The referrer may hold the reference directly or through blank nodes (a list {@code ( … )}, a
     * {@code [ … ]}). Empty when the object is defined, or the reference is not one the sources make.
     */
    public Optional<SourcePosition> referencePosition(Node referrer, Node object) {
        List<Reference> refs = dangling.get(object);
        if (refs == null) {
            return Optional.empty();
        }
        for (Reference ref : refs) {
            if (heldBy(ref.subject(), referrer)) {
                return Optional.of(ref.position());
            }
        }
        return Optional.empty();
    }

    /**
     * Where {@code referrer} holds the literal {@code literal} as an object, directly or through blank nodes (a
     * list {@code ( … )}, a {@code [ … ]}): the place the literal is written, the first if it holds it twice. Empty
     * unless the loader was told to note {@link SpecLoader#literalPositions(boolean) literal positions}, or when
     * the referrer does not hold that literal.
     */
    public Optional<SourcePosition> literalPosition(Node referrer, Node literal) {
        if (literals.isEmpty() || literal == null || !literal.isLiteral()) {
            return Optional.empty();
        }
        var holders = union.find(Node.ANY, Node.ANY, literal);
        while (holders.hasNext()) {
            Node subject = holders.next().getSubject();
            SourcePosition at = literals.get(new LiteralAt(subject, literal));
            if (at != null && heldBy(subject, referrer)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    /** Whether a node is the referrer or a blank node the referrer holds, through at most a list's length of blank nodes. */
    private boolean heldBy(Node node, Node referrer) {
        Node current = node;
        for (int guard = 0; guard < 10_000; guard++) {
            if (current.equals(referrer)) {
                return true;
            }
            if (!current.isBlank()) {
                return false;
            }
            var in = union.find(Node.ANY, Node.ANY, current);
            if (!in.hasNext()) {
                return false;
            }
            current = in.next().getSubject();
        }
        return false;
    }

    /** Whether triples derived from the sources (by a dialect) were added: the spec was read through a mapping. */
    public boolean derived() {
        return derived;
    }

    /** Checks made while reading the spec (by a dialect); closure validation reports their failures. */
    List<SourceCheck> checks() {
        return checks;
    }

    /**
     * The statements left out because they do not parse, one syntax error each, in source order; empty unless
     * the loader was told to {@link SpecLoader#skipUnparsable(boolean) skip unparsable statements} (otherwise a
     * syntax error fails the load). Closure validation reports each as a violation of {@code source-parses}.
     */
    public List<LoadProblem> unparsed() {
        return unparsed;
    }

    /**
     * How many parse checks the load made, for closure coverage: one per source that parsed whole, one per
     * statement of a source that had to be read statement by statement.
     */
    public long parseChecks() {
        return parseChecks;
    }

    /**
     * Every triple of every source: the spec. Read-only, and kept in a compact form (a table of the distinct nodes,
     * the triples as node numbers), because a plan and a finished run hold it long after the load; a pattern with a
     * concrete node is answered from that node's triples, as in Jena's in-memory graphs.
     */
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
