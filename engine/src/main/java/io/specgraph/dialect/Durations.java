package io.specgraph.dialect;

import io.specgraph.dialect.Tokens.Token;
import io.specgraph.dialect.Tokens.Type;
import io.specgraph.dialect.Units.Dimension;
import io.specgraph.dialect.Units.Unit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the estimated durations written in foreign plans ("1-2 hours", "30-45 minutes", "2 days", "4h",
 * "PT1H", "6-7 calendar days") as a {@link Duration}, and writes a duration as an {@code xsd:duration}
 * lexical form.
 *
 * <h2>What {@link #parse(String, Days)} accepts</h2>
 * <ul>
 *   <li><b>An xsd:duration</b> ({@code PT1H}, {@code P2D}, {@code P1DT2H30M}, {@code PT90.5S}; letters in
 *       either case) and an ISO 8601 week ({@code P2W}). Its days are 24 hours, whatever {@link Days} says,
 *       because that is what the lexical form means. Years and months are refused (no fixed length).</li>
 *   <li><b>One amount and a unit</b>: "4h", "1 hour", "1.5 hours", "90 min", "2 days"; the amount may also be
 *       "a"/"an" (1) or "half a"/"half an" (0.5): "an hour", "half a day".</li>
 *   <li><b>A range</b>: amount, optional unit, a dash (hyphen, en dash, em dash, minus sign) or "to", amount,
 *       unit: "1-2 hours", "30–45 minutes", "30 min - 1 hour", "2 to 3 days".</li>
 *   <li><b>A sum</b> in decreasing units, optionally joined by "and": "1h 30min", "1 hour and 30 minutes".</li>
 *   <li>Units (any case): {@code ms}, {@code s sec secs second(s)}, {@code min mins minute(s)},
 *       {@code h hr hrs hour(s)}, {@code d day(s)}, {@code w wk wks week(s)}; "calendar day(s)/week(s)" and
 *       "working/work/business day(s)/week(s)", "workday(s)" fix the kind of day whatever {@link Days} says.</li>
 *   <li>Prefixes: "~", "≈", "about", "approx.", "approximately", "around", "roughly" are dropped (every estimate
 *       is approximate, so they change nothing); an upper bound "≤", "&lt;=", "&lt;", "up to", "at most", "under",
 *       "max" gives its bound (see the rule for ranges: the upper end is what is planned with).</li>
 * </ul>
 *
 * <h2>The rule for ranges: the upper end</h2>
 * "1-2 hours" is planned as 2 hours. A plan derived from the low ends would be optimistic by construction,
 * and the mid-point (or a PERT mean) would invent a precision and a distribution the author never gave; the
 * upper end is what the author said it would not exceed, so a makespan computed from it is one the author
 * can be held to. The same rule makes "&lt;10 minutes" 10 minutes, and is why a lower bound alone is refused.
 *
 * <p>{@link #parseLow(String, Days)} gives the low end instead, for a range claimed rather than planned with
 * ("the plan takes 6-7 days" is a claim that holds between the two ends).
 *
 * <h2>What a day is</h2>
 * An unqualified "day" follows {@link Days}: {@link Days#CALENDAR} (the default) counts 24 hours and a week
 * 7 days, {@link Days#WORKING} 8 hours and a week 5 working days. Calendar is the default because the
 * engine reads {@code P1D} as 24 hours, because the specs seen so far add their phase days up to "calendar
 * days" ("2 days" + "3 days" + "1 day" for "6-7 calendar days"), and because the longer reading is the
 * cautious one.
 *
 * <h2>What it refuses</h2>
 * The empty string, anything without a number or a unit ("soon", "hours", "1-2", "TBD"), a lower bound or
 * an open end ("&gt;2 hours", "at least 2 days", "2+ hours": no upper end to plan with), an uncertain value
 * ("2 weeks?"), the ambiguous unit "m" (minutes or months?), months and years, number words ("one hour"),
 * a comma in a number, text after the duration ("2 days per agent", "12-15 minutes**"), a reversed range
 * ("3-2 hours"), a range inside a sum, a sum whose units do not decrease ("30 min 1 hour").
 */
public final class Durations {
    private Durations() {}

    /** What an unqualified "day" and "week" mean. */
    public enum Days {
        /** A day is 24 hours, a week 7 days: elapsed time. */
        CALENDAR(Duration.ofHours(24), 7),
        /** A day is 8 hours, a week 5 working days: effort of one person or agent. */
        WORKING(Duration.ofHours(8), 5);

        private final Duration day;
        private final int daysPerWeek;

        Days(Duration day, int daysPerWeek) {
            this.day = day;
            this.daysPerWeek = daysPerWeek;
        }

        /** The length of one day. */
        public Duration day() {
            return day;
        }

        /** The length of one week. */
        public Duration week() {
            return day.multipliedBy(daysPerWeek);
        }
    }

    private static final Pattern ISO = Pattern.compile(
            "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_LIKE = Pattern.compile("[+-]?[Pp][0-9Tt].*");
    private static final Pattern COMMA_IN_NUMBER = Pattern.compile("\\d,\\d");

    private static final Set<String> APPROX = Set.of("~", "\u2248", "\u223C");
    private static final Set<String> AT_MOST = Set.of("\u2264", "<=", "=<", "<");
    private static final Set<String> AT_LEAST = Set.of("\u2265", ">=", ">");
    private static final Set<String> DOT = Set.of(".");
    private static final Set<String> PLUS = Set.of("+");
    private static final Set<String> QUESTION = Set.of("?");
    private static final BigDecimal DAY_SECONDS = BigDecimal.valueOf(86_400);
    private static final BigDecimal MAX_SECONDS = new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE));

    /**
     * Reads a duration, counting an unqualified day as 24 hours; see the class comment for what is accepted.
     *
     * @param text the string as written in the spec; null is refused as empty
     * @return the duration (the upper end of a range), or the reason it was refused
     */
    public static Parsed<Duration> parse(String text) {
        return parse(text, Days.CALENDAR);
    }

    /**
     * Reads a duration; see the class comment for what is accepted and refused.
     *
     * @param text the string as written in the spec; null is refused as empty
     * @param days what an unqualified "day" and "week" mean
     * @return the duration (the upper end of a range), or the reason it was refused
     */
    public static Parsed<Duration> parse(String text, Days days) {
        return read(text, days, false);
    }

    /**
     * Reads a duration and gives the low end of a range ("6-7 calendar days" gives 6 days), else the duration
     * itself; it accepts and refuses what {@link #parse(String, Days)} does, and also refuses an upper bound alone
     * ("≤2 hours", "up to 3 days"), which says nothing of a low end. With {@link #parse(String, Days)} it gives
     * both ends of a range a spec claims.
     *
     * @param text the string as written in the spec; null is refused as empty
     * @param days what an unqualified "day" and "week" mean
     * @return the duration (the low end of a range), or the reason it was refused
     */
    public static Parsed<Duration> parseLow(String text, Days days) {
        return read(text, days, true);
    }

    private static Parsed<Duration> read(String text, Days days, boolean lowEnd) {
        Objects.requireNonNull(days, "days");
        if (text == null || text.isBlank()) {
            return Parsed.refused(text, "empty: no duration");
        }
        String s = text.strip();
        if (ISO_LIKE.matcher(s).matches()) {
            return iso(text, s);
        }
        Tokens t = Tokens.of(s);
        if (t.contains(Tokens.ARROWS)) {
            return Parsed.refused(text, "a change between two values, not one duration");
        }
        if (COMMA_IN_NUMBER.matcher(s).find()) {
            return Parsed.refused(text, "a comma inside a number is ambiguous: write 1.5 or 1500");
        }
        if (t.contains(QUESTION)) {
            return Parsed.refused(text, "marked uncertain ('?'): not an estimate to plan with");
        }
        if (t.contains(PLUS)) {
            return Parsed.refused(text, "open-ended ('+'): no upper end to plan with; write a range such as"
                    + " '2-3 hours'");
        }
        boolean bounded = prefixes(t);
        if (t.peek() != null && (t.peek().isSymbol(AT_LEAST) || t.peek().isWord("over")
                || (t.peek().isWord("at") && t.peek(1) != null && t.peek(1).isWord("least"))
                || (t.peek().isWord("more") && t.peek(1) != null && t.peek(1).isWord("than")))) {
            return Parsed.refused(text, "a lower bound ('" + t.rest() + "') has no upper end to plan with;"
                    + " write a range such as '2-3 hours'");
        }
        BigDecimal total = BigDecimal.ZERO;
        int lastRank = Integer.MAX_VALUE;
        boolean first = true;
        while (true) {
            Amount amount = amount(t);
            if (amount.problem() != null) {
                return Parsed.refused(text, amount.problem());
            }
            UnitRead unit = unit(t, days);
            if (unit.problem() != null) {
                return Parsed.refused(text, unit.problem());
            }
            if (t.atRangeSeparator()) {
                if (!first) {
                    return Parsed.refused(text, "a range inside a sum ('" + t.rest() + "'): write one range");
                }
                if (bounded) {
                    return Parsed.refused(text, "a bound before a range is not one duration: write the range");
                }
                t.next();
                Token high = t.peek();
                if (high == null || high.type() != Type.NUMBER) {
                    return Parsed.refused(text, "a range needs a number after the dash, found '" + t.rest() + "'");
                }
                BigDecimal highAmount = new BigDecimal(t.next().text());
                UnitRead highUnit = unit(t, days);
                if (highUnit.problem() != null) {
                    return Parsed.refused(text, highUnit.problem());
                }
                if (highUnit.unit() == null) {
                    return Parsed.refused(text, "no unit: '" + s + "' could be minutes, hours or days");
                }
                BigDecimal low = amount.value().multiply(
                        (unit.unit() != null ? unit.unit() : highUnit.unit()).seconds());
                total = highAmount.multiply(highUnit.unit().seconds());
                if (low.compareTo(total) > 0) {
                    return Parsed.refused(text, "the range's low end exceeds its high end");
                }
                if (lowEnd) {
                    total = low;
                }
                break;
            }
            if (unit.unit() == null) {
                return Parsed.refused(text, "no unit after " + amount.value().toPlainString()
                        + (t.atEnd() ? "" : ", found '" + t.rest() + "'")
                        + ": give minutes, hours or days");
            }
            if (unit.unit().rank() >= lastRank) {
                return Parsed.refused(text, "the units of a sum must decrease ('1 hour 30 minutes')");
            }
            lastRank = unit.unit().rank();
            total = total.add(amount.value().multiply(unit.unit().seconds()));
            first = false;
            if (t.peek() != null && t.peek().isWord("and") && t.peek(1) != null && startsAmount(t.peek(1), t.peek(2))) {
                t.next();
            }
            if (t.atEnd() || !startsAmount(t.peek(), t.peek(1))) {
                break;
            }
            if (bounded) {
                return Parsed.refused(text, "a bound before a sum: write one value");
            }
        }
        if (!t.atEnd()) {
            return Parsed.refused(text, "unexpected text after the duration: '" + t.rest() + "'");
        }
        if (lowEnd && bounded) {
            return Parsed.refused(text, "an upper bound alone has no low end; write a range such as '2-3 hours'");
        }
        return seconds(text, total);
    }

    /**
     * The {@code xsd:duration} lexical form of a duration: days, hours, minutes and seconds, days counted as
     * 24 hours, zero fields left out, {@code PT0S} for zero ("P2D", "PT1H30M", "P1DT2H", "PT0.5S"). Java's
     * {@link Duration#parse} reads it back.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public static String toXsd(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        if (duration.isZero()) {
            return "PT0S";
        }
        long days = duration.toDays();
        int hours = duration.toHoursPart();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int nanos = duration.toNanosPart();
        StringBuilder b = new StringBuilder("P");
        if (days > 0) {
            b.append(days).append('D');
        }
        if (hours > 0 || minutes > 0 || seconds > 0 || nanos > 0) {
            b.append('T');
            if (hours > 0) {
                b.append(hours).append('H');
            }
            if (minutes > 0) {
                b.append(minutes).append('M');
            }
            if (seconds > 0 || nanos > 0) {
                b.append(BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9)).stripTrailingZeros()
                        .toPlainString()).append('S');
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ reading

    /** A unit of time: its length in seconds and its rank, so that a sum can require decreasing units. */
    private record TimeUnit(BigDecimal seconds, int rank) {}

    private record UnitRead(TimeUnit unit, String problem) {}

    private record Amount(BigDecimal value, String problem) {}

    private static Parsed<Duration> iso(String text, String s) {
        if (s.startsWith("-")) {
            return Parsed.refused(text, "a negative duration");
        }
        String body = s.startsWith("+") ? s.substring(1) : s;
        Matcher m = ISO.matcher(body);
        if (!m.matches() || body.length() == 1 || body.toUpperCase(Locale.ROOT).endsWith("T")) {
            return Parsed.refused(text, "not an xsd:duration (such as PT1H30M or P2D; only seconds may have a"
                    + " fraction)");
        }
        if (nonZero(m.group(1)) || nonZero(m.group(2))) {
            return Parsed.refused(text, "years and months have no fixed length: give the duration in days, hours"
                    + " or minutes");
        }
        BigDecimal total = BigDecimal.ZERO;
        total = total.add(field(m.group(3)).multiply(DAY_SECONDS.multiply(BigDecimal.valueOf(7))));
        total = total.add(field(m.group(4)).multiply(DAY_SECONDS));
        total = total.add(field(m.group(5)).multiply(BigDecimal.valueOf(3600)));
        total = total.add(field(m.group(6)).multiply(BigDecimal.valueOf(60)));
        total = total.add(field(m.group(7)));
        return seconds(text, total);
    }

    private static boolean nonZero(String group) {
        return group != null && new BigDecimal(group).signum() != 0;
    }

    private static BigDecimal field(String group) {
        return group == null ? BigDecimal.ZERO : new BigDecimal(group);
    }

    /** Drops approximation words; returns whether an upper bound ("≤", "up to") was read. */
    private static boolean prefixes(Tokens t) {
        if (t.acceptSymbol(APPROX)
                || t.acceptWord("about", "approx", "approximately", "around", "roughly", "circa", "ca")) {
            t.acceptSymbol(DOT);
        }
        if (t.acceptSymbol(AT_MOST) || t.acceptWord("under")) {
            return true;
        }
        if (t.acceptWord("max", "maximum")) {
            t.acceptSymbol(DOT);
            return true;
        }
        Token a = t.peek();
        Token b = t.peek(1);
        if (a != null && b != null && ((a.isWord("up") && b.isWord("to")) || (a.isWord("at") && b.isWord("most")))) {
            t.next();
            t.next();
            return true;
        }
        return false;
    }

    private static boolean startsAmount(Token a, Token b) {
        if (a == null) {
            return false;
        }
        return a.type() == Type.NUMBER || a.isWord("an") || (a.isWord("a") && b != null && b.type() == Type.WORD)
                || (a.isWord("half") && b != null && b.isWord("a", "an"));
    }

    private static Amount amount(Tokens t) {
        Token tok = t.peek();
        if (tok == null) {
            return new Amount(null, "no number: not a duration");
        }
        if (tok.type() == Type.NUMBER) {
            t.next();
            return new Amount(new BigDecimal(tok.text()), null);
        }
        if (tok.isWord("a", "an")) {
            t.next();
            return new Amount(BigDecimal.ONE, null);
        }
        if (tok.isWord("half") && t.peek(1) != null && t.peek(1).isWord("a", "an")) {
            t.next();
            t.next();
            return new Amount(new BigDecimal("0.5"), null);
        }
        if (tok.isSymbol(Tokens.DASHES)) {
            return new Amount(null, "a negative duration");
        }
        return new Amount(null, "no number" + (t.hasNumber() ? " at '" + t.rest() + "'" : "") + ": not a duration"
                + " (write digits: '1 hour', '1-2 hours', 'PT1H')");
    }

    /**
     * Reads a unit of time, with "calendar"/"working" before day or week. Returns a null unit (no problem) when
     * the next token is not a word or is "to" or "and", so that the caller can tell "no unit" from "bad unit".
     */
    private static UnitRead unit(Tokens t, Days days) {
        Token tok = t.peek();
        if (tok == null || tok.type() != Type.WORD || tok.isWord("to", "and")) {
            return new UnitRead(null, null);
        }
        Days kind = days;
        if (tok.isWord("calendar") || tok.isWord("working", "work", "business")) {
            kind = tok.isWord("calendar") ? Days.CALENDAR : Days.WORKING;
            Token next = t.peek(1);
            if (next == null || !next.isWord("day", "days", "week", "weeks")) {
                return new UnitRead(null, "'" + tok.text() + "' must be followed by day(s) or week(s)");
            }
            t.next();
            tok = t.peek();
        } else if (tok.isWord("workday", "workdays")) {
            t.next();
            return new UnitRead(new TimeUnit(seconds(Days.WORKING.day()), 4), null);
        }
        if (tok.isWord("d", "day", "days")) {
            t.next();
            return new UnitRead(new TimeUnit(seconds(kind.day()), 4), null);
        }
        if (tok.isWord("w", "wk", "wks", "week", "weeks")) {
            t.next();
            return new UnitRead(new TimeUnit(seconds(kind.week()), 5), null);
        }
        if (tok.isWord("m")) {
            return new UnitRead(null, "the unit 'm' is ambiguous (minutes or months): write 'min'");
        }
        String why = Units.whyNot(tok.text());
        if (why != null) {
            return new UnitRead(null, why);
        }
        Unit unit = Units.lookup(tok.text());
        if (unit == null || unit.dimension() != Dimension.TIME) {
            return new UnitRead(null, "'" + t.rest() + "' is not a unit of time (ms, s, min, h, days, weeks)");
        }
        t.next();
        return new UnitRead(new TimeUnit(unit.toBase(), rank(unit.symbol())), null);
    }

    private static int rank(String symbol) {
        return switch (symbol) {
            case "\u00B5s" -> -1;
            case "ms" -> 0;
            case "s" -> 1;
            case "min" -> 2;
            case "h" -> 3;
            default -> throw new IllegalStateException("no rank for " + symbol);
        };
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds());
    }

    /** A duration of so many seconds, rounded up to the nanosecond (never shorter than written). */
    private static Parsed<Duration> seconds(String text, BigDecimal seconds) {
        BigDecimal exact = seconds.setScale(9, RoundingMode.CEILING);
        if (exact.compareTo(MAX_SECONDS) > 0) {
            return Parsed.refused(text, "too long to be a duration");
        }
        BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
        long nanos = exact.subtract(whole).movePointRight(9).longValueExact();
        return Parsed.ok(Duration.ofSeconds(whole.longValueExact(), nanos));
    }
}
