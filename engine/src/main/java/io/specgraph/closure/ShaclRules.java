package io.specgraph.closure;

import io.specgraph.internal.Iris;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.engine.ShaclPaths;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.parser.PropertyShape;
import org.apache.jena.shacl.parser.Shape;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shacl.validation.VLib;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.path.PathWriter;

/**
 * Runs a set of SHACL shapes as closure rules. Each shape with constraints is a rule: a named shape's
 * local name is its id, an anonymous property shape is named after its parent and path. The checks of a
 * rule are the focus nodes of its (parent) node shape.
 */
final class ShaclRules {
    /** Annotation that puts a shape in a closure category. */
    static final Node CATEGORY = NodeFactory.createURI("https://w3id.org/specgraph/closure#category");
    private static final Node SH_MESSAGE = NodeFactory.createURI("http://www.w3.org/ns/shacl#message");

    private record Rule(String id, String category, String message) {}

    private ShaclRules() {}

    static void run(Shapes shapes, Findings findings) {
        Graph data = findings.data();
        Map<Node, Rule> rules = new HashMap<>();
        for (Shape root : shapes.getTargetShapes()) {
            if (root.deactivated()) {
                continue;
            }
            Collection<Node> focus = VLib.focusNodes(data, root);
            Rule rootRule = rule(root, null, findings);
            if (!root.getConstraints().isEmpty()) {
                findings.tally().checks(rootRule.id(), rootRule.category(), focus.size());
                rules.put(root.getShapeNode(), rootRule);
            }
            for (PropertyShape property : root.getPropertyShapes()) {
                if (property.deactivated()) {
                    continue;
                }
                Rule rule = rule(property, rootRule, findings);
                findings.tally().checks(rule.id(), rule.category(), focus.size());
                rules.put(property.getShapeNode(), rule);
            }
        }
        ValidationReport report = ShaclValidator.get().validate(shapes, data);
        for (ReportEntry entry : report.getEntries()) {
            Rule rule = rules.get(entry.source());
            if (rule == null) {
                rule = new Rule(id(entry.source(), findings), "custom", null);
            }
            String path = entry.resultPath() == null ? null : pathText(entry.resultPath(), findings);
            String phrase = rule.message() != null ? fill(rule.message(), entry, findings)
                    : String.valueOf(entry.message());
            phrase += countNote(entry, data);
            findings.fail(rule.id(), rule.category(), severity(entry), entry.focusNode(), path, entry.value(), phrase,
                    new Origin(entry.sourceConstraintComponent(), entry.source(), entry.sourceConstraint(), entry.resultPath()));
        }
    }

    private static Rule rule(Shape shape, Rule parent, Findings findings) {
        Node node = shape.getShapeNode();
        Graph shapesGraph = shape.getShapeGraph();
        String category = literal(shapesGraph, node, CATEGORY);
        if (category == null) {
            category = parent != null ? parent.category() : "custom";
        }
        String message = literal(shapesGraph, node, SH_MESSAGE);
        if (message == null && parent != null && !node.isURI()) {
            message = parent.message();
        }
        String id;
        if (node.isURI()) {
            id = id(node, findings);
        } else if (parent != null && shape instanceof PropertyShape ps) {
            id = parent.id() + "/" + pathText(ps.getPath(), findings);
        } else {
            id = "anonymous-shape";
        }
        return new Rule(id, category, message);
    }

    private static String id(Node shapeNode, Findings findings) {
        if (shapeNode == null || !shapeNode.isURI()) {
            return "anonymous-shape";
        }
        return Iris.localNameStart(shapeNode.getURI()) >= 0 ? Iris.localName(shapeNode.getURI()) : findings.name(shapeNode);
    }

    /** For a cardinality failure on a node that has some values, how many it has ("; it has 2"). */
    private static String countNote(ReportEntry entry, Graph data) {
        Node component = entry.sourceConstraintComponent();
        if (component == null || entry.resultPath() == null) {
            return "";
        }
        String iri = component.getURI();
        if (!iri.endsWith("#MinCountConstraintComponent") && !iri.endsWith("#MaxCountConstraintComponent")) {
            return "";
        }
        int count = ShaclPaths.valueNodes(data, entry.focusNode(), entry.resultPath()).size();
        return count == 0 ? "" : "; it has " + count;
    }

    private static String literal(Graph graph, Node subject, Node predicate) {
        Iterator<Triple> it = graph.find(subject, predicate, Node.ANY);
        while (it.hasNext()) {
            Node o = it.next().getObject();
            if (o.isLiteral()) {
                return o.getLiteralLexicalForm();
            }
        }
        return null;
    }

    /** The rule's message with {$value}, {$this}, {$path} filled in; an offending value it does not mention is appended. */
    private static String fill(String template, ReportEntry entry, Findings findings) {
        String value = entry.value() == null ? "(none)" : findings.name(entry.value());
        if (entry.value() != null && !entry.value().equals(entry.focusNode()) && !template.contains("{$value}")) {
            template = template + "; got " + value;
        }
        return template.replace("{$value}", value)
                .replace("{$this}", findings.name(entry.focusNode()))
                .replace("{$path}", entry.resultPath() == null ? "" : pathText(entry.resultPath(), findings));
    }

    static String pathText(Path path, Findings findings) {
        return PathWriter.asString(path, new org.apache.jena.sparql.core.Prologue(findings.prefixes()));
    }

    private static Severity severity(ReportEntry entry) {
        var s = entry.severity();
        if (org.apache.jena.shacl.validation.Severity.Warning.equals(s)) {
            return Severity.WARNING;
        }
        if (org.apache.jena.shacl.validation.Severity.Info.equals(s)) {
            return Severity.INFO;
        }
        return Severity.VIOLATION;
    }
}
