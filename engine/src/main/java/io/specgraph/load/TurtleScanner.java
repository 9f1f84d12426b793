package io.specgraph.load;

/**
 * A light pass over the bytes of one Turtle source, fed as the parser reads them, for what the parser does
 * not tell: how deep brackets nest, which bytes are not UTF-8, and whether the last statement ends with
 * {@code .}.
 *
 * <p>Why each: RIOT's Turtle parser is a recursive descent that overflows the stack on deeply nested input,
 * so the scan stops a source as soon as it nests deeper than the limit, before the parser gets there (the
 * parser only sees bytes the scan has already seen). RIOT decodes with a replacing decoder, so bad bytes
 * become U+FFFD without a word. And it accepts a last statement without its {@code .}.
 *
 * <p>The scan knows just enough Turtle to skip comments, IRIs, escapes and strings (short and long); it
 * never rejects input: what does not parse is the parser's to report.
 */
final class TurtleScanner {
    /** A source nested deeper than the limit: where the nesting passed it. */
    static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SourcePosition position;
        private final int limit;

        TooDeep(SourcePosition position, int limit) {
            super(null, null, false, false);
            this.position = position;
            this.limit = limit;
        }

        SourcePosition position() {
            return position;
        }

        int limit() {
            return limit;
        }
    }

    private enum State { DEFAULT, COMMENT, IRI, LT, GT, NAME_ESCAPE, DOT, QUOTE1, QUOTE2, SHORT, SHORT_ESCAPE, LONG, LONG_ESCAPE }

    private static final int NON_ASCII = 0x80;

    private final String source;
    private final int maxNesting;

    private long line = 1;
    private long column;
    /** The column as the parser counts it, in UTF-16 units: a character outside the BMP counts two. */
    private long utf16Column;
    /** Per line, the UTF-16 columns of its characters outside the BMP (only lines that have any). */
    private final java.util.Map<Long, java.util.List<Long>> wideChars = new java.util.HashMap<>();

    // UTF-8: continuation bytes still expected for the current character, and the range of the next one
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;
    private long badSequences;
    private SourcePosition firstBad;
    private long leadLine;
    private long leadColumn;

    private State state = State.DEFAULT;
    private int quote;
    private int quotesInARow;
    private int depth;
    private int deepest;
    private SourcePosition deepestAt;

    // the statement being read: where it starts, its first name (a directive's keyword) and how many names
    private boolean inStatement;
    private long statementLine;
    private boolean inName;
    private final StringBuilder name = new StringBuilder();
    private int namesInStatement;
    private String keyword;

    TurtleScanner(String source, int maxNesting) {
        this.source = source;
        this.maxNesting = maxNesting;
    }

    /** Scans bytes read from the source, in order. */
    void accept(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i] & 0xFF);
        }
    }

    /** Scans one byte read from the source. */
    void accept(int b) {
        if (pending > 0) {
            if (b >= low && b <= high) {
                pending--;
                low = 0x80;
                high = 0xBF;
                return;
            }
            malformed(leadLine, leadColumn);
            pending = 0;
            low = 0x80;
            high = 0xBF;
        }
        if (b < 0x80) {
            if (b == '\n') {
                line++;
                column = 0;
                utf16Column = 0;
            } else {
                column++;
                utf16Column++;
            }
            lex(b);
            return;
        }
        column++;
        if (b >= 0xF0 && b <= 0xF4) {
            wideChars.computeIfAbsent(line, l -> new java.util.ArrayList<>()).add(utf16Column + 1);
            utf16Column += 2;
        } else {
            utf16Column++;
        }
        leadLine = line;
        leadColumn = column;
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            malformed(line, column);
        }
        lex(NON_ASCII);
    }

    /** Ends the scan at the end of the source. */
    void finish() {
        if (pending > 0) {
            malformed(leadLine, leadColumn);
            pending = 0;
        }
        if (state == State.DOT) {
            state = State.DEFAULT;
            terminate();
        }
        endName();
    }

    /**
     * A column as the parser reports it (UTF-16 units, where an emoji counts two) as a column in characters
     * (code points), for a line the scan has passed.
     */
    long codePointColumn(long atLine, long utf16) {
        java.util.List<Long> wide = wideChars.get(atLine);
        if (wide == null) {
            return utf16;
        }
        long before = wide.stream().filter(c -> c < utf16).count();
        return utf16 - before;
    }

    /** How many byte sequences are not UTF-8. */
    long badSequences() {
        return badSequences;
    }

    /** Where the first byte sequence that is not UTF-8 starts, or null. */
    SourcePosition firstBad() {
        return firstBad;
    }

    /** The line where the last statement starts when it does not end with {@code .}, or 0. */
    long unterminatedLine() {
        return inStatement ? statementLine : 0;
    }

    /** The deepest nesting seen so far, and where it was first reached (null when nothing nested). */
    int deepest() {
        return deepest;
    }

    SourcePosition deepestAt() {
        return deepestAt;
    }

    /** Where the scan is: just after the last byte it saw. */
    SourcePosition position() {
        return new SourcePosition(source, line, column);
    }

    private void malformed(long atLine, long atColumn) {
        if (badSequences++ == 0) {
            firstBad = new SourcePosition(source, atLine, atColumn);
        }
    }

    private void lex(int c) {
        switch (state) {
            case COMMENT -> {
                if (isLineEnd(c)) {
                    state = State.DEFAULT;
                }
            }
            case IRI -> {
                if (c == '>' || isLineEnd(c)) {
                    state = State.DEFAULT;
                    if (isSparqlDirective() && !"VERSION".equalsIgnoreCase(keyword)) {
                        inStatement = false;
                    }
                }
            }
            case LT -> {
                if (c == '<') {
                    state = State.DEFAULT;
                    open();
                } else {
                    state = State.IRI;
                    lex(c);
                }
            }
            case GT -> {
                state = State.DEFAULT;
                if (c == '>') {
                    close();
                } else {
                    lex(c);
                }
            }
            case NAME_ESCAPE -> state = State.DEFAULT;
            case DOT -> {
                state = State.DEFAULT;
                if (isNameChar(c) || c == '.') {
                    // a dot inside a name or number (ex:a.b, 1.5)
                    appendName('.');
                    lex(c);
                } else {
                    endName();
                    terminate();
                    lex(c);
                }
            }
            case QUOTE1 -> {
                if (c == quote) {
                    state = State.QUOTE2;
                } else {
                    state = State.SHORT;
                    lex(c);
                }
            }
            case QUOTE2 -> {
                if (c == quote) {
                    state = State.LONG;
                    quotesInARow = 0;
                } else {
                    endString();
                    lex(c);
                }
            }
            case SHORT -> {
                if (c == '\\') {
                    state = State.SHORT_ESCAPE;
                } else if (c == quote || isLineEnd(c)) {
                    endString();
                }
            }
            case SHORT_ESCAPE -> state = State.SHORT;
            case LONG -> {
                if (c == '\\') {
                    state = State.LONG_ESCAPE;
                    quotesInARow = 0;
                } else if (c == quote) {
                    if (++quotesInARow == 3) {
                        endString();
                    }
                } else {
                    quotesInARow = 0;
                }
            }
            case LONG_ESCAPE -> state = State.LONG;
            case DEFAULT -> lexDefault(c);
        }
    }

    private void lexDefault(int c) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            endName();
            return;
        }
        if (c == '#') {
            endName();
            state = State.COMMENT;
            return;
        }
        if (c == '.') {
            if (inName || namesInStatement > 0 || inStatement) {
                // a terminator or a dot inside a name or number: the next character tells
                state = State.DOT;
                if (!inName) {
                    startStatement();
                }
            }
            return;
        }
        startStatement();
        if (isNameChar(c)) {
            appendName(c);
            return;
        }
        endName();
        switch (c) {
            case '\\' -> state = State.NAME_ESCAPE;
            case '<' -> state = State.LT;
            case '>' -> state = State.GT;
            case '"', '\'' -> {
                quote = c;
                state = State.QUOTE1;
            }
            case '[', '(', '{' -> open();
            case ']', ')', '}' -> close();
            default -> { }
        }
    }

    /**
     * RIOT ends a comment, and breaks an IRI or a short string, at CR as well as at LF; so must the scan, or a
     * bare CR would leave the rest of the source unscanned. (Lines are still counted at LF only, as RIOT counts
     * them for its messages: a bare CR is one more column, CRLF one line.)
     */
    private static boolean isLineEnd(int c) {
        return c == '\n' || c == '\r';
    }

    private static boolean isNameChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == ':' || c == '%' || c == '@' || c == NON_ASCII;
    }

    private void startStatement() {
        if (!inStatement) {
            inStatement = true;
            statementLine = line;
            namesInStatement = 0;
            keyword = null;
        }
    }

    private void appendName(int c) {
        inName = true;
        if (name.length() < 64) {
            name.append((char) c);
        }
    }

    private void endName() {
        if (!inName) {
            return;
        }
        inName = false;
        String text = name.toString();
        name.setLength(0);
        if (namesInStatement == 0) {
            keyword = text;
        }
        namesInStatement++;
    }

    /** SPARQL-style PREFIX, BASE and VERSION directives end without a dot. */
    private boolean isSparqlDirective() {
        return namesInStatement == 1 && keyword != null && (keyword.equalsIgnoreCase("PREFIX")
                || keyword.equalsIgnoreCase("BASE") || keyword.equalsIgnoreCase("VERSION"))
                || namesInStatement == 2 && keyword != null && keyword.equalsIgnoreCase("PREFIX");
    }

    private void endString() {
        state = State.DEFAULT;
        if (isSparqlDirective() && "VERSION".equalsIgnoreCase(keyword)) {
            inStatement = false;
        }
    }

    private void terminate() {
        if (depth == 0) {
            inStatement = false;
        }
    }

    private void open() {
        depth++;
        if (depth > deepest) {
            deepest = depth;
            deepestAt = new SourcePosition(source, line, column);
        }
        if (depth > maxNesting) {
            throw new TooDeep(deepestAt, maxNesting);
        }
    }

    private void close() {
        if (depth > 0) {
            depth--;
        }
    }
}
