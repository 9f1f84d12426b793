package io.specgraph.plan;

import io.specgraph.internal.Iris;
import io.specgraph.internal.Timings;
import io.specgraph.load.LoadedSpec;
import io.specgraph.load.SourcePosition;
import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * Reads the plan's records out of a spec's union graph. Lists come out in a stable order (resources by
 * where they are written, values by their text), so the same spec always gives the same plan.
 */
final class SpecReader {
    private final LoadedSpec spec;
    private final Graph g;
    private final List<String> warnings;
    // The deriver reads a record's properties one after another: one find per record instead of one per
    // property (a 100k-task spec has about 15 properties per task).
    private Node cachedSubject;
    private Map<Node, List<Node>> cachedProperties = Map.of();

    SpecReader(LoadedSpec spec, List<String> warnings) {
        this.spec = spec;
        this.g = spec.union();
        this.warnings = warnings;
    }

    /** Subjects typed with the class, in the order they are written (source, line), then by IRI. */
    List<Node> instances(Node type) {
        List<Node> out = new ArrayList<>(g.find(Node.ANY, RDF.type.asNode(), type).mapWith(Triple::getSubject).toSet());
        out.removeIf(n -> !n.isURI());
        // each node's place is looked up once, not once per comparison
        Map<Node, Long> place = new HashMap<>();
        List<String> sources = spec.sources();
        for (Node n : out) {
            SourcePosition p = spec.positionOf(n).orElse(null);
            place.put(n, p == null ? Long.MAX_VALUE : sources.indexOf(p.source()) * 10_000_000_000L + p.line() * 10_000L + p.column());
        }
        out.sort(Comparator.comparingLong((Node n) -> place.get(n)).thenComparing((Node n) -> n.toString()));
        return out;
    }

    private List<Node> raw(Node s, Node p) {
        if (!s.equals(cachedSubject)) {
            Map<Node, List<Node>> properties = new HashMap<>();
            g.find(s, Node.ANY, Node.ANY).forEachRemaining(
                    t -> properties.computeIfAbsent(t.getPredicate(), k -> new ArrayList<>(1)).add(t.getObject()));
            cachedSubject = s;
            cachedProperties = properties;
        }
        return cachedProperties.getOrDefault(p, List.of());
    }

    List<Node> objects(Node s, Node p) {
        List<Node> out = raw(s, p);
        if (out.size() > 1) {
            out = new ArrayList<>(out);
            out.sort(Comparator.comparing(SpecReader::text));
        }
        return out;
    }

    List<String> iris(Node s, Node p) {
        return objects(s, p).stream().filter(Node::isURI).map(Node::getURI).toList();
    }

    List<String> strings(Node s, Node p) {
        return objects(s, p).stream().map(SpecReader::text).toList();
    }

    Node one(Node s, Node p) {
        List<Node> values = raw(s, p);
        return values.isEmpty() ? null : values.get(0);
    }

    String iri(Node s, Node p) {
        Node o = one(s, p);
        return o != null && o.isURI() ? o.getURI() : null;
    }

    String string(Node s, Node p) {
        Node o = one(s, p);
        return o == null ? null : text(o);
    }

    int integer(Node s, Node p, int fallback) {
        Node o = one(s, p);
        if (o == null || !o.isLiteral()) {
            return fallback;
        }
        try {
            return Integer.parseInt(o.getLiteralLexicalForm().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    BigDecimal decimal(Node s, Node p) {
        Node o = one(s, p);
        if (o == null || !o.isLiteral()) {
            return null;
        }
        try {
            return new BigDecimal(o.getLiteralLexicalForm().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A duration as {@link Timings} reads it: null when absent or refused (the closure report says why, and
     * so does a plan warning); a value read with a warning is used as read.
     */
    Duration duration(Node s, Node p, Timings.Use use) {
        return duration(s, p, use, true);
    }

    /** As {@link #duration(Node, Node, Timings.Use)}, adding the warning about a bad value only when {@code warn}. */
    Duration duration(Node s, Node p, Timings.Use use, boolean warn) {
        Node o = one(s, p);
        if (o == null) {
            return null;
        }
        if (!warn) {
            return Timings.duration(o, use).value();
        }
        return used(s, p, o, Timings.duration(o, use),
                use == Timings.Use.TIMEOUT ? "no timeout is set" : "its duration is unknown");
    }

    /** The retry count as {@link Timings} reads it; null when absent or refused (then the task is not retried). */
    Integer retries(Node s) {
        Node o = one(s, SG.retries);
        return o == null ? null : used(s, SG.retries, o, Timings.retries(o), "the task is not retried");
    }

    private <T> T used(Node s, Node p, Node value, Timings.Reading<T> reading, String whenRefused) {
        if (reading.problem() != null) {
            warnings.add(label(s) + ": " + shortName(p) + " " + Timings.show(value) + ", which " + reading.problem()
                    + (reading.refused() ? "; " + whenRefused : ""));
        }
        return reading.value();
    }

    String label(Node s) {
        String label = string(s, RDFS.label.asNode());
        return label != null ? label : localName(s);
    }

    static String localName(Node n) {
        if (!n.isURI()) {
            return n.toString();
        }
        return Iris.localName(n.getURI());
    }

    private static String shortName(Node p) {
        return p.getURI().startsWith(SG.NS) ? "sg:" + p.getURI().substring(SG.NS.length()) : "<" + p.getURI() + ">";
    }

    static String text(Node n) {
        if (n.isLiteral()) {
            return n.getLiteralLexicalForm();
        }
        return n.isURI() ? n.getURI() : n.toString();
    }
}
