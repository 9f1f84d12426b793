package io.specgraph.load;

import io.specgraph.internal.Iris;
import io.specgraph.vocab.SG;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;

/**
 * Finds the mistakes that make part of a spec silently vanish because it is not written in specgraph's
 * vocabulary after all: a term of the {@code sg:} namespace that the vocabulary does not define
 * ({@code sg:ndsOn}), a namespace a typo away from {@code sg:}'s ({@code https://w3id.org/specgraf#},
 * {@code http://…}, a {@code /} for the {@code #}), and a file that says nothing about any specgraph subject.
 * Each would otherwise leave a spec that validates as closed while whole tasks and gates are missing.
 */
final class VocabularyCheck {
    /** Unknown terms reported one by one per source; more are summed up in one warning. */
    private static final int MAX_TERMS_PER_SOURCE = 10;
    /** specgraph's namespace without scheme, {@code www.}, case or final separator: what near misses are measured from. */
    private static final String CORE = normalize(SG.NS);
    private static final Node TYPE = RDF.type.asNode();

    private VocabularyCheck() {}

    /**
     * One parsed source.
     *
     * @param name        the source's name
     * @param graph       its triples and prefixes
     * @param sgTerms     where each IRI of the {@code sg:} namespace was first read in it
     * @param declared    where each namespace declared by a prefix directive was first declared
     */
    record Source(String name, Graph graph, Map<Node, SourcePosition> sgTerms, Map<String, SourcePosition> declared) {}

    /**
     * Checks every source of a spec.
     *
     * @param sources        the sources in load order
     * @param union          the whole spec, to see whether a subject is a specgraph subject in another file
     * @param positions      where each subject first appears
     * @param coreVocabulary whether the sources are meant to be written in specgraph's vocabulary (not when a
     *                       dialect maps them): then a source without any specgraph subject is suspicious
     */
    static List<LoadWarning> check(List<Source> sources, Graph union, Map<Node, SourcePosition> positions,
                                   boolean coreVocabulary) {
        List<LoadWarning> warnings = new ArrayList<>();
        for (Source source : sources) {
            unknownTerms(source, warnings);
            nearMisses(source, positions, warnings);
            if (coreVocabulary) {
                noSpecgraphSubject(source, union, positions, warnings);
            }
        }
        return warnings;
    }

    private static void unknownTerms(Source source, List<LoadWarning> warnings) {
        List<Map.Entry<Node, SourcePosition>> unknown = source.sgTerms().entrySet().stream()
                .filter(e -> !Vocabulary.isKnown(e.getKey().getURI()))
                .sorted(Comparator.comparingLong((Map.Entry<Node, SourcePosition> e) -> e.getValue().line())
                        .thenComparingLong(e -> e.getValue().column()).thenComparing(e -> e.getKey().getURI()))
                .toList();
        for (int i = 0; i < Math.min(unknown.size(), MAX_TERMS_PER_SOURCE); i++) {
            Node term = unknown.get(i).getKey();
            String local = term.getURI().substring(SG.NS.length());
            StringBuilder text = new StringBuilder(Shown.name(shortForm(source.graph(), term)))
                    .append(" is not a term of the specgraph vocabulary <").append(SG.NS)
                    .append(">, so specgraph ignores what it says");
            // a name far longer than every term cannot be like one (Typos.nearest skips it, unread)
            Typos.nearest(local, Vocabulary.localNames()).ifPresentOrElse(
                    known -> text.append("; did you mean ")
                            .append(shortForm(source.graph(), org.apache.jena.graph.NodeFactory.createURI(SG.NS + known)))
                            .append('?'),
                    () -> text.append("; the terms are listed in the README (\"Writing a spec\")"));
            warnings.add(LoadWarning.at(LoadWarning.Kind.UNKNOWN_TERM, unknown.get(i).getValue(), text.toString()));
        }
        if (unknown.size() > MAX_TERMS_PER_SOURCE) {
            warnings.add(LoadWarning.at(LoadWarning.Kind.UNKNOWN_TERM, unknown.get(MAX_TERMS_PER_SOURCE).getValue(),
                    (unknown.size() - MAX_TERMS_PER_SOURCE) + " more terms of the sg: namespace that the vocabulary"
                            + " does not define, from here on"));
        }
    }

    private static void nearMisses(Source source, Map<Node, SourcePosition> positions, List<LoadWarning> warnings) {
        Map<String, Boolean> verdicts = new HashMap<>();
        // near-miss namespace -> its terms used here, and the first subject of a triple using one
        Map<String, Set<String>> terms = new LinkedHashMap<>();
        Map<String, Node> firstSubject = new HashMap<>();
        Set<Node> done = new HashSet<>();
        for (Triple t : (Iterable<Triple>) () -> source.graph().find()) {
            for (Node n : new Node[] {t.getSubject(), t.getPredicate(), t.getObject()}) {
                if (!n.isURI() || n.getURI().startsWith(SG.NS) || !done.add(n)) {
                    continue;
                }
                String iri = n.getURI();
                String namespace = nearMissNamespace(iri, verdicts);
                if (namespace != null) {
                    Set<String> names = terms.computeIfAbsent(namespace, k -> new TreeSet<>());
                    if (names.size() < 1000) {
                        names.add(iri.substring(namespace.length()));
                    }
                    firstSubject.putIfAbsent(namespace, t.getSubject());
                }
            }
        }
        terms.forEach((namespace, names) -> {
            String label = source.graph().getPrefixMapping().getNsURIPrefix(namespace);
            SourcePosition declared = source.declared().get(namespace);
            SourcePosition at = declared != null ? declared : positions.get(firstSubject.get(namespace));
            StringBuilder text = new StringBuilder("the namespace <").append(Shown.name(namespace)).append('>');
            if (label != null) {
                text.append(" (prefix ").append(Shown.name(label)).append(":)");
            }
            text.append(" is a typo away from specgraph's <").append(SG.NS).append(">: its ")
                    .append(names.size()).append(names.size() == 1 ? " term" : " terms").append(" here (")
                    .append(String.join(", ", names.stream().limit(3).map(Shown::name).toList()))
                    .append(names.size() > 3 ? ", …" : "")
                    .append(") mean nothing to specgraph, so every task, gate or link written with them is ignored;")
                    .append(" if specgraph's terms are meant, declare <").append(SG.NS).append('>');
            if (label != null) {
                text.append(" as ").append(Shown.name(label)).append(':');
            }
            String message = text.toString();
            warnings.add(at != null ? LoadWarning.at(LoadWarning.Kind.NAMESPACE_NEAR_MISS, at, message)
                    : new LoadWarning(LoadWarning.Kind.NAMESPACE_NEAR_MISS, source.name(), null, message));
        });
    }

    /** The namespace of the IRI when it is a near miss of specgraph's, else null. */
    private static String nearMissNamespace(String iri, Map<String, Boolean> verdicts) {
        int start = Iris.localNameStart(iri);
        if (start > 0) {
            String namespace = iri.substring(0, start);
            if (verdicts.computeIfAbsent(namespace, VocabularyCheck::isNearMiss)) {
                return namespace;
            }
        }
        // the separator forgotten: <https://w3id.org/specgraph> as prefix gives <https://w3id.org/specgraphTask>
        int at = iri.indexOf("://") + 3;
        if (at > 3 && iri.length() > at + CORE.length() && iri.regionMatches(true, at, CORE, 0, CORE.length())
                && Character.isLetter(iri.charAt(at + CORE.length()))) {
            return iri.substring(0, at + CORE.length());
        }
        return null;
    }

    /** A namespace within two edits of specgraph's once scheme, {@code www.}, case and final separator are set aside. */
    static boolean isNearMiss(String namespace) {
        if (namespace.equals(SG.NS) || namespace.length() < CORE.length() - 2 || namespace.length() > SG.NS.length() + 16) {
            return false;
        }
        return Typos.distance(normalize(namespace), CORE, 2) <= 2;
    }

    private static String normalize(String namespace) {
        String s = namespace.toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        if (s.startsWith("www.")) {
            s = s.substring(4);
        }
        while (s.endsWith("#") || s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static void noSpecgraphSubject(Source source, Graph union, Map<Node, SourcePosition> positions,
                                           List<LoadWarning> warnings) {
        Graph graph = source.graph();
        if (graph.isEmpty()) {
            warnings.add(LoadWarning.at(LoadWarning.Kind.NO_SPECGRAPH_SUBJECT, new SourcePosition(source.name(), 1, 0),
                    "the file holds no statement, so it declares no specgraph subject; remove it, or fill it"));
            return;
        }
        Set<Node> subjects = new HashSet<>();
        for (Triple t : (Iterable<Triple>) () -> graph.find()) {
            if (isCore(t.getPredicate()) || t.getPredicate().equals(TYPE) && isCore(t.getObject())) {
                return;
            }
            subjects.add(t.getSubject());
        }
        for (Node s : subjects) {
            if (isSpecgraphSubject(s, union)) {
                return;
            }
        }
        SourcePosition first = subjects.stream().map(positions::get)
                .filter(p -> p != null && p.source().equals(source.name()))
                .min(Comparator.comparingLong(SourcePosition::line).thenComparingLong(SourcePosition::column))
                .orElse(new SourcePosition(source.name(), 1, 0));
        warnings.add(LoadWarning.at(LoadWarning.Kind.NO_SPECGRAPH_SUBJECT, first,
                "the file declares no specgraph subject (of the " + subjects.size()
                        + (subjects.size() == 1 ? " subject" : " subjects")
                        + " in it, none has an sg: type or property, or is the value of one), so nothing in it is part of the spec;"
                        + " check its prefixes (specgraph's namespace is <" + SG.NS + ">), or read a spec written"
                        + " in another vocabulary through a dialect (--dialect)"));
    }

    /** Typed with or described by an sg: term anywhere in the spec, or referred to by an sg: property. */
    private static boolean isSpecgraphSubject(Node subject, Graph union) {
        for (Triple t : (Iterable<Triple>) () -> union.find(subject, Node.ANY, Node.ANY)) {
            if (isCore(t.getPredicate()) || t.getPredicate().equals(TYPE) && isCore(t.getObject())) {
                return true;
            }
        }
        for (Triple t : (Iterable<Triple>) () -> union.find(Node.ANY, Node.ANY, subject)) {
            if (isCore(t.getPredicate())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCore(Node node) {
        return node.isURI() && node.getURI().startsWith(SG.NS);
    }

    private static String shortForm(Graph graph, Node term) {
        String iri = term.getURI();
        String shortForm = graph.getPrefixMapping().shortForm(iri);
        return shortForm.equals(iri) ? "<" + iri + ">" : shortForm;
    }
}
