package io.specgraph.load;

/**
 * Text from a spec's sources as load messages quote it. Names, IRIs, link targets and the parser's own
 * messages are written by the spec's author, who may be careless or hostile: a megabyte name would flood a
 * CI log, and an ESC or CSI would drive the terminal that shows the message. So every such text is cut to a
 * readable length (an ellipsis marks the cut) and its control characters (C0, DEL and C1) are shown as
 * {@code ?}.
 */
final class Shown {
    /** A name or an IRI: enough to recognise it. */
    static final int NAME = 60;
    /** A path: long enough that a real one is usually whole. */
    static final int PATH = 200;
    /** The parser's message: its start and its end (where it says why) are kept. */
    private static final int MESSAGE_HEAD = 240;
    private static final int MESSAGE_TAIL = 120;
    private static final String CUT = "…";

    private Shown() {}

    /** A name or IRI: its first {@value #NAME} characters, made safe. */
    static String name(String text) {
        return safe(head(text, NAME));
    }

    /** A path or link target: its first {@value #PATH} characters, made safe. */
    static String path(String text) {
        return safe(head(text, PATH));
    }

    /** A message of the parser's, which quotes the source: its start and end, made safe. */
    static String message(String text) {
        if (text == null) {
            return "";
        }
        int length = text.codePointCount(0, text.length());
        if (length <= MESSAGE_HEAD + MESSAGE_TAIL) {
            return safe(text);
        }
        int headEnd = text.offsetByCodePoints(0, MESSAGE_HEAD);
        int tailStart = text.offsetByCodePoints(text.length(), -MESSAGE_TAIL);
        return safe(text.substring(0, headEnd)) + CUT + safe(text.substring(tailStart));
    }

    /** The first {@code max} characters (code points, so a pair is never split), and the mark when cut. */
    private static String head(String text, int max) {
        if (text.length() <= max || text.codePointCount(0, Math.min(text.length(), 2 * max + 2)) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max)) + CUT;
    }

    /** Control characters (Unicode category Cc: C0, DEL and C1, ESC and CSI among them) as {@code ?}. */
    private static String safe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
