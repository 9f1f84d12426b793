package io.specgraph.dialect;

import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionEnv;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.pfunction.PropertyFunctionRegistry;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;

/**
 * The value parsers of this package as SPARQL functions for ARQ, so that a dialect written only as CONSTRUCT
 * queries can read the messy strings of a foreign spec.
 *
 * <table>
 *   <caption>Functions (namespace {@value #NS}, usual prefix {@code sgfn:})</caption>
 *   <tr><th>call</th><th>result</th><th>e.g. for "1.5-2 GB" / "≤15s"</th></tr>
 *   <tr><td>{@code sgfn:quantityValue(str)}</td><td>xsd:decimal, the value or a range's low end</td><td>1.5 / 15</td></tr>
 *   <tr><td>{@code sgfn:quantityHigh(str)}</td><td>xsd:decimal, a range's high end, else the value</td><td>2 / 15</td></tr>
 *   <tr><td>{@code sgfn:quantityUnit(str)}</td><td>normalised unit, {@code ""} for a bare number</td><td>"GB" / "s"</td></tr>
 *   <tr><td>{@code sgfn:quantityComparator(str)}</td><td>one of {@code = < <= > >= ~}</td><td>"=" / "&lt;="</td></tr>
 *   <tr><td>{@code sgfn:quantityBase(str)}</td><td>the quantity in its base unit (s, MB), as a string the other
 *       functions read: {@code sgfn:quantityValue(sgfn:quantityBase(?s))}</td><td>"1500-2000 MB" / "&lt;=15 s"</td></tr>
 *   <tr><td>{@code sgfn:duration(str [, "calendar"|"working"])}</td><td>xsd:duration, the upper end of a range;
 *       the second argument says what a day is (default calendar)</td><td>"1-2 hours" gives "PT2H"</td></tr>
 *   <tr><td>{@code sgfn:durationLow(str [, "calendar"|"working"])}</td><td>xsd:duration, the low end of a range,
 *       else the duration; an upper bound alone is refused</td><td>"1-2 hours" gives "PT1H"</td></tr>
 *   <tr><td>{@code ?id sgfn:splitIds str}</td><td>property function: one solution per id, a string</td>
 *       <td>"T004, T010" gives "T004", "T010"</td></tr>
 *   <tr><td>{@code ?x sgfn:resolveIds (str <property>)}</td><td>property function: the resources whose
 *       {@code <property>} value is one of the ids; an id that matches nothing is recorded as unresolved</td>
 *       <td>"T004, T010" with {@code spec:taskId} gives the two tasks</td></tr>
 * </table>
 * The rules for what each accepts are those of {@link Quantity}, {@link Durations} and {@link IdList}.
 *
 * <h2>Refused strings</h2>
 * A string that does not parse is not guessed: the function raises an {@link ExprEvalException}, so the
 * variable it was to bind stays unbound (and a FILTER on it is false), and, when the execution's context holds
 * a {@link ParseProblems} under {@link #PROBLEMS}, the string and the reason are recorded there for the
 * caller's report. {@code sgfn:splitIds} gives no solutions for a refused list and records it the same way.
 * An argument that is not a literal is refused too; a literal of any datatype is read by its lexical form.
 *
 * <h2>Registration</h2>
 * Nothing is registered by loading this class: call {@link #register()} once to make the functions visible to
 * every query of the process, or {@link #registerIn(Context)} to make them visible only to the executions
 * that use that context. Both can be called again harmlessly.
 */
public final class DialectFunctions {
    private DialectFunctions() {}

    /** The namespace of the functions. */
    public static final String NS = "https://w3id.org/specgraph/fn#";
    /** A {@code PREFIX sgfn: <…>} declaration line to put in front of a query. */
    public static final String SPARQL_PREFIX = "PREFIX sgfn: <" + NS + ">\n";

    /** {@code sgfn:duration}. */
    public static final String DURATION = NS + "duration";
    /** {@code sgfn:durationLow}. */
    public static final String DURATION_LOW = NS + "durationLow";
    /** {@code sgfn:quantityValue}. */
    public static final String QUANTITY_VALUE = NS + "quantityValue";
    /** {@code sgfn:quantityHigh}. */
    public static final String QUANTITY_HIGH = NS + "quantityHigh";
    /** {@code sgfn:quantityUnit}. */
    public static final String QUANTITY_UNIT = NS + "quantityUnit";
    /** {@code sgfn:quantityComparator}. */
    public static final String QUANTITY_COMPARATOR = NS + "quantityComparator";
    /** {@code sgfn:quantityBase}. */
    public static final String QUANTITY_BASE = NS + "quantityBase";
    /** {@code sgfn:splitIds}, a property function. */
    public static final String SPLIT_IDS = NS + "splitIds";
    /** {@code sgfn:resolveIds}, a property function. */
    public static final String RESOLVE_IDS = NS + "resolveIds";

    /** The context key under which the functions look for a {@link ParseProblems} to record refusals in. */
    public static final Symbol PROBLEMS = Symbol.create(NS + "problems");

    /** Registers the functions with ARQ's global registries, for every query of the process. Idempotent. */
    public static synchronized void register() {
        registerInto(FunctionRegistry.get(), PropertyFunctionRegistry.get());
    }

    /**
     * Registers the functions for the query executions that use this context only: the context gets its own
     * copies of the function registries it would otherwise use (its own, or the global ones), with the
     * functions added. Idempotent.
     */
    public static void registerIn(Context context) {
        FunctionRegistry functions = FunctionRegistry.get(context);
        PropertyFunctionRegistry properties = PropertyFunctionRegistry.get(context);
        if (functions != null && properties != null && isComplete(functions, properties)) {
            return;
        }
        // copies, so that neither the global registries nor another context's see the additions
        functions = FunctionRegistry.createFrom(functions != null ? functions : FunctionRegistry.get());
        properties = PropertyFunctionRegistry.createFrom(properties != null ? properties : PropertyFunctionRegistry.get());
        registerInto(functions, properties);
        FunctionRegistry.set(context, functions);
        PropertyFunctionRegistry.set(context, properties);
    }

    private static boolean isComplete(FunctionRegistry functions, PropertyFunctionRegistry properties) {
        return functions.isRegistered(DURATION) && functions.isRegistered(DURATION_LOW) && functions.isRegistered(QUANTITY_VALUE)
                && functions.isRegistered(QUANTITY_HIGH) && functions.isRegistered(QUANTITY_UNIT)
                && functions.isRegistered(QUANTITY_COMPARATOR) && functions.isRegistered(QUANTITY_BASE)
                && properties.isRegistered(SPLIT_IDS) && properties.isRegistered(RESOLVE_IDS);
    }

    private static void registerInto(FunctionRegistry functions, PropertyFunctionRegistry properties) {
        // Factories rather than classes: the quantity functions share one class told apart by the part they return.
        functions.put(DURATION, uri -> new DurationFunction(false));
        functions.put(DURATION_LOW, uri -> new DurationFunction(true));
        functions.put(QUANTITY_VALUE, uri -> new QuantityFunction(QuantityFunction.Part.VALUE));
        functions.put(QUANTITY_HIGH, uri -> new QuantityFunction(QuantityFunction.Part.HIGH));
        functions.put(QUANTITY_UNIT, uri -> new QuantityFunction(QuantityFunction.Part.UNIT));
        functions.put(QUANTITY_COMPARATOR, uri -> new QuantityFunction(QuantityFunction.Part.COMPARATOR));
        functions.put(QUANTITY_BASE, uri -> new QuantityFunction(QuantityFunction.Part.BASE));
        properties.put(SPLIT_IDS, uri -> new SplitIds());
        properties.put(RESOLVE_IDS, uri -> new ResolveIds());
    }

    /** The lexical form of a literal argument; anything else is refused (and reported). */
    static String text(NodeValue arg, String parser, FunctionEnv env) {
        if (!arg.isLiteral()) {
            throw refuse(env, parser, arg.asNode().toString(), "not a string");
        }
        return arg.asNode().getLiteralLexicalForm();
    }

    /**
     * Records a refusal in the context's {@link ParseProblems}, if there is one, and returns the exception that
     * leaves the function's variable unbound. The environment is null when ARQ's optimiser evaluates a call
     * with constant arguments ahead of time; the call is evaluated again during execution and reported then.
     */
    static ExprEvalException refuse(FunctionEnv env, String parser, String input, String reason) {
        Context context = env == null ? null : env.getContext();
        if (context != null && context.get(PROBLEMS) instanceof ParseProblems problems) {
            problems.add(new ParseProblem(parser, input, reason));
        }
        return new ExprEvalException(parser + " \"" + input + "\": " + reason);
    }
}
