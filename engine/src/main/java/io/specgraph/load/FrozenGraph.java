package io.specgraph.load;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NiceIterator;
import org.apache.jena.util.iterator.NullIterator;

/**
 * A read-only copy of a graph in a compact form: every distinct node once in a table, each triple as three node
 * numbers, and for each of subject, predicate and object the triples grouped by that node (arrays of triple
 * numbers, counting-sorted). It keeps no {@link Triple} objects and no per-node hash buckets, which is what makes
 * Jena's in-memory graphs large: a loaded spec's graph outlives the load (a plan and a finished run read it), so
 * it is kept in this form (issue 11: 100k tasks, 800k triples).
 *
 * <p>A pattern with concrete nodes is answered from the smallest of their groups, filtered by the other positions;
 * a pattern without a concrete node walks every triple in the order the source graph gave them.
 * Nodes match by term equality ({@link Node#equals}), as in Jena's in-memory graphs. Adding and deleting are
 * refused.
 */
final class FrozenGraph extends GraphBase {
    private static final int NONE = -1;

    private final Node[] nodes;
    /** Open addressing over node numbers plus one (0 = empty slot), for finding a pattern's node. */
    private final int[] table;
    private final int[] subjects;
    private final int[] predicates;
    private final int[] objects;
    private final Index bySubject;
    private final Index byPredicate;
    private final Index byObject;

    /** Triple numbers grouped by the node in one position: the group of node n is order[start[n] .. start[n+1]). */
    private record Index(int[] start, int[] order) {
        static Index of(int[] column, int nodeCount) {
            int[] start = new int[nodeCount + 1];
            for (int n : column) {
                start[n + 1]++;
            }
            for (int n = 0; n < nodeCount; n++) {
                start[n + 1] += start[n];
            }
            int[] next = java.util.Arrays.copyOf(start, nodeCount);
            int[] order = new int[column.length];
            for (int t = 0; t < column.length; t++) {
                order[next[column[t]]++] = t;
            }
            return new Index(start, order);
        }

        /** How many triples have node n in this position. */
        int size(int n) {
            return start[n + 1] - start[n];
        }
    }

    private FrozenGraph(Graph source) {
        long size = source.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a graph of " + size + " triples is too large to freeze");
        }
        int count = (int) size;
        subjects = new int[count];
        predicates = new int[count];
        objects = new int[count];
        Map<Node, Integer> numbers = new HashMap<>();
        java.util.List<Node> inOrder = new java.util.ArrayList<>();
        int[] t = {0};
        source.find().forEachRemaining(triple -> {
            int i = t[0]++;
            subjects[i] = number(triple.getSubject(), numbers, inOrder);
            predicates[i] = number(triple.getPredicate(), numbers, inOrder);
            objects[i] = number(triple.getObject(), numbers, inOrder);
        });
        if (t[0] != count) {
            throw new IllegalStateException("the source graph changed while it was frozen");
        }
        nodes = inOrder.toArray(new Node[0]);
        table = new int[Integer.highestOneBit(Math.max(2, nodes.length) * 2) * 2];
        for (int n = 0; n < nodes.length; n++) {
            int slot = slot(nodes[n]);
            while (table[slot] != 0) {
                slot = (slot + 1) & (table.length - 1);
            }
            table[slot] = n + 1;
        }
        bySubject = Index.of(subjects, nodes.length);
        byPredicate = Index.of(predicates, nodes.length);
        byObject = Index.of(objects, nodes.length);
        getPrefixMapping().setNsPrefixes(source.getPrefixMapping());
    }

    /** A frozen copy of {@code source} (its triples and prefixes as they are now). */
    static FrozenGraph copyOf(Graph source) {
        return new FrozenGraph(source);
    }

    private static int number(Node node, Map<Node, Integer> numbers, java.util.List<Node> inOrder) {
        Integer known = numbers.get(node);
        if (known != null) {
            return known;
        }
        int n = inOrder.size();
        inOrder.add(node);
        numbers.put(node, n);
        return n;
    }

    private int slot(Node node) {
        int h = node.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (table.length - 1);
    }

    /** The node's number, or NONE when no triple has it. */
    private int numberOf(Node node) {
        for (int slot = slot(node); table[slot] != 0; slot = (slot + 1) & (table.length - 1)) {
            if (nodes[table[slot] - 1].equals(node)) {
                return table[slot] - 1;
            }
        }
        return NONE;
    }

    @Override
    protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
        Node s = pattern.getSubject();
        Node p = pattern.getPredicate();
        Node o = pattern.getObject();
        // a node that is not concrete (ANY, a variable) matches anything, as in Jena's in-memory graphs
        boolean anyS = s == null || !s.isConcrete();
        boolean anyP = p == null || !p.isConcrete();
        boolean anyO = o == null || !o.isConcrete();
        int sn = anyS ? NONE : numberOf(s);
        int pn = anyP ? NONE : numberOf(p);
        int on = anyO ? NONE : numberOf(o);
        if ((!anyS && sn == NONE) || (!anyP && pn == NONE) || (!anyO && on == NONE)) {
            return NullIterator.instance();
        }
        // walk the smallest group among the concrete positions, filtering by the others: (?, rdf:type, sg:Task) and
        // (?, sg:rare, "true") alike read the fewer triples
        Index walk = null;
        int node = NONE;
        if (!anyS) {
            walk = bySubject;
            node = sn;
        }
        if (!anyO && (walk == null || byObject.size(on) < walk.size(node))) {
            walk = byObject;
            node = on;
        }
        if (!anyP && (walk == null || byPredicate.size(pn) < walk.size(node))) {
            walk = byPredicate;
            node = pn;
        }
        if (walk == null) {
            return new Matches(null, 0, subjects.length, NONE, NONE, NONE);
        }
        return new Matches(walk.order(), walk.start()[node], walk.start()[node + 1], sn, pn, on);
    }

    @Override
    protected int graphBaseSize() {
        return subjects.length;
    }

    /** The triples at order[from .. to) (or from .. to itself, when order is null) that have the given numbers. */
    private final class Matches extends NiceIterator<Triple> {
        private final int[] order;
        private final int to;
        private final int sn;
        private final int pn;
        private final int on;
        private int at;
        private int found = NONE;

        Matches(int[] order, int from, int to, int sn, int pn, int on) {
            this.order = order;
            this.at = from;
            this.to = to;
            this.sn = sn;
            this.pn = pn;
            this.on = on;
        }

        @Override
        public boolean hasNext() {
            while (found == NONE && at < to) {
                int t = order == null ? at : order[at];
                at++;
                if ((sn == NONE || subjects[t] == sn) && (pn == NONE || predicates[t] == pn)
                        && (on == NONE || objects[t] == on)) {
                    found = t;
                }
            }
            return found != NONE;
        }

        @Override
        public Triple next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int t = found;
            found = NONE;
            return Triple.create(nodes[subjects[t]], nodes[predicates[t]], nodes[objects[t]]);
        }
    }
}
