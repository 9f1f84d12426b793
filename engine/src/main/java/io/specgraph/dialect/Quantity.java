package io.specgraph.dialect;

import io.specgraph.dialect.Tokens.Token;
import io.specgraph.dialect.Tokens.Type;
import io.specgraph.dialect.Units.Dimension;
import io.specgraph.dialect.Units.Unit;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One quantity as written in a metric of a foreign spec ("≤15s", "1.5-2 GB", "42 events", "8x",
 * "≤5s/1k triples"): a value, or a range of two, in a unit, with a comparator.
 *
 * <h2>What {@link #parse(String)} accepts</h2>
 * <pre>
 *   [comparator] number [unit]
 *   number [unit] range-separator number [unit]
 * </pre>
 * <ul>
 *   <li><b>comparator</b>: {@code ≤ <= =<} (LE), {@code <} (LT), {@code ≥ >=} (GE), {@code >} (GT),
 *       {@code = ==} (EQ, also when absent), {@code ~ ≈ ~=} (APPROX). White space around it is free.</li>
 *   <li><b>number</b>: ASCII digits with an optional decimal point, unsigned ({@code 120}, {@code 1.5}).</li>
 *   <li><b>range separator</b>: hyphen, en dash, em dash, minus sign, or the word {@code to}. The low end must
 *       not exceed the high end; when both ends carry a unit the two must be the same unit.</li>
 *   <li><b>unit</b> (case-insensitive spelling, normalised symbol in brackets): time
 *       {@code ms msec millisecond(s)} [ms], {@code µs us} [µs], {@code s sec secs second(s)} [s],
 *       {@code min mins minute(s)} [min], {@code h hr hrs hour(s)} [h], {@code d day(s)} [d],
 *       {@code w wk week(s)} [w]; memory {@code B KB MB GB TB} and {@code KiB MiB GiB TiB}; factor
 *       {@code x × times} [x]; percent {@code % percent} [%]; counts {@code event(s)} [events] and likewise
 *       errors, warnings, failures, tests, files, crates, tasks, triples, requests, conflicts, lines,
 *       agents, items, retries; a rate: one of those units, {@code /}, then a time unit or an optional
 *       scale ({@code 1k}, {@code 100}) and a count ("s/1k triples", "MB/s", "events/min"). No unit at all
 *       is a bare number (unit {@code ""}). Spellings ignore case, so "mb" and "Gb" are read as MB and GB:
 *       specs measure memory in bytes, not bits.</li>
 * </ul>
 *
 * <h2>What it refuses, and why</h2>
 * Everything that is not exactly one quantity, because a dialect must report such strings to the author
 * rather than guess:
 * <ul>
 *   <li>no number ("fast", "N/A", "Not measured", "Blocked (unmeasurable)", "");</li>
 *   <li>a change between two values ("120s → ≤15s");</li>
 *   <li>any text after the unit ("100% reduction", "42 lock contention events", "120s+", "2 GB?") and any
 *       word that is not in the unit table ("3 fortnights"): the table is closed, since an unknown word
 *       read as a count would compare unlike things;</li>
 *   <li>{@code m} (minutes, months or metres?), months and years (no fixed length);</li>
 *   <li>a comma in a number ("1,500": thousands or decimal?), a sign ("-5%", "+3x");</li>
 *   <li>a comparator on a range ("≤1-2 GB", "~30-60 min"), a range whose ends are reversed or in two
 *       different units ("500 MB-2 GB").</li>
 * </ul>
 *
 * <h2>Approximate values</h2>
 * "~330ms" is accepted with comparator {@link Comparator#APPROX}: refusing it would make most measured
 * baselines in real reports unreadable, while reading it as {@code EQ} would claim a precision the author did
 * not. The dialect decides what an approximate value means for its metric.
 *
 * <h2>Ranges and one value</h2>
 * A range keeps both ends ({@link #value()} the low one, {@link #high()} the high one); this type never
 * collapses it, because which end is the honest one depends on the role: the low end of a baseline understates
 * an improvement, the high end of a target is the lenient reading. {@link #upper()} gives the high end of a
 * range and the value otherwise.
 *
 * <h2>Comparing baseline and target</h2>
 * {@link #inBaseUnit()} converts time to seconds and memory to megabytes (decimal: 1 GB = 1000 MB, 1 GiB =
 * 1073.741824 MB), so that "1.5-2 GB" and "≤100 MB", or "120s" and "2 min", can be compared; factors, percents,
 * counts and bare numbers stay as they are. A rate converts its numerator only.
 *
 * @param value the value, or the low end of a range; not negative
 * @param high the high end of a range, or null when this is one value
 * @param unit the normalised unit symbol (see above), {@code ""} for a bare number
 * @param comparator how the value bounds the quantity; {@link Comparator#EQ} for a range
 */
public record Quantity(BigDecimal value, BigDecimal high, String unit, Comparator comparator) {

    /** How the written value bounds the quantity it describes. */
    public enum Comparator {
        /** Exactly the value (also a range, and a value written without a comparator). */
        EQ("="),
        /** Less than the value ("&lt;100ms"). */
        LT("<"),
        /** At most the value ("≤15s", "&lt;= 15 s"). */
        LE("<="),
        /** More than the value. */
        GT(">"),
        /** At least the value ("≥ 80%"). */
        GE(">="),
        /** About the value ("~330ms", "≈ 2 GB"). */
        APPROX("~");

        private final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        /** The ASCII symbol: {@code = < <= > >= ~}; what {@code sgfn:quantityComparator} returns. */
        public String symbol() {
            return symbol;
        }
    }

    private static final Set<String> LE = Set.of("\u2264", "<=", "=<", "\u2A7D");
    private static final Set<String> GE = Set.of("\u2265", ">=", "\u2A7E");
    private static final Set<String> LT = Set.of("<");
    private static final Set<String> GT = Set.of(">");
    private static final Set<String> EQ = Set.of("=");
    private static final Set<String> APPROX = Set.of("~", "\u2248", "~=", "\u223C");
    private static final Set<String> SLASH = Set.of("/");
    private static final Set<String> SIGNS = Set.of("+", "-", "\u2212");
    private static final Pattern COMMA_IN_NUMBER = Pattern.compile("\\d,\\d");

    /**
     * Checks the invariants and normalises the numbers ({@code 1.50} becomes {@code 1.5}), so that equal
     * quantities are equal records.
     *
     * @throws IllegalArgumentException when a value is negative, a range is reversed or has a comparator, or the
     *     unit is not a normalised unit symbol of the table above
     */
    public Quantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(comparator, "comparator");
        value = normalise(value);
        high = high == null ? null : normalise(high);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if (high != null && high.compareTo(value) < 0) {
            throw new IllegalArgumentException("range " + value + "-" + high + " is reversed");
        }
        if (high != null && comparator != Comparator.EQ) {
            throw new IllegalArgumentException("a range has no comparator");
        }
        Unit known = unitOf(unit);
        if (known == null || !known.symbol().equals(unit)) {
            throw new IllegalArgumentException("'" + unit + "' is not a normalised unit symbol"
                    + (known == null ? "" : "; write '" + known.symbol() + "'"));
        }
    }

    /**
     * Reads one quantity; see the class comment for exactly what is accepted and refused.
     *
     * @param text the string as written in the spec; null is refused as empty
     * @return the quantity, or the reason it was refused
     */
    public static Parsed<Quantity> parse(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.refused(text, "empty: no quantity");
        }
        String s = text.strip();
        Tokens t = Tokens.of(s);
        if (t.contains(Tokens.ARROWS)) {
            return Parsed.refused(text, "a change between two values, not one quantity; map its two ends separately");
        }
        if (COMMA_IN_NUMBER.matcher(s).find()) {
            return Parsed.refused(text, "a comma inside a number is ambiguous (thousands or decimal separator):"
                    + " write 1500 or 1.5");
        }
        if (!t.hasNumber()) {
            return Parsed.refused(text, "no number: not a quantity");
        }
        Comparator comparator = comparator(t);
        Token first = t.peek();
        if (first == null || first.type() != Type.NUMBER) {
            if (first != null && first.isSymbol(SIGNS)) {
                return Parsed.refused(text, "a signed number ('" + first.text() + "') is not a quantity: write the"
                        + " magnitude; the metric's direction says which way is better");
            }
            return Parsed.refused(text, "unexpected text before the number: '" + t.rest() + "'");
        }
        BigDecimal low = new BigDecimal(t.next().text());
        UnitRead lowUnit = readUnit(t);
        if (lowUnit.problem() != null) {
            return Parsed.refused(text, lowUnit.problem());
        }
        BigDecimal high = null;
        Unit unit = lowUnit.unit();
        if (t.atRangeSeparator()) {
            if (comparator != Comparator.EQ) {
                return Parsed.refused(text, "a comparator before a range is not one quantity: write one bound"
                        + " ('" + comparator.symbol() + "2 GB') or a plain range ('1-2 GB')");
            }
            t.next();
            if (t.atEnd() || t.peek().type() != Type.NUMBER) {
                return Parsed.refused(text, "a range needs a number after the dash, found '" + t.rest() + "'");
            }
            high = new BigDecimal(t.next().text());
            UnitRead highUnit = readUnit(t);
            if (highUnit.problem() != null) {
                return Parsed.refused(text, highUnit.problem());
            }
            if (lowUnit.unit() == Units.NONE) {
                unit = highUnit.unit();
            } else if (highUnit.unit() == Units.NONE) {
                return Parsed.refused(text, "the unit of a range goes after its second number ('1-2 GB'), or"
                        + " after both");
            } else if (!lowUnit.unit().symbol().equals(highUnit.unit().symbol())) {
                return Parsed.refused(text, "the two ends of the range are in different units ('"
                        + lowUnit.unit().symbol() + "' and '" + highUnit.unit().symbol()
                        + "'): write both in one unit");
            }
            if (high.compareTo(low) < 0) {
                return Parsed.refused(text, "the range's low end " + low.toPlainString() + " exceeds its high end "
                        + high.toPlainString());
            }
        }
        if (!t.atEnd()) {
            return Parsed.refused(text, trailing(t));
        }
        return Parsed.ok(new Quantity(low, high, unit.symbol(), comparator));
    }

    /** Whether this is a range of two values. */
    public boolean isRange() {
        return high != null;
    }

    /** The high end of a range, or the value when this is not a range. */
    public BigDecimal upper() {
        return high != null ? high : value;
    }

    /**
     * This quantity in the base unit of its dimension: seconds for time, megabytes for memory, the numerator's
     * base unit for a rate ("5ms/1k triples" becomes "0.005 s/1k triples"); factors, percents, counts and bare
     * numbers are returned unchanged. Conversions are exact decimal multiplications.
     */
    public Quantity inBaseUnit() {
        Unit u = unitOf(unit);
        if (u.base().equals(unit)) {
            return this;
        }
        return new Quantity(value.multiply(u.toBase()), high == null ? null : high.multiply(u.toBase()), u.base(),
                comparator);
    }

    /**
     * The canonical text, which {@link #parse(String)} reads back to an equal quantity: the comparator's ASCII
     * symbol (none for EQ), the value, "-high" for a range, then the unit ("&lt;=15 s", "1.5-2 GB", "8x",
     * "100%", "42 events", "~330 ms").
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (comparator != Comparator.EQ) {
            b.append(comparator.symbol());
        }
        b.append(value.toPlainString());
        if (high != null) {
            b.append('-').append(high.toPlainString());
        }
        if (unit.equals("x") || unit.equals("%")) {
            b.append(unit);
        } else if (!unit.isEmpty()) {
            b.append(' ').append(unit);
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ reading

    private record UnitRead(Unit unit, String problem) {
        static UnitRead of(Unit unit) {
            return new UnitRead(unit, null);
        }

        static UnitRead problem(String problem) {
            return new UnitRead(null, problem);
        }
    }

    private static Comparator comparator(Tokens t) {
        if (t.acceptSymbol(LE)) {
            return Comparator.LE;
        }
        if (t.acceptSymbol(GE)) {
            return Comparator.GE;
        }
        if (t.acceptSymbol(LT)) {
            return Comparator.LT;
        }
        if (t.acceptSymbol(GT)) {
            return Comparator.GT;
        }
        if (t.acceptSymbol(APPROX)) {
            return Comparator.APPROX;
        }
        if (t.acceptSymbol(EQ)) {
            t.acceptSymbol(EQ); // "=="
            return Comparator.EQ;
        }
        return Comparator.EQ;
    }

    /**
     * Reads the unit after a number: a known word, "%" or "×", optionally "/" and a denominator. Returns
     * {@link Units#NONE} when the next token is not unit-like (a dash, the end, "to", "+"), and a problem when
     * it is a word outside the table.
     */
    private static UnitRead readUnit(Tokens t) {
        Token tok = t.peek();
        if (tok == null || tok.isWord("to")) {
            return UnitRead.of(Units.NONE);
        }
        Unit unit;
        if (tok.type() == Type.WORD || tok.isSymbol(Set.of("%", "\u00D7"))) {
            unit = Units.lookup(tok.text());
            if (unit == null) {
                String why = Units.whyNot(tok.text());
                return UnitRead.problem(why != null ? why : "'" + t.rest() + "' is not a known unit"
                        + " (time, memory, x, %, or a count such as events; see the documented table)");
            }
            t.next();
        } else {
            return UnitRead.of(Units.NONE);
        }
        if (!t.acceptSymbol(SLASH)) {
            return UnitRead.of(unit);
        }
        if (unit.dimension() == Dimension.FACTOR || unit.dimension() == Dimension.PERCENT) {
            return UnitRead.problem("a rate of '" + unit.symbol() + "' is not a quantity this parser reads");
        }
        String scale = null;
        if (!t.atEnd() && t.peek().type() == Type.NUMBER) {
            scale = t.next().text();
            if (!t.atEnd() && t.peek().isWord("k") && t.peek(1) != null && t.peek(1).type() == Type.WORD) {
                scale += t.next().lower();
            }
        }
        Token den = t.peek();
        Unit denominator = den == null || den.type() != Type.WORD ? null : Units.lookup(den.text());
        if (denominator == null
                || (denominator.dimension() != Dimension.TIME && denominator.dimension() != Dimension.COUNT)
                || (scale != null && denominator.dimension() != Dimension.COUNT)) {
            return UnitRead.problem("after '/' expected a time unit or a count such as '1k triples', found '"
                    + t.rest() + "'");
        }
        t.next();
        return UnitRead.of(unit.per(scale, denominator));
    }

    /** Why text is left after a complete quantity; specific for the usual cases. */
    private static String trailing(Tokens t) {
        Token tok = t.peek();
        if (tok.isSymbol(Set.of("+"))) {
            return "open-ended ('" + t.rest() + "' after the value): not one quantity; write a comparator"
                    + " such as '>=120s'";
        }
        if (tok.isSymbol(Set.of("?"))) {
            return "marked uncertain ('?'): not a quantity";
        }
        if (tok.type() == Type.NUMBER) {
            return "more than one number ('" + t.rest() + "' follows the quantity)";
        }
        return "unexpected text after the quantity: '" + t.rest() + "'";
    }

    /** The unit a normalised (or any accepted) unit text denotes, or null. Used to check and convert. */
    private static Unit unitOf(String unit) {
        if (unit.isEmpty()) {
            return Units.NONE;
        }
        Tokens t = Tokens.of(unit);
        if (t.atEnd()) {
            return null;
        }
        UnitRead read = readUnit(t);
        return read.problem() == null && read.unit() != Units.NONE && t.atEnd() ? read.unit() : null;
    }

    private static BigDecimal normalise(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
