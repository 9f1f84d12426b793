package io.specgraph.report;

/**
 * Writes well-formed XHTML (and the SVG inside it) into a buffer. The report is opened as HTML by browsers and
 * parsed as XML by its tests, so every element is closed, every attribute quoted, and text from the spec or a
 * run (labels, reasons, command output) is escaped: it can neither break the markup nor carry a character XML
 * forbids, and control characters are shown as {@code ?} as everywhere else in specgraph.
 */
final class Markup {
    private final StringBuilder out;

    Markup(int capacity) {
        out = new StringBuilder(capacity);
    }

    /** An opening tag; {@code attributes} are name, value pairs, a null value leaves the attribute out. */
    Markup open(String tag, String... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append('>');
        return this;
    }

    /** A closing tag. */
    Markup close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /**
     * An element without content, self-closed: only for SVG elements and HTML void elements ({@code meta},
     * {@code input}, {@code br}), since a browser reads {@code <div/>} as an opening tag.
     */
    Markup empty(String tag, String... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append("/>");
        return this;
    }

    /** An element holding only text. */
    Markup element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** Escaped text. */
    Markup text(String text) {
        escape(text, false);
        return this;
    }

    /** A line break in the source, so the file reads in an editor and diffs line by line. */
    Markup newline() {
        out.append('\n');
        return this;
    }

    /**
     * Text the report itself wrote (the style sheet) without escaping.
     *
     * @throws IllegalArgumentException when it holds a character that would need escaping, a bug in the caller
     */
    Markup verbatim(String text) {
        if (text.indexOf('<') >= 0 || text.indexOf('&') >= 0) {
            throw new IllegalArgumentException("verbatim text must not contain < or &");
        }
        out.append(text);
        return this;
    }

    /** Appends a declaration or doctype exactly as given. */
    Markup declaration(String text) {
        out.append(text);
        return this;
    }

    int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) {
                continue;
            }
            out.append(' ').append(attributes[i]).append("=\"");
            escape(attributes[i + 1], true);
            out.append('"');
        }
    }

    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n', '\t' -> out.append(attribute ? ' ' : c);
                case '\r' -> out.append(attribute ? ' ' : '\n');
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append('?');
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
