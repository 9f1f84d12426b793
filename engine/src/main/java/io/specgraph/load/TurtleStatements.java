package io.specgraph.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Turtle text into its top-level statements (directives and triples ending with {@code .}), so that a
 * source with syntax errors can be parsed one statement at a time and every error reported, not just the first.
 *
 * <p>The split knows enough Turtle to skip comments, IRIs, strings (short and long) and escapes, and counts
 * brackets so that a {@code .} inside {@code [ … ]} or {@code ( … )} does not end a statement. A statement with
 * brackets left open still ends at a {@code .} that ends its line when the next line starts unindented (the
 * usual layout of a new subject); such a statement is {@link Statement#regular() irregular}: where the next
 * one starts is then a guess, and an error there may be a consequence of this one.
 *
 * <p>All offsets are {@code char} indexes into the text; lines are 1-based.
 */
final class TurtleStatements {
    private final String text;
    private final int[] lineStarts;

    /**
     * One statement.
     *
     * @param start         offset of its first character
     * @param end           offset just after its last character (its {@code .}, when it has one)
     * @param regular       false when it leaves a bracket or a long string open, so the split after it is a guess
     * @param brokenString  offset of the opening quote of a string it leaves unclosed, or -1
     * @param longString    whether that string is a long one ({@code """…"""}), which then runs to the end of the file
     * @param prefix        for a prefix directive, the prefix it declares ({@code "ex"}, {@code ""}); otherwise null
     */
    record Statement(int start, int end, boolean regular, int brokenString, boolean longString, String prefix) {}

    TurtleStatements(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The 1-based line of an offset. */
    long line(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** The 1-based column of an offset, counted in characters (code points), not UTF-16 units. */
    long column(int offset) {
        int start = lineStarts[(int) line(offset) - 1];
        return text.codePointCount(start, Math.min(offset, text.length())) + 1;
    }

    /**
     * The offset of a 1-based line and UTF-16 column as the Turtle parser counts them, or -1 when the line is
     * not in the text.
     */
    int offset(long line, long utf16Column) {
        if (line < 1 || line > lineStarts.length) {
            return -1;
        }
        int start = lineStarts[(int) line - 1];
        return (int) Math.min(text.length(), start + Math.max(utf16Column, 1) - 1);
    }

    /** The offset where a 1-based line starts. */
    int lineStart(long line) {
        return lineStarts[(int) Math.max(1, Math.min(line, lineStarts.length)) - 1];
    }

    /** The offset of a 1-based line and column counted in characters (code points), as {@link #column} gives it. */
    int offsetOfCharacter(long line, long column) {
        int start = lineStart(line);
        int end = line < lineStarts.length ? lineStarts[(int) line] : text.length();
        int offset = start;
        for (long c = 1; c < column && offset < end; c++) {
            offset += Character.charCount(text.codePointAt(offset));
        }
        return offset;
    }

    /** The statements of the text, in order. */
    List<Statement> split() {
        List<Statement> out = new ArrayList<>();
        int i = skipBlank(0);
        while (i < text.length()) {
            Statement s = statement(i);
            out.add(s);
            i = skipBlank(s.end());
        }
        return out;
    }

    /**
     * The innermost bracket ({@code (}, {@code [} or {@code {}) open at an offset inside a statement, or -1: the
     * offset of that bracket. Tells an error inside a list from one elsewhere.
     */
    int openBracketAt(Statement s, int offset) {
        List<Integer> open = new ArrayList<>();
        int i = s.start();
        while (i < offset && i < s.end()) {
            char c = text.charAt(i);
            switch (c) {
                case '#' -> i = endOfLine(i);
                case '<' -> i = i + 1 < text.length() && text.charAt(i + 1) == '<' ? i + 2 : endOfIri(i);
                case '"', '\'' -> i = endOfString(i, null);
                case '\\' -> i += 2;
                case '(', '[', '{' -> {
                    open.add(i);
                    i++;
                }
                case ')', ']', '}' -> {
                    if (!open.isEmpty()) {
                        open.remove(open.size() - 1);
                    }
                    i++;
                }
                default -> i++;
            }
        }
        return open.isEmpty() ? -1 : open.get(open.size() - 1);
    }

    private Statement statement(int from) {
        int depth = 0;
        int brokenString = -1;
        boolean longString = false;
        String keyword = firstWord(from);
        boolean sparqlDirective = keyword.equalsIgnoreCase("PREFIX") || keyword.equalsIgnoreCase("BASE");
        String prefix = keyword.equalsIgnoreCase("PREFIX") || keyword.equals("@prefix") ? declaredPrefix(from + keyword.length()) : null;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            switch (c) {
                case '#' -> i = endOfLine(i);
                case '<' -> {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '<') {
                        depth++;
                        i += 2;
                    } else {
                        i = endOfIri(i);
                        if (sparqlDirective && depth == 0) {
                            return new Statement(from, i, true, brokenString, false, prefix);
                        }
                    }
                }
                case '>' -> {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '>') {
                        depth = Math.max(0, depth - 1);
                        i += 2;
                    } else {
                        i++;
                    }
                }
                case '"', '\'' -> {
                    boolean[] broken = {false};
                    int end = endOfString(i, broken);
                    if (broken[0] && brokenString < 0) {
                        brokenString = i;
                        longString = end >= text.length() && isLongQuote(i);
                    }
                    if (broken[0] && end >= text.length()) {
                        return new Statement(from, text.length(), false, brokenString, longString, prefix);
                    }
                    if (broken[0]) {
                        // most often text meant to span lines, its closing quote further down: the statement is
                        // taken to end at the first line that ends with '.' and is followed by an unindented line
                        int dot = endOfLineWithDot(end);
                        return new Statement(from, dot, false, brokenString, false, prefix);
                    }
                    i = end;
                }
                case '\\' -> i += 2;
                case '(', '[', '{' -> {
                    depth++;
                    i++;
                }
                case ')', ']', '}' -> {
                    depth = Math.max(0, depth - 1);
                    i++;
                }
                case '.' -> {
                    if (i + 1 < text.length() && isNameChar(text.charAt(i + 1))) {
                        i++; // inside a name or a number: ex:a.b, 1.5
                    } else if (depth == 0) {
                        return new Statement(from, i + 1, true, brokenString, longString, prefix);
                    } else if (nextLineStartsAStatement(i + 1)) {
                        return new Statement(from, i + 1, false, brokenString, longString, prefix);
                    } else {
                        i++;
                    }
                }
                default -> i++;
            }
        }
        return new Statement(from, text.length(), depth == 0, brokenString, longString, prefix);
    }

    /** After a {@code .} that ends its line: whether the next line with content starts unindented, as a subject does. */
    private boolean nextLineStartsAStatement(int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '#') {
            i = endOfLine(i);
        }
        if (i < text.length() && text.charAt(i) != '\n') {
            return false; // more on the same line
        }
        while (i < text.length()) {
            int lineStart = i + 1;
            int j = lineStart;
            while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\r')) {
                j++;
            }
            if (j >= text.length()) {
                return true;
            }
            char c = text.charAt(j);
            if (c == '\n') {
                i = j;
                continue;
            }
            if (c == '#') {
                i = endOfLine(j);
                continue;
            }
            return j == lineStart && ")]}|>,;.".indexOf(c) < 0;
        }
        return true;
    }

    /** The offset after the first '.' at the end of a line from here that is followed by an unindented line, or the end. */
    private int endOfLineWithDot(int from) {
        int i = from;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            int lineEnd = nl < 0 ? text.length() : nl;
            int j = lineEnd - 1;
            while (j >= i && Character.isWhitespace(text.charAt(j))) {
                j--;
            }
            if (j >= i && text.charAt(j) == '.' && nextLineStartsAStatement(j + 1)) {
                return j + 1;
            }
            i = lineEnd + 1;
        }
        return text.length();
    }

    private String firstWord(int from) {
        int i = from;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '<') {
            i++;
        }
        return text.substring(from, i);
    }

    /** The prefix a directive declares: the word after its keyword, without its ':' (which may be the slip). */
    private String declaredPrefix(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < text.length() && text.charAt(i) != ':' && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '<') {
            i++;
        }
        return text.substring(start, i);
    }

    /** Skips white space and comments; returns the offset of the next content, or the end of the text. */
    private int skipBlank(int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                i = endOfLine(i);
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private int endOfLine(int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    /** The offset after an IRI's {@code >}; an IRI is never longer than its line. */
    private int endOfIri(int from) {
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '>') {
                return i + 1;
            }
            if (c == '\n') {
                return i;
            }
        }
        return text.length();
    }

    private boolean isLongQuote(int at) {
        char q = text.charAt(at);
        return at + 2 < text.length() && text.charAt(at + 1) == q && text.charAt(at + 2) == q;
    }

    /**
     * The offset after a string that opens at {@code from}. A short string broken by the end of its line ends
     * there (as the parser's tokenizer ends it); a long string runs to its closing quotes or to the end of the text.
     */
    private int endOfString(int from, boolean[] broken) {
        char q = text.charAt(from);
        if (isLongQuote(from)) {
            for (int i = from + 3; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == q && i + 2 < text.length() && text.charAt(i + 1) == q && text.charAt(i + 2) == q) {
                    return i + 3;
                }
            }
            if (broken != null) {
                broken[0] = true;
            }
            return text.length();
        }
        if (from + 1 < text.length() && text.charAt(from + 1) == q) {
            return from + 2; // ""
        }
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i + 1;
            } else if (c == '\n' || c == '\r') {
                if (broken != null) {
                    broken[0] = true;
                }
                return i;
            }
        }
        if (broken != null) {
            broken[0] = true;
        }
        return text.length();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == ':'
                || c == '%' || c > 0x7F;
    }
}
