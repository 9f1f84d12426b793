package io.specgraph.load;

import io.specgraph.internal.Iris;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Graph;

/**
 * Finds one local name used under two namespaces in different files of one spec: {@code :Build} in
 * plan.ttl and {@code ex:Build} in entities.ttl. That is almost always a prefix typo, and it silently cuts
 * the spec into two halves that never reference each other.
 */
final class NamespaceSplitCheck {
    /**
     * Shared vocabularies (and specgraph's own), whose terms legitimately share local names with each other
     * (dc:title, dcterms:title) and with a spec's own names (:label, :Task): never one half of a split.
     */
    private static final Set<String> WELL_KNOWN = Set.of(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#",
            "http://www.w3.org/2001/XMLSchema#",
            "http://www.w3.org/ns/shacl#",
            "http://www.w3.org/ns/prov#",
            "http://www.w3.org/2004/02/skos/core#",
            "http://purl.org/dc/terms/",
            "http://purl.org/dc/elements/1.1/",
            "http://purl.org/net/p-plan#",
            "http://xmlns.com/foaf/0.1/",
            "https://schema.org/",
            "http://schema.org/",
            io.specgraph.vocab.SG.NS);

    private NamespaceSplitCheck() {}

    /** Where a namespace's variant of a local name was first seen. */
    private record Sighting(String graph, SourcePosition position) {}

    /** Checks the graphs of one spec, given by source name in load order (so "first seen" means first in the sources). */
    static List<LoadWarning> check(Map<String, Graph> graphsInLoadOrder, Map<Node, SourcePosition> positions) {
        // local name -> namespace -> first sighting; insertion order keeps the output deterministic
        Map<String, Map<String, Sighting>> seen = new LinkedHashMap<>();
        // an IRI is split into namespace and local name once per graph, not once per triple it appears in
        graphsInLoadOrder.forEach((source, graph) -> {
            // each IRI's earliest place in this graph (found in no particular order), then split once
            Map<Node, SourcePosition> earliest = new LinkedHashMap<>();
            Set<Node> positionless = new HashSet<>();
            graph.find().forEachRemaining(t -> {
                SourcePosition at = positions.get(t.getSubject());
                for (Node n : new Node[] {t.getSubject(), t.getPredicate(), t.getObject()}) {
                    if (!n.isURI()) {
                        continue;
                    }
                    if (at == null) {
                        positionless.add(n);
                    } else {
                        earliest.merge(n, at, NamespaceSplitCheck::earlier);
                    }
                }
            });
            positionless.removeAll(earliest.keySet());
            positionless.forEach(n -> earliest.put(n, null));
            earliest.forEach((n, at) -> record(n, source, at, seen));
        });
        List<LoadWarning> warnings = new ArrayList<>();
        seen.forEach((local, all) -> {
            // a shared vocabulary's term is never one of the two halves: :label beside rdfs:label is no typo
            Map<String, Sighting> byNamespace = new LinkedHashMap<>(all);
            byNamespace.keySet().removeIf(WELL_KNOWN::contains);
            if (byNamespace.size() < 2) {
                return;
            }
            long graphsInvolved = byNamespace.values().stream().map(Sighting::graph).distinct().count();
            if (graphsInvolved < 2) {
                return;
            }
            StringBuilder text = new StringBuilder("the name \"").append(Shown.name(local)).append("\" is used under ")
                    .append(byNamespace.size()).append(" namespaces:");
            SourcePosition first = null;
            String firstSource = null;
            for (var entry : byNamespace.entrySet()) {
                SourcePosition at = entry.getValue().position();
                // each part cut on its own, so that the namespaces, which tell the IRIs apart, stay in view
                text.append(" <").append(Shown.name(entry.getKey())).append(Shown.name(local)).append(">");
                if (at != null) {
                    text.append(" (").append(at.location()).append(")");
                    first = first == null ? at : first;
                }
                firstSource = firstSource == null ? entry.getValue().graph() : firstSource;
            }
            text.append("; if they mean the same thing, use one namespace (check the @prefix lines of each file)");
            warnings.add(new LoadWarning(LoadWarning.Kind.NAMESPACE_SPLIT,
                    first != null ? first.source() : firstSource, first, text.toString()));
        });
        // in the order of the files, then of the lines, as a reader goes through the spec
        List<String> sources = new ArrayList<>(graphsInLoadOrder.keySet());
        warnings.sort(java.util.Comparator.comparingInt((LoadWarning w) -> sources.indexOf(w.source()))
                .thenComparingLong(w -> w.position() == null ? Long.MAX_VALUE : w.position().line())
                .thenComparingLong(w -> w.position() == null ? Long.MAX_VALUE : w.position().column()));
        return warnings;
    }

    private static SourcePosition earlier(SourcePosition a, SourcePosition b) {
        int c = Long.compare(b.line(), a.line());
        return c < 0 || (c == 0 && b.column() < a.column()) ? b : a;
    }

    private static void record(Node n, String graph, SourcePosition at, Map<String, Map<String, Sighting>> seen) {
        String iri = n.getURI();
        int start = Iris.localNameStart(iri);
        if (start < 0) {
            return;
        }
        // graphs are read in load order: a namespace's first sighting is in the first graph that uses it
        seen.computeIfAbsent(iri.substring(start), k -> new LinkedHashMap<>())
                .putIfAbsent(iri.substring(0, start), new Sighting(graph, at));
    }
}
