package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.vocab.SG;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * Finds, in a spec, the approval gate and the agent a person names when deciding (an IRI, a local name, or for
 * an agent its label too), and checks that the agent may decide: one of the approval's {@code sg:approver}s, or
 * the gate's {@code sg:owner} when it names none. Used by {@link RunHandle#approve} and by the command line,
 * which has only the run's stored spec.
 */
public final class Approvers {
    private Approvers() {}

    /**
     * A decision request resolved against a spec.
     *
     * @param gateIri  the gate decided on
     * @param agentIri the agent deciding
     */
    public record Resolved(String gateIri, String agentIri) {}

    /**
     * Resolves {@code gate} and {@code as} in {@code spec}.
     *
     * @throws IllegalArgumentException when either names nothing, names several things, the gate has no
     *                                  approval, or the agent may not decide; the message says which and who may
     */
    public static Resolved resolve(Graph spec, String gate, String as) {
        String gateIri = one(spec, gate, SG.Gate, false, "gate");
        List<Node> approvals = new ArrayList<>();
        spec.find(NodeFactory.createURI(gateIri), SG.term("condition"), Node.ANY).forEachRemaining(t ->
                spec.find(t.getObject(), SG.term("approval"), Node.ANY).forEachRemaining(a -> approvals.add(a.getObject())));
        if (approvals.isEmpty()) {
            throw new IllegalArgumentException("gate " + Iris.localName(gateIri) + " has no sg:approval condition: nobody decides on it");
        }
        String agentIri = one(spec, as, SG.Agent, true, "agent");
        TreeSet<String> allowed = new TreeSet<>();
        for (Node approval : approvals) {
            spec.find(approval, SG.term("approver"), Node.ANY).forEachRemaining(t -> {
                if (t.getObject().isURI()) {
                    allowed.add(t.getObject().getURI());
                }
            });
        }
        if (allowed.isEmpty()) {
            spec.find(NodeFactory.createURI(gateIri), SG.owner, Node.ANY).forEachRemaining(t -> {
                if (t.getObject().isURI()) {
                    allowed.add(t.getObject().getURI());
                }
            });
        }
        if (!allowed.contains(agentIri)) {
            throw new IllegalArgumentException(Iris.localName(agentIri) + " may not decide on gate " + Iris.localName(gateIri)
                    + "; " + (allowed.isEmpty() ? "nobody may (give the approval an sg:approver or the gate an sg:owner)"
                    : "who may: " + String.join(", ", allowed.stream().map(Iris::localName).toList())));
        }
        return new Resolved(gateIri, agentIri);
    }

    private static String one(Graph spec, String name, Node type, boolean byLabel, String what) {
        TreeSet<String> matches = new TreeSet<>();
        spec.find(Node.ANY, RDF.type.asNode(), type).forEachRemaining((Triple t) -> {
            Node s = t.getSubject();
            if (!s.isURI()) {
                return;
            }
            String iri = s.getURI();
            if (iri.equals(name) || Iris.localName(iri).equals(name)
                    || (byLabel && spec.find(s, RDFS.label.asNode(), Node.ANY).toList().stream()
                    .anyMatch(l -> l.getObject().isLiteral() && l.getObject().getLiteralLexicalForm().equals(name)))) {
                matches.add(iri);
            }
        });
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("the spec has no " + what + " '" + name + "'; give its IRI, its local name"
                    + (byLabel ? " or its label" : ""));
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' names several " + what + "s: " + String.join(", ", matches)
                    + "; give the IRI");
        }
        return matches.first();
    }
}
