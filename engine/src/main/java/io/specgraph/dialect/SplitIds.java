package io.specgraph.dialect;

import java.util.Iterator;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterNullIterator;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterSingleton;
import org.apache.jena.sparql.pfunction.PFuncSimple;

/**
 * {@code ?id sgfn:splitIds ?string}: one solution per id of {@link IdList#split(String)}, each id a plain
 * string literal. A bound subject checks membership instead. An unbound object gives no solutions (there is
 * nothing to split); a refused string or a non-literal object gives none and is reported.
 */
final class SplitIds extends PFuncSimple {

    @Override
    public QueryIterator execEvaluated(Binding binding, Node subject, Node predicate, Node object,
            ExecutionContext cxt) {
        if (Var.isVar(object)) {
            return QueryIterNullIterator.create(cxt);
        }
        if (!object.isLiteral()) {
            DialectFunctions.refuse(cxt, "id list", object.toString(), "not a string");
            return QueryIterNullIterator.create(cxt);
        }
        String text = object.getLiteralLexicalForm();
        List<String> ids = switch (IdList.split(text)) {
            case Parsed.Ok<List<String>> ok -> ok.value();
            case Parsed.Refused<List<String>> no -> {
                DialectFunctions.refuse(cxt, "id list", text, no.reason());
                yield List.of();
            }
        };
        if (Var.isVar(subject)) {
            Var var = Var.alloc(subject);
            Iterator<Binding> rows = ids.stream()
                    .map(id -> BindingFactory.binding(binding, var, NodeFactory.createLiteralString(id)))
                    .iterator();
            return QueryIterPlainWrapper.create(rows, cxt);
        }
        boolean member = subject.isLiteral() && ids.contains(subject.getLiteralLexicalForm());
        return member ? QueryIterSingleton.create(binding, cxt) : QueryIterNullIterator.create(cxt);
    }
}
