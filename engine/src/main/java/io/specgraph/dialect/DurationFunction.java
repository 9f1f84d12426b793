package io.specgraph.dialect;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionBase;
import org.apache.jena.sparql.function.FunctionEnv;

/**
 * {@code sgfn:duration(str [, "calendar"|"working"])}: {@link Durations#parse(String, Durations.Days)} as xsd:duration,
 * the upper end of a range; {@code sgfn:durationLow} likewise with {@link Durations#parseLow(String, Durations.Days)},
 * the low end.
 */
final class DurationFunction extends FunctionBase {
    private final boolean lowEnd;

    /** @param lowEnd whether this is {@code sgfn:durationLow}, which gives the low end of a range */
    DurationFunction(boolean lowEnd) {
        this.lowEnd = lowEnd;
    }

    @Override
    public void checkBuild(String uri, ExprList args) {
        if (args.size() != 1 && args.size() != 2) {
            throw new QueryBuildException("<" + uri + "> takes the string to read and, optionally, \"calendar\" or"
                    + " \"working\" for what a day is");
        }
    }

    @Override
    public NodeValue exec(List<NodeValue> args) {
        return exec(args, null);
    }

    @Override
    protected NodeValue exec(List<NodeValue> args, FunctionEnv env) {
        String text = DialectFunctions.text(args.get(0), "duration", env);
        Durations.Days days = Durations.Days.CALENDAR;
        if (args.size() == 2) {
            String kind = DialectFunctions.text(args.get(1), "duration", env).strip().toLowerCase(Locale.ROOT);
            days = switch (kind) {
                case "calendar" -> Durations.Days.CALENDAR;
                case "working" -> Durations.Days.WORKING;
                default -> throw DialectFunctions.refuse(env, "duration", kind,
                        "the second argument of sgfn:" + (lowEnd ? "durationLow" : "duration")
                                + " must be \"calendar\" or \"working\"");
            };
        }
        Duration d = switch (lowEnd ? Durations.parseLow(text, days) : Durations.parse(text, days)) {
            case Parsed.Ok<Duration> ok -> ok.value();
            case Parsed.Refused<Duration> no -> throw DialectFunctions.refuse(env, "duration", text, no.reason());
        };
        return NodeValue.makeNode(Durations.toXsd(d), XSDDatatype.XSDduration);
    }
}
