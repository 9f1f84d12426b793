package io.specgraph.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tokens of one short value string ("≤ 15 s", "1.5–2 GB", "30-45 minutes") and a cursor over them;
 * shared by the quantity and duration parsers so that both read numbers, dashes and comparators alike.
 *
 * <p>Numbers are ASCII digits with an optional decimal point ({@code 12}, {@code 1.5}); a word is a run of
 * letters; every other visible character is a symbol of its own, except the two-character operators
 * {@code <=}, {@code >=}, {@code =<}, {@code =>}, {@code ->} and {@code ~=}. White space only separates.
 */
final class Tokens {

    enum Type { NUMBER, WORD, SYMBOL }

    record Token(Type type, String text, int start) {
        boolean isWord(String... words) {
            if (type != Type.WORD) {
                return false;
            }
            for (String w : words) {
                if (text.equalsIgnoreCase(w)) {
                    return true;
                }
            }
            return false;
        }

        boolean isSymbol(Set<String> symbols) {
            return type == Type.SYMBOL && symbols.contains(text);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /** Dashes that join the two ends of a range: hyphen-minus, en dash, em dash, minus sign. */
    static final Set<String> DASHES = Set.of("-", "\u2013", "\u2014", "\u2212");
    /** Symbols that turn one value into a change between two: "120s → ≤15s". */
    static final Set<String> ARROWS = Set.of("\u2192", "->", "=>", "\u21D2", "\u27F6");

    private static final List<String> PAIRS = List.of("<=", ">=", "=<", "=>", "->", "~=");

    private final String input;
    private final List<Token> tokens;
    private int pos;

    private Tokens(String input, List<Token> tokens) {
        this.input = input;
        this.tokens = tokens;
    }

    static Tokens of(String input) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = input.length();
        while (i < n) {
            int cp = input.codePointAt(i);
            int len = Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += len;
            } else if (cp >= '0' && cp <= '9') {
                int j = digits(input, i);
                if (j + 1 < n && input.charAt(j) == '.' && isDigit(input.charAt(j + 1))) {
                    j = digits(input, j + 1);
                }
                out.add(new Token(Type.NUMBER, input.substring(i, j), i));
                i = j;
            } else if (Character.isLetter(cp)) {
                int j = i;
                while (j < n && Character.isLetter(input.codePointAt(j))) {
                    j += Character.charCount(input.codePointAt(j));
                }
                out.add(new Token(Type.WORD, input.substring(i, j), i));
                i = j;
            } else {
                String pair = i + 2 <= n ? input.substring(i, i + 2) : "";
                if (PAIRS.contains(pair)) {
                    out.add(new Token(Type.SYMBOL, pair, i));
                    i += 2;
                } else {
                    out.add(new Token(Type.SYMBOL, input.substring(i, i + len), i));
                    i += len;
                }
            }
        }
        return new Tokens(input, out);
    }

    private static int digits(String s, int i) {
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    /** The current token, or null at the end. */
    Token peek() {
        return peek(0);
    }

    /** The token {@code ahead} places after the current one, or null past the end. */
    Token peek(int ahead) {
        int i = pos + ahead;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    Token next() {
        return tokens.get(pos++);
    }

    /** Consumes the current token when it is one of these symbols. */
    boolean acceptSymbol(Set<String> symbols) {
        Token t = peek();
        if (t != null && t.isSymbol(symbols)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes the current token when it is one of these words (ignoring case). */
    boolean acceptWord(String... words) {
        Token t = peek();
        if (t != null && t.isWord(words)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Whether the current token joins the ends of a range: a dash or the word "to". */
    boolean atRangeSeparator() {
        Token t = peek();
        return t != null && (t.isSymbol(DASHES) || t.isWord("to"));
    }

    /** The input from the current token on, as written; for messages. */
    String rest() {
        return atEnd() ? "" : input.substring(peek().start()).strip();
    }

    /** Whether any token is one of these symbols. */
    boolean contains(Set<String> symbols) {
        return tokens.stream().anyMatch(t -> t.isSymbol(symbols));
    }

    /** Whether any token is a number. */
    boolean hasNumber() {
        return tokens.stream().anyMatch(t -> t.type() == Type.NUMBER);
    }
}
