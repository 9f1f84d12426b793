package io.specgraph.dialect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits an id list written as one string ("T004, T010", "1-B,1-I", "none", "(T1 T2)") into its ids.
 *
 * <h2>The rule</h2>
 * <ol>
 *   <li>The string is trimmed; one pair of brackets around the whole of it, {@code ( )}, {@code [ ]} or
 *       {@code { }}, is removed.</li>
 *   <li>What remains is empty, or one of {@code none}, {@code n/a}, {@code na}, {@code nil}, {@code null},
 *       {@code -}, {@code –}, {@code —} (any case): the list is empty.</li>
 *   <li>Otherwise it is split at commas, semicolons and white space, all of them separators at once; the
 *       standalone words {@code and} and {@code &} are separators too ("T1 and T2"). Empty pieces (",,") are
 *       dropped. One pair of matching quotes ({@code "} or {@code '}) around a piece is removed.</li>
 *   <li>Every piece must be an id: letters, digits and {@code _ - . : / #} only; so "1-B" is one id, never a
 *       range. A piece with any other character ("T1?", "(T2", "T3*") refuses the whole string, as does an
 *       empty-list word inside a list ("T1, none"), because a dialect must report such a list rather than drop
 *       or guess an entry.</li>
 *   <li>Ids are returned in order of first appearance, each once.</li>
 * </ol>
 * White space is a separator because ids in these specs are single tokens ("T004", "1-B"); a list of names
 * with spaces ("Task A, Task B") comes out as four ids, which the dialect then fails to resolve and reports.
 */
public final class IdList {
    private IdList() {}

    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s\\u00A0\\u202F]+");
    private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}_\\-.:/#]+");
    private static final Set<String> EMPTY = Set.of("", "none", "n/a", "na", "nil", "null", "-", "\u2013", "\u2014");
    private static final Set<String> JOINERS = Set.of("and", "&");

    /**
     * Splits an id list; see the class comment for the exact rule.
     *
     * @param text the string as written; null is read as an empty list
     * @return the ids in order of first appearance without repeats (possibly none), or the reason the string
     *     is not an id list
     */
    public static Parsed<List<String>> split(String text) {
        String s = text == null ? "" : text.strip();
        s = unwrap(s, '(', ')');
        s = unwrap(s, '[', ']');
        s = unwrap(s, '{', '}');
        if (EMPTY.contains(s.toLowerCase(Locale.ROOT))) {
            return Parsed.ok(List.of());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String piece : SEPARATORS.split(s)) {
            if (piece.isEmpty() || JOINERS.contains(piece.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String id = unwrap(unwrap(piece, '"', '"'), '\'', '\'');
            if (EMPTY.contains(id.toLowerCase(Locale.ROOT))) {
                return Parsed.refused(text, "'" + piece + "' inside a list: a list is either empty or a list of ids");
            }
            if (!ID.matcher(id).matches()) {
                return Parsed.refused(text, "'" + piece + "' is not an id (letters, digits and _ - . : / # only)");
            }
            ids.add(id);
        }
        return Parsed.ok(List.copyOf(new ArrayList<>(ids)));
    }

    private static String unwrap(String s, char open, char close) {
        if (s.length() >= 2 && s.charAt(0) == open && s.charAt(s.length() - 1) == close) {
            return s.substring(1, s.length() - 1).strip();
        }
        return s;
    }
}
