package io.specgraph.closure;

import io.specgraph.internal.Timings;
import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.expr.nodevalue.XSDFuncOp;
import org.apache.jena.vocabulary.RDF;

/**
 * One {@code sg:Claim} as read from the spec: what figure it is about, for which phase and number of workers,
 * and the interval of values it admits once its tolerance is applied. Reading refuses what cannot be checked
 * (no figure, no value, a duration where a number belongs, …) with a sentence saying why.
 *
 * <p>{@code value} is the claimed value, or the low end of a claimed range. Tolerance: an explicit {@code sg:tolerance t} widens the claimed value (or range) by the fraction t on both
 * sides; an {@code sg:approximate} claim without one by 10%; otherwise counts and percentages are exact, and
 * other numbers and durations stand for what rounds to them: half a unit of their last written digit
 * ({@code 2.7} is 2.65 to 2.75) or of their smallest written field ({@code PT32H} is 31.5 h to 32.5 h).
 */
record Claim(Node node, Node value, Figure figure, String phase, Integer workers, List<String> through, double min, double max,
             double low, double high, String declared, String statedAs) {

    /** Default tolerance of an approximate claim, as a fraction of the claimed value. */
    static final double APPROXIMATE = 0.10;

    /** The figures a claim can be about, and whether their values are durations. */
    enum Figure {
        TASK_COUNT(SG.TaskCount, false, true),
        TOTAL_WORK(SG.TotalWork, true, false),
        CRITICAL_PATH(SG.CriticalPath, true, false),
        MAKESPAN(SG.Makespan, true, false),
        SPEEDUP(SG.Speedup, false, false),
        CLOSURE_PERCENT(SG.ClosurePercent, false, true);

        final Node term;
        final boolean duration;
        final boolean exact;

        Figure(Node term, boolean duration, boolean exact) {
            this.term = term;
            this.duration = duration;
            this.exact = exact;
        }

        static Figure of(Node term) {
            for (Figure f : values()) {
                if (f.term.equals(term)) {
                    return f;
                }
            }
            return null;
        }

        boolean scoped() {
            return this == TASK_COUNT || this == TOTAL_WORK || this == MAKESPAN || this == SPEEDUP;
        }

        boolean withWorkers() {
            return this == MAKESPAN || this == SPEEDUP;
        }
    }

    /** Why a claim cannot be read. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** True when the value lies in the claimed interval. */
    boolean admits(double value) {
        return value >= low && value <= high;
    }

    /** Reads the claim; {@code name} names nodes in messages. */
    static Claim read(Graph g, Node node, java.util.function.Function<Node, String> name) throws Unreadable {
        Node figureNode = one(g, node, SG.figure, name);
        if (figureNode == null) {
            throw new Unreadable("has no sg:figure; say what it claims: sg:TaskCount, sg:TotalWork, sg:CriticalPath,"
                    + " sg:Makespan, sg:Speedup or sg:ClosurePercent");
        }
        Figure figure = Figure.of(figureNode);
        if (figure == null) {
            throw new Unreadable("has sg:figure " + name.apply(figureNode) + ", which is not one of sg:TaskCount,"
                    + " sg:TotalWork, sg:CriticalPath, sg:Makespan, sg:Speedup, sg:ClosurePercent");
        }
        Node value = one(g, node, SG.claimedValue, name);
        Node min = one(g, node, SG.claimedMin, name);
        Node max = one(g, node, SG.claimedMax, name);
        if (value != null && (min != null || max != null)) {
            throw new Unreadable("has both sg:claimedValue and a range (sg:claimedMin/sg:claimedMax); give one or the other");
        }
        if (value == null && min == null && max == null) {
            throw new Unreadable("has no sg:claimedValue (nor sg:claimedMin/sg:claimedMax): there is nothing to check");
        }
        Node lowNode = value != null ? value : min != null ? min : max;
        Node highNode = value != null ? value : max != null ? max : min;
        double low = number(figure, lowNode, name);
        double high = number(figure, highNode, name);
        if (low > high) {
            throw new Unreadable("has sg:claimedMin " + Timings.show(min) + " above sg:claimedMax " + Timings.show(max));
        }
        Node approximateNode = one(g, node, SG.approximate, name);
        boolean approximate = approximateNode != null && approximateNode.isLiteral()
                && "true".equals(approximateNode.getLiteralLexicalForm().strip());
        Node toleranceNode = one(g, node, SG.tolerance, name);
        double lowWidened;
        double highWidened;
        if (toleranceNode != null || approximate) {
            double t = APPROXIMATE;
            if (toleranceNode != null) {
                BigDecimal tolerance = decimal(toleranceNode);
                if (tolerance == null || tolerance.signum() < 0 || tolerance.compareTo(BigDecimal.ONE) >= 0) {
                    throw new Unreadable("has sg:tolerance " + Timings.show(toleranceNode)
                            + ", which is not a fraction from 0 to 1 (0.1 is 10%)");
                }
                t = tolerance.doubleValue();
            }
            lowWidened = low * (1 - t);
            highWidened = high * (1 + t);
        } else if (figure.exact) {
            lowWidened = low;
            highWidened = high;
        } else {
            lowWidened = low - precision(figure, lowNode) / 2;
            highWidened = high + precision(figure, highNode) / 2;
        }

        Node scopeNode = one(g, node, SG.scope, name);
        String phase = null;
        if (scopeNode != null) {
            if (!figure.scoped()) {
                throw new Unreadable("has sg:scope, which only a task count, total work, makespan or speedup claim takes");
            }
            if (!scopeNode.isURI() || !g.contains(scopeNode, RDF.type.asNode(), SG.Phase)) {
                throw new Unreadable("has sg:scope " + name.apply(scopeNode) + ", which is not a declared sg:Phase");
            }
            phase = scopeNode.getURI();
        }
        Node workersNode = one(g, node, SG.withWorkers, name);
        Integer workers = null;
        if (workersNode != null) {
            if (!figure.withWorkers()) {
                throw new Unreadable("has sg:withWorkers, which only a makespan or speedup claim takes");
            }
            BigDecimal w = decimal(workersNode);
            if (w == null || w.signum() <= 0 || w.stripTrailingZeros().scale() > 0 || w.compareTo(BigDecimal.valueOf(100_000)) > 0) {
                throw new Unreadable("has sg:withWorkers " + Timings.show(workersNode) + ", which is not a whole number of workers from 1 to 100000");
            }
            workers = w.intValueExact();
        }
        Node throughNode = one(g, node, SG.through, name);
        List<String> through = List.of();
        if (throughNode != null) {
            if (figure != Figure.CRITICAL_PATH) {
                throw new Unreadable("has sg:through, which only a critical-path claim takes");
            }
            through = list(g, throughNode, name);
        }
        Node stated = one(g, node, SG.statedAs, name);
        String statedAs = stated != null && stated.isLiteral() ? stated.getLiteralLexicalForm() : null;
        String declared = (approximate ? "~" : "") + (low == high ? show(figure, low)
                : figure.duration ? show(figure, low) + "–" + show(figure, high) : bare(low) + "–" + show(figure, high));
        return new Claim(node, lowNode, figure, phase, workers, through, low, high, lowWidened, highWidened, declared, statedAs);
    }

    /** A figure's value as messages show it: durations as people read them, numbers with up to two decimals. */
    static String show(Figure figure, double value) {
        if (figure.duration) {
            return io.specgraph.plan.PlanWriter.human(Duration.ofMillis(Math.round(value)));
        }
        String s = bare(value);
        return figure == Figure.SPEEDUP ? s + "x" : figure == Figure.CLOSURE_PERCENT ? s + "%" : s;
    }

    private static String bare(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static Node one(Graph g, Node s, Node p, java.util.function.Function<Node, String> name) throws Unreadable {
        List<Node> values = g.find(s, p, Node.ANY).mapWith(t -> t.getObject()).toList();
        if (values.size() > 1) {
            throw new Unreadable("has " + values.size() + " values of " + name.apply(p) + "; give exactly one");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** A value in the figure's unit: milliseconds for durations, the number otherwise. */
    private static double number(Figure figure, Node node, java.util.function.Function<Node, String> name) throws Unreadable {
        if (figure.duration) {
            Timings.Reading<Duration> reading = Timings.duration(node, Timings.Use.ESTIMATE);
            if (reading.refused()) {
                throw new Unreadable("claims " + Timings.show(node) + ", which " + reading.problem());
            }
            return reading.value().toMillis();
        }
        BigDecimal d = decimal(node);
        if (d == null || !XSDFuncOp.isNumeric(node)) {
            throw new Unreadable("claims " + Timings.show(node) + ", which is not a number; a " + name.apply(figure.term)
                    + " claim takes a number such as 12 or 2.7");
        }
        if (d.signum() < 0) {
            throw new Unreadable("claims " + Timings.show(node) + ", which is negative");
        }
        return d.doubleValue();
    }

    private static BigDecimal decimal(Node node) {
        if (!node.isLiteral()) {
            return null;
        }
        try {
            return new BigDecimal(node.getLiteralLexicalForm().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The unit of the last digit (numbers) or smallest field (durations) written, in the figure's unit. */
    static double precision(Figure figure, Node node) {
        String text = node.getLiteralLexicalForm().strip().toUpperCase(Locale.ROOT);
        if (!figure.duration) {
            BigDecimal d = new BigDecimal(text);
            return Math.pow(10, -Math.max(0, d.scale()));
        }
        char last = text.charAt(text.length() - 1);
        return switch (last) {
            case 'S' -> {
                int dot = text.lastIndexOf('.');
                yield dot < 0 ? 1000 : 1000 * Math.pow(10, -(text.length() - 2 - dot));
            }
            case 'M' -> 60_000;
            case 'H' -> 3_600_000;
            default -> 86_400_000; // 'D'
        };
    }

    private static List<String> list(Graph g, Node head, java.util.function.Function<Node, String> name) throws Unreadable {
        List<String> out = new ArrayList<>();
        Node cell = head;
        int guard = 0;
        while (!RDF.nil.asNode().equals(cell)) {
            Node first = g.find(cell, RDF.first.asNode(), Node.ANY).nextOptional().map(t -> t.getObject()).orElse(null);
            Node rest = g.find(cell, RDF.rest.asNode(), Node.ANY).nextOptional().map(t -> t.getObject()).orElse(null);
            if (first == null || rest == null || ++guard > 100_000) {
                throw new Unreadable("has sg:through " + name.apply(head) + ", which is not a list of tasks; write ( :a :b :c )");
            }
            if (!first.isURI() || !(g.contains(first, RDF.type.asNode(), SG.Task) || g.contains(first, RDF.type.asNode(), SG.Gate))) {
                throw new Unreadable("has sg:through a list naming " + name.apply(first) + ", which is not a declared sg:Task or sg:Gate");
            }
            out.add(first.getURI());
            cell = rest;
        }
        if (out.isEmpty()) {
            throw new Unreadable("has sg:through an empty list; name the tasks the path runs through, or leave sg:through out");
        }
        return List.copyOf(out);
    }
}
