package io.specgraph.dialect;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The closed table of units a quantity may carry, with their spellings and their factor to the base unit of
 * their dimension. Closed on purpose: an unknown word after a number is refused rather than taken as a count
 * of something, because "3 fortnights" read as a count of fortnights would silently compare apples with
 * seconds.
 */
final class Units {
    private Units() {}

    /** What a unit measures, and the base unit values of that dimension are converted to. */
    enum Dimension {
        /** Time; base unit second. */
        TIME("s"),
        /** Memory or data size; base unit megabyte (10^6 bytes). */
        MEMORY("MB"),
        /** A factor ("8x"); no conversion. */
        FACTOR("x"),
        /** A percentage; no conversion. */
        PERCENT("%"),
        /** A count of things ("42 events"); the base unit is the unit itself. */
        COUNT(null),
        /** A bare number; no unit. */
        NONE(""),
        /** A rate such as "s/1k triples" or "MB/s": the numerator's dimension over a time or a count. */
        RATE(null);

        final String base;

        Dimension(String base) {
            this.base = base;
        }
    }

    /**
     * One unit: its normalised symbol, its dimension, how many base units one of it is, and the symbol of that
     * base unit.
     */
    record Unit(String symbol, Dimension dimension, BigDecimal toBase, String base) {
        Unit(String symbol, Dimension dimension, BigDecimal toBase) {
            this(symbol, dimension, toBase, dimension.base != null ? dimension.base : symbol);
        }

        /**
         * This unit per a time or a count ({@code scale} is a written multiplier such as "1k", or null). Only the
         * numerator is converted to its base unit; the denominator stays as written, because dividing by 60
         * ("MB/min" to "MB/s") would turn exact decimals into rounded ones.
         */
        Unit per(String scale, Unit denominator) {
            String den = (scale == null ? "" : scale + " ") + denominator.symbol();
            return new Unit(symbol + "/" + den, Dimension.RATE, toBase, base + "/" + den);
        }
    }

    static final Unit NONE = new Unit("", Dimension.NONE, BigDecimal.ONE);

    private static final Map<String, Unit> TABLE = new HashMap<>();

    static {
        time("ms", "0.001", "ms", "msec", "msecs", "millisecond", "milliseconds");
        time("\u00B5s", "0.000001", "\u00B5s", "\u03BCs", "us", "microsecond", "microseconds");
        time("s", "1", "s", "sec", "secs", "second", "seconds");
        time("min", "60", "min", "mins", "minute", "minutes");
        time("h", "3600", "h", "hr", "hrs", "hour", "hours");
        time("d", "86400", "d", "day", "days");
        time("w", "604800", "w", "wk", "wks", "week", "weeks");

        // Decimal prefixes as the SI and the IEC say (1 GB = 1000 MB), binary ones only when written
        // KiB/MiB/GiB: the author's letters are taken at their word rather than guessed to mean 1024.
        memory("B", "0.000001", "b", "byte", "bytes");
        memory("KB", "0.001", "kb");
        memory("MB", "1", "mb");
        memory("GB", "1000", "gb");
        memory("TB", "1000000", "tb");
        memory("KiB", "0.001024", "kib");
        memory("MiB", "1.048576", "mib");
        memory("GiB", "1073.741824", "gib");
        memory("TiB", "1099511.627776", "tib");

        put(new Unit("x", Dimension.FACTOR, BigDecimal.ONE), "x", "\u00D7", "times");
        put(new Unit("%", Dimension.PERCENT, BigDecimal.ONE), "%", "percent");

        for (String noun : new String[] {"event", "error", "warning", "failure", "test", "file", "crate", "task",
                "triple", "request", "conflict", "line", "agent", "item"}) {
            put(new Unit(noun + "s", Dimension.COUNT, BigDecimal.ONE), noun, noun + "s");
        }
        put(new Unit("retries", Dimension.COUNT, BigDecimal.ONE), "retry", "retries");
    }

    private static void time(String symbol, String seconds, String... spellings) {
        put(new Unit(symbol, Dimension.TIME, new BigDecimal(seconds)), spellings);
    }

    private static void memory(String symbol, String megabytes, String... spellings) {
        put(new Unit(symbol, Dimension.MEMORY, new BigDecimal(megabytes)), spellings);
    }

    private static void put(Unit unit, String... spellings) {
        for (String s : spellings) {
            TABLE.put(s, unit);
        }
    }

    /** The unit spelled so (ignoring case), or null. */
    static Unit lookup(String spelling) {
        return TABLE.get(spelling.toLowerCase(Locale.ROOT));
    }

    /** Why a word that looks like a unit is refused anyway, or null when there is no special reason. */
    static String whyNot(String spelling) {
        return switch (spelling.toLowerCase(Locale.ROOT)) {
            case "m" -> "the unit 'm' is ambiguous (minutes, months or metres): write 'min'";
            case "mo", "mos", "month", "months", "y", "yr", "yrs", "year", "years" ->
                    "months and years have no fixed length: give the time in days, hours or minutes";
            default -> null;
        };
    }
}
