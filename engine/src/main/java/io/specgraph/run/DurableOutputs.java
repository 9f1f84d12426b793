package io.specgraph.run;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a handler returned into a journal entry and reads it back, so that a resumed run hands its
 * successors the same outputs. Kept exactly: null, strings, booleans, integers, longs, doubles, big decimals
 * and integers, {@link CommandOutput}, and lists and maps (string keys) of those. Anything else is kept as its
 * {@code toString()}: a resumed run hands successors that string (documented in docs/run.md).
 *
 * <p>The encoding is length-prefixed (no escaping inside), so any string survives; the journal escapes the
 * whole for its line.
 */
final class DurableOutputs {
    private DurableOutputs() {}

    /** True when {@code value} survives {@link #encode} then {@link #decode} as an equal value. */
    static boolean exact(Object value) {
        return switch (value) {
            case null -> true;
            case String s -> true;
            case Boolean b -> true;
            case Integer i -> true;
            case Long l -> true;
            case Double d -> true;
            case BigDecimal d -> true;
            case BigInteger i -> true;
            case CommandOutput c -> true;
            case List<?> l -> l.stream().allMatch(DurableOutputs::exact);
            case Map<?, ?> m -> m.entrySet().stream().allMatch(e -> e.getKey() instanceof String && exact(e.getValue()));
            default -> false;
        };
    }

    static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    static Object decode(String text) {
        int[] at = {0};
        Object value = read(text, at);
        if (at[0] != text.length()) {
            throw new IllegalArgumentException("trailing characters in a journaled output at " + at[0]);
        }
        return value;
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append('n');
            case String s -> string('s', s, out);
            case Boolean b -> out.append(b ? 't' : 'f');
            case Integer i -> out.append('i').append(i).append(';');
            case Long l -> out.append('l').append(l).append(';');
            case Double d -> out.append('d').append(Double.doubleToRawLongBits(d)).append(';');
            case BigDecimal d -> out.append('D').append(d.toString()).append(';');
            case BigInteger i -> out.append('I').append(i).append(';');
            case CommandOutput c -> {
                out.append('c').append(c.exitCode()).append(';');
                string('p', c.stdout() == null ? "" : c.stdout().toString(), out);
                string('p', c.stderr() == null ? "" : c.stderr().toString(), out);
            }
            case List<?> list -> {
                out.append('[').append(list.size()).append(';');
                list.forEach(v -> write(v, out));
            }
            case Map<?, ?> map when exact(map) -> {
                out.append('{').append(map.size()).append(';');
                map.forEach((k, v) -> {
                    string('s', (String) k, out);
                    write(v, out);
                });
            }
            default -> string('s', value.toString(), out);
        }
    }

    private static void string(char tag, String s, StringBuilder out) {
        out.append(tag).append(s.length()).append(':').append(s);
    }

    private static Object read(String text, int[] at) {
        char tag = text.charAt(at[0]++);
        return switch (tag) {
            case 'n' -> null;
            case 't' -> Boolean.TRUE;
            case 'f' -> Boolean.FALSE;
            case 's' -> readString(text, at);
            case 'i' -> Integer.valueOf(upTo(text, at, ';'));
            case 'l' -> Long.valueOf(upTo(text, at, ';'));
            case 'd' -> Double.longBitsToDouble(Long.parseLong(upTo(text, at, ';')));
            case 'D' -> new BigDecimal(upTo(text, at, ';'));
            case 'I' -> new BigInteger(upTo(text, at, ';'));
            case 'c' -> {
                int exit = Integer.parseInt(upTo(text, at, ';'));
                at[0]++; // 'p'
                String out = readString(text, at);
                at[0]++;
                String err = readString(text, at);
                yield new CommandOutput(exit, out.isEmpty() ? null : Path.of(out), err.isEmpty() ? null : Path.of(err));
            }
            case '[' -> {
                int n = Integer.parseInt(upTo(text, at, ';'));
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(text, at));
                }
                yield Collections.unmodifiableList(list);
            }
            case '{' -> {
                int n = Integer.parseInt(upTo(text, at, ';'));
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    at[0]++; // 's'
                    String key = readString(text, at);
                    map.put(key, read(text, at));
                }
                yield Collections.unmodifiableMap(map);
            }
            default -> throw new IllegalArgumentException("not a journaled output: tag '" + tag + "' at " + (at[0] - 1));
        };
    }

    private static String readString(String text, int[] at) {
        int length = Integer.parseInt(upTo(text, at, ':'));
        String s = text.substring(at[0], at[0] + length);
        at[0] += length;
        return s;
    }

    private static String upTo(String text, int[] at, char end) {
        int stop = text.indexOf(end, at[0]);
        String s = text.substring(at[0], stop);
        at[0] = stop + 1;
        return s;
    }
}
