package io.specgraph.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A small JSON writer for specgraph's documented output formats: maps (written in their iteration order,
 * so a {@link java.util.LinkedHashMap} gives a stable key order), lists, strings, numbers, booleans and
 * null, indented by two spaces. Not part of the public API.
 */
public final class Json {
    private Json() {}

    /** An ordered JSON object from alternating keys and values. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A JSON array made of one value per item. */
    public static <T> List<Object> array(List<T> items, Function<T, Object> value) {
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(value.apply(i)));
        return out;
    }

    /** The value as indented JSON text ending with a newline. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /**
     * The value as JSON text on one line, without a line break at the end: the same value as {@link #write}, for a
     * machine to keep (a large plan's indentation is most of its indented text, and costs its writing time).
     */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, COMPACT);
        return out.toString();
    }

    /** Appends {@link #compact(Object)} of {@code value} to {@code out}: many small values into one buffer. */
    public static void compact(Object value, StringBuilder out) {
        write(value, out, COMPACT);
    }

    /** The indentation that means none: no line breaks, no padding. */
    static final int COMPACT = Integer.MIN_VALUE;

    static void write(Object value, StringBuilder out, int indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b);
            case Double d -> number(d, out);
            case Float f -> number(f.doubleValue(), out);
            case Number n -> out.append(n);
            case Map<?, ?> map -> object(map, out, indent);
            case List<?> list -> array(list, out, indent);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void number(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d).append(".0");
        } else {
            out.append(String.format(Locale.ROOT, "%s", d));
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out, int indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        boolean compact = indent < 0;
        out.append(compact ? "{" : "{\n");
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            pad(out, indent + 1);
            string(String.valueOf(e.getKey()), out);
            out.append(compact ? ":" : ": ");
            write(e.getValue(), out, indent + 1);
            if (it.hasNext()) {
                out.append(',');
            }
            if (!compact) {
                out.append('\n');
            }
        }
        pad(out, indent);
        out.append('}');
    }

    private static void array(List<?> list, StringBuilder out, int indent) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        boolean compact = indent < 0;
        out.append(compact ? "[" : "[\n");
        for (int i = 0; i < list.size(); i++) {
            pad(out, indent + 1);
            write(list.get(i), out, indent + 1);
            if (i < list.size() - 1) {
                out.append(',');
            }
            if (!compact) {
                out.append('\n');
            }
        }
        pad(out, indent);
        out.append(']');
    }

    private static void pad(StringBuilder out, int indent) {
        // compact: indent is COMPACT plus the depth, far below zero, so nothing is padded
        for (int i = 0; i < indent; i++) {
            out.append("  ");
        }
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        if (from == 0) {
            out.append(s); // a whole string is copied as an array; a range of it a character at a time
        } else {
            out.append(s, from, s.length());
        }
        out.append('"');
    }
}
