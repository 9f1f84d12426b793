package io.specgraph.dialect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterNullIterator;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterSingleton;
import org.apache.jena.sparql.pfunction.PFuncSimpleAndList;
import org.apache.jena.sparql.pfunction.PropFuncArg;

/**
 * {@code ?thing sgfn:resolveIds (?list <property>)}: the resources whose {@code <property>} value is one of the
 * ids of the list ({@link IdList#split(String)}), one solution per resource, so that {@code "T004, T010"} or
 * {@code "none"} written against, say, {@code spec:taskId} becomes references to the tasks with those ids.
 *
 * <p>An id is matched against the lexical form of each value of the property, trimmed ({@code "T004"} and
 * {@code "T004"^^xsd:string} alike). An id that matches nothing is recorded in the context's
 * {@link ParseProblems} (the dialect's mapping reports it as a reference to something never defined, at the
 * statement that holds the list) and gives no solution; a refused list gives none and is reported as
 * {@code sgfn:splitIds} reports it. A bound subject checks that it is one of the resolved resources.
 */
final class ResolveIds extends PFuncSimpleAndList {
    /** Per property, each value's lexical form and the subjects that have it: built once per query execution. */
    private final Map<Node, Map<String, List<Node>>> indexes = new HashMap<>();

    @Override
    public QueryIterator execEvaluated(Binding binding, Node subject, Node predicate, PropFuncArg object,
                                       ExecutionContext cxt) {
        if (object.getArgListSize() != 2) {
            DialectFunctions.refuse(cxt, "id list", object.toString(),
                    "sgfn:resolveIds takes a list of two: (?ids <property whose values are the ids>)");
            return QueryIterNullIterator.create(cxt);
        }
        Node list = object.getArg(0);
        Node property = object.getArg(1);
        if (Var.isVar(list) || Var.isVar(property)) {
            return QueryIterNullIterator.create(cxt); // nothing to resolve
        }
        if (!list.isLiteral() || !property.isURI()) {
            DialectFunctions.refuse(cxt, "id list", list.toString(),
                    !list.isLiteral() ? "not a string" : "the property to resolve ids through must be an IRI");
            return QueryIterNullIterator.create(cxt);
        }
        String text = list.getLiteralLexicalForm();
        List<String> ids = switch (IdList.split(text)) {
            case Parsed.Ok<List<String>> ok -> ok.value();
            case Parsed.Refused<List<String>> no -> {
                DialectFunctions.refuse(cxt, "id list", text, no.reason());
                yield List.of();
            }
        };
        Map<String, List<Node>> index = indexes.computeIfAbsent(property, p -> index(cxt.getActiveGraph(), p));
        List<Node> found = new ArrayList<>();
        for (String id : ids) {
            List<Node> things = index.getOrDefault(id, List.of());
            if (cxt.getContext().get(DialectFunctions.PROBLEMS) instanceof ParseProblems problems) {
                UnresolvedId reference = new UnresolvedId(text, id, property.getURI());
                if (things.isEmpty()) {
                    problems.unresolved(reference);
                } else {
                    problems.resolved(reference);
                }
            }
            things.stream().filter(t -> !found.contains(t)).forEach(found::add);
        }
        if (Var.isVar(subject)) {
            Var var = Var.alloc(subject);
            return QueryIterPlainWrapper.create(found.stream().map(n -> BindingFactory.binding(binding, var, n)).iterator(), cxt);
        }
        return found.contains(subject) ? QueryIterSingleton.create(binding, cxt) : QueryIterNullIterator.create(cxt);
    }

    private static Map<String, List<Node>> index(Graph graph, Node property) {
        Map<String, List<Node>> index = new LinkedHashMap<>();
        graph.find(Node.ANY, property, Node.ANY).forEachRemaining(t -> {
            if (t.getObject().isLiteral()) {
                index.computeIfAbsent(t.getObject().getLiteralLexicalForm().strip(), k -> new ArrayList<>()).add(t.getSubject());
            }
        });
        return index;
    }
}
