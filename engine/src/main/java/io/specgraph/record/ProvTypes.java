package io.specgraph.record;

import io.specgraph.vocab.SG;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDFS;

/**
 * The PROV-O classes a record states beside its own: a PROV tool that does no RDFS reasoning (python's prov
 * library, most PROV viewers) sees only the types written down, so every activity, agent and entity of a record
 * is typed with its PROV class explicitly.
 *
 * <p>The PROV classes of an {@code sg:} class come from the vocabulary ({@code shapes/specgraph.ttl}, as packaged
 * in the engine jar): a record class added there with {@code rdfs:subClassOf} some PROV class is typed with it
 * without a change here. The nodes a record only points at (the agent of an attempt, the gate an evaluation used)
 * are typed by the range PROV-O gives the property pointing at them.
 */
final class ProvTypes {
    static final String PROV = RunRecorder.PROV;

    /**
     * The ranges PROV-O (W3C Recommendation, 30 April 2013) declares for its relations whose objects a record
     * may name without describing them; the classes are the starting-point and qualified classes of PROV-O.
     */
    private static final Map<String, String> RANGES = Map.ofEntries(
            Map.entry("wasAssociatedWith", "Agent"),
            Map.entry("wasAttributedTo", "Agent"),
            Map.entry("actedOnBehalfOf", "Agent"),
            Map.entry("agent", "Agent"),
            Map.entry("used", "Entity"),
            Map.entry("wasDerivedFrom", "Entity"),
            Map.entry("wasInvalidatedBy", "Activity"),
            Map.entry("wasGeneratedBy", "Activity"),
            Map.entry("wasInformedBy", "Activity"),
            Map.entry("hadActivity", "Activity"),
            Map.entry("activity", "Activity"),
            Map.entry("entity", "Entity"),
            Map.entry("hadPlan", "Plan"),
            Map.entry("hadRole", "Role"),
            Map.entry("qualifiedAssociation", "Association"),
            Map.entry("qualifiedUsage", "Usage"),
            Map.entry("qualifiedGeneration", "Generation"),
            Map.entry("qualifiedStart", "Start"),
            Map.entry("qualifiedEnd", "End"),
            Map.entry("qualifiedCommunication", "Communication"),
            Map.entry("qualifiedDelegation", "Delegation"),
            Map.entry("qualifiedAttribution", "Attribution"),
            Map.entry("qualifiedDerivation", "Derivation"));

    private ProvTypes() {}

    /** Parsed once per JVM: the vocabulary comes from the jar and never changes. */
    private static final class Holder {
        static final Map<Node, List<Node>> CLASSES = provSuperclasses(readVocabulary());
    }

    /** The PROV classes of an {@code sg:} class (all its PROV superclasses); empty for a class PROV does not know. */
    static List<Node> of(Node sgClass) {
        return Holder.CLASSES.getOrDefault(sgClass, List.of());
    }

    /** The PROV class PROV-O gives the objects of a PROV property, or null when it is not one of them. */
    static Node rangeOf(Node property) {
        String iri = property.getURI();
        if (!iri.startsWith(PROV)) {
            return null;
        }
        String range = RANGES.get(iri.substring(PROV.length()));
        return range == null ? null : NodeFactory.createURI(PROV + range);
    }

    private static Graph readVocabulary() {
        Graph graph = GraphFactory.createDefaultGraph();
        try (InputStream in = ProvTypes.class.getResourceAsStream("/" + SG.VOCABULARY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar lacks " + SG.VOCABULARY_RESOURCE
                        + "; it is copied from shapes/ by the build");
            }
            RDFParser.source(in).lang(Lang.TURTLE).parse(graph);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** For every sg: class, the PROV classes reachable by rdfs:subClassOf, in the order they are met. */
    private static Map<Node, List<Node>> provSuperclasses(Graph vocabulary) {
        Map<Node, List<Node>> result = new HashMap<>();
        for (Triple t : vocabulary.find(Node.ANY, RDFS.subClassOf.asNode(), Node.ANY).toList()) {
            Node sgClass = t.getSubject();
            if (!sgClass.isURI() || !sgClass.getURI().startsWith(SG.NS) || result.containsKey(sgClass)) {
                continue;
            }
            List<Node> prov = new ArrayList<>();
            Set<Node> seen = new HashSet<>();
            Deque<Node> todo = new ArrayDeque<>(List.of(sgClass));
            while (!todo.isEmpty()) {
                for (Triple up : vocabulary.find(todo.pop(), RDFS.subClassOf.asNode(), Node.ANY).toList()) {
                    Node superclass = up.getObject();
                    if (superclass.isURI() && seen.add(superclass)) {
                        if (superclass.getURI().startsWith(PROV)) {
                            prov.add(superclass);
                        }
                        todo.push(superclass);
                    }
                }
            }
            if (!prov.isEmpty()) {
                result.put(sgClass, List.copyOf(prov));
            }
        }
        return Map.copyOf(result);
    }
}
