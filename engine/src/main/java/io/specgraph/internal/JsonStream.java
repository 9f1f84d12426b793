package io.specgraph.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * {@link Json}'s text written as it is made, a member at a time, with no tree of maps and lists behind it: for a
 * document of megabytes (a large plan's JSON, which a run store keeps for every run) the tree costs as much as the
 * writing and is garbage at once. Indented or compact, the text is to the character what {@link Json#write} or
 * {@link Json#compact(Object)} writes for the same value. Not part of the public API.
 *
 * <p>Containers are opened and closed ({@link #beginObject()}, {@link #name(String)}, {@link #endObject()},
 * {@link #beginArray()}, {@link #endArray()}); a small value (a string, number, boolean, null, or a map or list of
 * them) is one {@link #value(Object)}. The text goes to a {@link StringBuilder}, or to a {@link Writer} a piece of
 * about {@value #PIECE} characters at a time.
 */
public final class JsonStream {
    /** How many characters are gathered before they are handed to the writer. */
    private static final int PIECE = 1 << 15;

    private final StringBuilder out;
    private final Writer sink;
    private final boolean indented;
    /** Per open container, innermost last: whether it has a member yet. */
    private boolean[] hasMember = new boolean[16];
    private int depth;
    /** Whether a name was just written, so that the next value is its value, not an element. */
    private boolean afterName;

    private JsonStream(StringBuilder out, Writer sink, boolean indented) {
        this.out = out;
        this.sink = sink;
        this.indented = indented;
    }

    /** A stream into {@code out}; indented as {@link Json#write}, or compact as {@link Json#compact(Object)}. */
    public static JsonStream into(StringBuilder out, boolean indented) {
        return new JsonStream(out, null, indented);
    }

    /** A stream into {@code sink}, handed on in pieces; {@link #flush()} hands on the rest. */
    public static JsonStream into(Writer sink, boolean indented) {
        return new JsonStream(new StringBuilder(PIECE + 4096), sink, indented);
    }

    /** Opens an object, as a value (after {@link #name}, as an array's element, or at the top). */
    public JsonStream beginObject() {
        return open('{');
    }

    /** Closes the innermost object. */
    public JsonStream endObject() {
        return close('}');
    }

    /** Opens an array. */
    public JsonStream beginArray() {
        return open('[');
    }

    /** Closes the innermost array. */
    public JsonStream endArray() {
        return close(']');
    }

    /** The next member's name, in the innermost object; its value follows. */
    public JsonStream name(String name) {
        member();
        Json.string(name, out);
        out.append(indented ? ": " : ":");
        afterName = true;
        return this;
    }

    /** A member: its name and a small value. */
    public JsonStream field(String name, Object value) {
        return name(name).value(value);
    }

    /** A member whose value is a string or null (the most common kind, written without {@link Json}'s type switch). */
    public JsonStream field(String name, String value) {
        name(name);
        afterName = false;
        if (value == null) {
            out.append("null");
        } else {
            Json.string(value, out);
        }
        return handOn();
    }

    /** A member whose value is a whole number. */
    public JsonStream field(String name, long value) {
        name(name);
        afterName = false;
        out.append(value);
        return handOn();
    }

    /** A member whose value is a list of strings. */
    public JsonStream field(String name, List<String> values) {
        name(name);
        afterName = false;
        if (values.isEmpty()) {
            out.append("[]");
            return handOn();
        }
        if (indented) {
            Json.write(values, out, depth);
            return handOn();
        }
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = values.get(i);
            if (v == null) {
                out.append("null");
            } else {
                Json.string(v, out);
            }
        }
        out.append(']');
        return handOn();
    }

    /** A small value: a string, number, boolean, null, or a map or list of those, written as {@link Json} writes it. */
    public JsonStream value(Object value) {
        element();
        Json.write(value, out, indent(depth));
        return handOn();
    }

    /** Hands on what is gathered (for a stream into a writer; the writer itself is not flushed or closed). */
    public void flush() throws IOException {
        if (sink != null && !out.isEmpty()) {
            sink.append(out);
            out.setLength(0);
        }
    }

    private JsonStream open(char bracket) {
        element();
        out.append(bracket);
        if (depth == hasMember.length) {
            hasMember = java.util.Arrays.copyOf(hasMember, depth * 2);
        }
        hasMember[depth++] = false;
        return this;
    }

    private JsonStream close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("no open container to close with " + bracket);
        }
        boolean any = hasMember[--depth];
        if (any && indented) {
            out.append('\n');
            pad(depth);
        }
        out.append(bracket);
        return handOn();
    }

    /** Before a value: unless it follows a name, it is an element of the innermost array (or the top value). */
    private void element() {
        if (afterName) {
            afterName = false;
        } else if (depth > 0) {
            member();
        }
    }

    /** Separates a member or element from the one before, and starts its line when indented. */
    private void member() {
        if (hasMember[depth - 1]) {
            out.append(',');
        }
        hasMember[depth - 1] = true;
        if (indented) {
            out.append('\n');
            pad(depth);
        }
    }

    private void pad(int level) {
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }

    private int indent(int level) {
        return indented ? level : Json.COMPACT + level;
    }

    private JsonStream handOn() {
        if (sink != null && out.length() >= PIECE) {
            try {
                flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }
}
