package io.specgraph.dialect;

import io.specgraph.internal.Reference;
import io.specgraph.load.LoadedSpec;
import io.specgraph.load.SourcePosition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

/**
 * Finds back the strings a dialect made references of. A dialect turns {@code :owner "TaskOrchestrator"} into the
 * IRI {@code :TaskOrchestrator}, or the ids of {@code :after "s1, s9"} into {@code :s1} and {@code :s9}, with plain
 * SPARQL ({@code IRI(CONCAT(…, ENCODE_FOR_URI(?owner)))}), so nothing records which string an IRI came from. When
 * such an IRI names nothing the spec defines, the user has to be shown the string: this looks for it among the
 * literals the referring source subject holds (directly or in a list), as the whole string or as one id of an id
 * list ({@link IdList}), and gives the place it is written.
 */
final class StringReferences {
    /** Blank nodes followed below a subject: enough for lists of any length a spec writes by hand, bounded for hostile ones. */
    private static final int MAX_HELD = 100_000;

    private StringReferences() {}

    /**
     * For each IRI the dialect produced as an object that nothing defines (neither the sources nor the dialect's
     * output describe it) and that the sources never write as an IRI: where the referring subject writes the
     * string it was made from. References whose string cannot be found are left out (they stay at the subject).
     *
     * @param source      the spec as loaded (its literal positions noted)
     * @param produced    the dialect's output
     * @param derivedFrom for produced subjects that are not source subjects: the source subject each came from
     * @param own         whether an IRI is in a namespace of the spec's own things (vocabulary terms never are)
     */
    static Map<Node, List<Reference>> find(LoadedSpec source, Graph produced, Map<Node, Node> derivedFrom, Predicate<Node> own) {
        Graph data = source.union();
        Map<Node, List<Reference>> out = new HashMap<>();
        Map<Node, List<Node>> literalsOf = new HashMap<>();
        produced.find().forEachRemaining(t -> {
            Node o = t.getObject();
            if (!o.isURI() || !own.test(o) || data.contains(o, Node.ANY, Node.ANY) || produced.contains(o, Node.ANY, Node.ANY)) {
                return;
            }
            Node s = t.getSubject();
            Node owner = data.contains(s, Node.ANY, Node.ANY) ? s : derivedFrom.get(s);
            if (owner == null || source.referencePosition(owner, o).isPresent()) {
                return; // not from a source subject, or written as an IRI there: the loader already knows where
            }
            String name = localName(o.getURI());
            for (Node literal : literalsOf.computeIfAbsent(owner, n -> heldLiterals(data, n))) {
                if (names(literal.getLiteralLexicalForm(), name)) {
                    SourcePosition at = source.literalPosition(owner, literal).orElse(null);
                    if (at != null) {
                        out.computeIfAbsent(o, x -> new ArrayList<>()).add(new Reference(s, at));
                        return;
                    }
                }
            }
        });
        return out;
    }

    /** Whether a string names an IRI's local name: as the whole string, or as one id of an id list. */
    private static boolean names(String text, String name) {
        if (text.equals(name) || text.strip().equals(name)) {
            return true;
        }
        return IdList.split(text) instanceof Parsed.Ok<List<String>> ok && ok.value().contains(name);
    }

    /** The literals a subject holds, directly or through blank nodes (lists, {@code [ … ]}), in no particular order. */
    private static List<Node> heldLiterals(Graph data, Node subject) {
        List<Node> literals = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        List<Node> todo = new ArrayList<>(List.of(subject));
        while (!todo.isEmpty() && seen.size() < MAX_HELD) {
            Node n = todo.remove(todo.size() - 1);
            if (!seen.add(n)) {
                continue;
            }
            for (Triple t : data.find(n, Node.ANY, Node.ANY).toList()) {
                if (t.getObject().isLiteral()) {
                    literals.add(t.getObject());
                } else if (t.getObject().isBlank()) {
                    todo.add(t.getObject());
                }
            }
        }
        return literals;
    }

    /** The part of an IRI after its last {@code /} or {@code #}, percent-decoded as ENCODE_FOR_URI encoded it. */
    private static String localName(String iri) {
        String local = iri.substring(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
        try {
            return URLDecoder.decode(local.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return local; // a stray '%': the IRI was not made by ENCODE_FOR_URI, compare it as written
        }
    }
}
