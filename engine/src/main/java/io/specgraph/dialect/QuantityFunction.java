package io.specgraph.dialect;

import java.util.List;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase;
import org.apache.jena.sparql.function.FunctionEnv;

/** {@code sgfn:quantityValue} and its siblings: one part of {@link Quantity#parse(String)}'s result. */
final class QuantityFunction extends FunctionBase {

    /** Which part of the quantity the function returns. */
    enum Part { VALUE, HIGH, UNIT, COMPARATOR, BASE }

    private final Part part;

    QuantityFunction(Part part) {
        this.part = part;
    }

    @Override
    public void checkBuild(String uri, ExprList args) {
        if (args.size() != 1) {
            throw new QueryBuildException("<" + uri + "> takes one argument, the string to read");
        }
    }

    @Override
    public NodeValue exec(List<NodeValue> args) {
        return exec(args, null);
    }

    @Override
    protected NodeValue exec(List<NodeValue> args, FunctionEnv env) {
        String text = DialectFunctions.text(args.get(0), "quantity", env);
        Quantity q = switch (Quantity.parse(text)) {
            case Parsed.Ok<Quantity> ok -> ok.value();
            case Parsed.Refused<Quantity> no -> throw DialectFunctions.refuse(env, "quantity", text, no.reason());
        };
        return switch (part) {
            case VALUE -> NodeValue.makeDecimal(q.value());
            case HIGH -> NodeValue.makeDecimal(q.upper());
            case UNIT -> NodeValue.makeString(q.unit());
            case COMPARATOR -> NodeValue.makeString(q.comparator().symbol());
            case BASE -> NodeValue.makeString(q.inBaseUnit().toString());
        };
    }
}
