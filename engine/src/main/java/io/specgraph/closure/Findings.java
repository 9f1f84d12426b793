package io.specgraph.closure;

import io.specgraph.load.LoadedSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.graph.PrefixMappingZero;
import org.apache.jena.vocabulary.RDFS;

/**
 * What every rule shares while a spec is validated: the spec, the tally of checks, the violations found
 * so far, and the way nodes are named in messages (with the spec's own prefixes).
 */
final class Findings {
    private static final java.util.Set<String> NUMERIC = java.util.Set.of(
            "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
            "http://www.w3.org/2001/XMLSchema#double");
    private final LoadedSpec spec;
    private final Graph data;
    private final PrefixMapping prefixes;
    private final Tally tally = new Tally();
    private final List<Violation> violations = new ArrayList<>();

    Findings(LoadedSpec spec) {
        this.spec = spec;
        this.data = spec.union();
        PrefixMapping pm = PrefixMapping.Factory.create();
        pm.setNsPrefixes(data.getPrefixMapping() == null ? new PrefixMappingZero() : data.getPrefixMapping());
        if (pm.getNsURIPrefix(io.specgraph.vocab.SG.NS) == null && pm.getNsPrefixURI("sg") == null) {
            pm.setNsPrefix("sg", io.specgraph.vocab.SG.NS);
        }
        pm.setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#");
        this.prefixes = pm.lock();
    }

    Graph data() {
        return data;
    }

    LoadedSpec spec() {
        return spec;
    }

    Tally tally() {
        return tally;
    }

    PrefixMapping prefixes() {
        return prefixes;
    }

    List<Violation> violations() {
        return violations;
    }

    /**
     * Records a failed check and its violation. The message is the focus node's description followed by
     * the rule's phrase; for reference rules it adds whether the value is defined at all.
     */
    void fail(String ruleId, String category, Severity severity, Node focus, String path, Node value, String phrase,
              Origin origin) {
        fail(ruleId, category, severity, focus, path, value, phrase, origin, null);
    }

    /** As {@link #fail(String, String, Severity, Node, String, Node, String, Origin)}, placed at {@code written} when given. */
    void fail(String ruleId, String category, Severity severity, Node focus, String path, Node value, String phrase,
              Origin origin, io.specgraph.load.SourcePosition written) {
        tally.failed(ruleId, category, focus);
        StringBuilder message = new StringBuilder(describe(focus)).append(' ').append(phrase);
        io.specgraph.load.SourcePosition at = written;
        if ("references".equals(category) && value != null && value.isURI() && !data.contains(value, Node.ANY, Node.ANY)) {
            message.append("; ").append(name(value)).append(" is not defined anywhere in the spec");
            // a dangling reference is placed where it is written, which may be lines below the subject's first line
            at = spec.referencePosition(focus, value).orElse(at);
        }
        violations.add(new Violation(ruleId, category, severity, focus, label(focus), path, value,
                message.toString(), at != null ? at : spec.positionOf(focus).orElse(null), origin));
    }

    /** Records a failed check whose message is complete as given and whose place is known without the focus node. */
    void failAt(String ruleId, String category, Node focus, String message, io.specgraph.load.SourcePosition position) {
        tally.failed(ruleId, category, focus);
        violations.add(new Violation(ruleId, category, Severity.VIOLATION, focus, null, null, null, message, position,
                Origin.rule(Origin.SOURCE, null)));
    }

    /** Adds what another validation of the same spec found, after what this one found. */
    void absorb(Findings other) {
        tally.absorb(other.tally);
        violations.addAll(other.violations);
    }

    /** A node as a person reads it: a prefixed name, {@code <iri>}, or a quoted literal. */
    String name(Node node) {
        if (node == null) {
            return "";
        }
        if (node.isURI()) {
            String iri = node.getURI();
            String shortForm = prefixes.shortForm(iri);
            return shortForm.equals(iri) ? "<" + iri + ">" : shortForm;
        }
        if (node.isLiteral()) {
            String dt = node.getLiteralDatatypeURI();
            String lexical = "\"" + node.getLiteralLexicalForm() + "\"";
            if (dt == null || dt.equals("http://www.w3.org/2001/XMLSchema#string")
                    || dt.equals("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")) {
                return lexical;
            }
            if (NUMERIC.contains(dt)) {
                return node.getLiteralLexicalForm();
            }
            return lexical + "^^" + prefixes.shortForm(dt);
        }
        if (node.isBlank()) {
            return "[]";
        }
        return node.toString();
    }

    /**
     * The focus node as the subject of a sentence: its name, or for a blank node the property and subject
     * that hold it ("the sg:condition of :ReleaseGate").
     */
    String describe(Node node) {
        if (node.isBlank()) {
            Iterator<Triple> holders = data.find(Node.ANY, Node.ANY, node);
            if (holders.hasNext()) {
                Triple t = holders.next();
                return "the " + name(t.getPredicate()) + " of " + name(t.getSubject());
            }
            return "a blank node";
        }
        return name(node);
    }

    /** The node's {@code rdfs:label}, or null. */
    String label(Node node) {
        Iterator<Triple> labels = data.find(node, RDFS.label.asNode(), Node.ANY);
        while (labels.hasNext()) {
            Node o = labels.next().getObject();
            if (o.isLiteral()) {
                return o.getLiteralLexicalForm();
            }
        }
        return null;
    }

    /** Distinct subjects typed with the class (directly). */
    long countInstances(Node type) {
        return data.find(Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), type)
                .mapWith(Triple::getSubject).toSet().size();
    }
}
