package io.specgraph.load;

import io.specgraph.vocab.SG;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * The terms of the specgraph vocabulary, read from {@code shapes/specgraph.ttl} as packaged in the engine
 * jar ({@link SG#VOCABULARY_RESOURCE}): the one definition of what an {@code sg:} term is, so that a term
 * added to the vocabulary is known here without a second list to keep in step.
 */
final class Vocabulary {
    private Vocabulary() {}

    /** Parsed once per JVM: the vocabulary comes from the jar and never changes. */
    private static final class Holder {
        static final Set<String> LOCAL_NAMES = read();
    }

    /** The local names of every term of the vocabulary ({@code Task}, {@code dependsOn}, …), sorted. */
    static Set<String> localNames() {
        return Holder.LOCAL_NAMES;
    }

    /** Whether the IRI is a term the vocabulary defines or mentions. */
    static boolean isKnown(String iri) {
        return iri.startsWith(SG.NS) && Holder.LOCAL_NAMES.contains(iri.substring(SG.NS.length()));
    }

    private static Set<String> read() {
        Graph graph = GraphFactory.createDefaultGraph();
        try (InputStream in = Vocabulary.class.getResourceAsStream("/" + SG.VOCABULARY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar lacks " + SG.VOCABULARY_RESOURCE
                        + "; it is copied from shapes/ by the build");
            }
            RDFParser.source(in).lang(Lang.TURTLE).parse(graph);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        for (Triple t : (Iterable<Triple>) () -> graph.find()) {
            add(t.getSubject(), names);
            add(t.getPredicate(), names);
            add(t.getObject(), names);
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    private static void add(Node node, Set<String> names) {
        if (node.isURI() && node.getURI().startsWith(SG.NS) && node.getURI().length() > SG.NS.length()) {
            names.add(node.getURI().substring(SG.NS.length()));
        }
    }
}
