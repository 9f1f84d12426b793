package io.specgraph.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** How far apart two names are, the way typing mistakes make them differ. */
final class Typos {
    /** The likeness from which a known name is offered as what was meant. */
    private static final double ALIKE = 0.6;

    private Typos() {}

    /** Edit distance (insertions, deletions, substitutions), or {@code max + 1} once it must exceed {@code max}. */
    static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) {
            return max + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], max + 1);
    }

    /**
     * The known name most like the given one, when one is alike enough to be what was meant. Likeness is
     * the share of letters the two have in common in order (their longest common subsequence), ignoring
     * case: it finds {@code dependsOn} for {@code ndsOn}, where a plain edit distance prefers {@code reason}.
     * Ties go to the name that also matches in case, then to the first in the collection's order.
     */
    static Optional<String> nearest(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        double bestScore = 0;
        double bestCased = 0;
        for (String candidate : known) {
            if (2.0 * Math.min(lower.length(), candidate.length()) / (lower.length() + candidate.length()) < ALIKE) {
                // the lengths alone keep the two from being alike enough (a common subsequence is never longer
                // than the shorter name): a megabyte name is not compared letter by letter with every term
                continue;
            }
            double score = likeness(lower, candidate.toLowerCase(Locale.ROOT));
            double cased = likeness(name, candidate);
            if (score > bestScore || score == bestScore && cased > bestCased) {
                best = candidate;
                bestScore = score;
                bestCased = cased;
            }
        }
        return bestScore >= ALIKE ? Optional.of(best) : Optional.empty();
    }

    /** 2 × common subsequence / total length: 1 for equal names, 0 for names with no letter in common. */
    private static double likeness(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                current[j] = a.charAt(i - 1) == b.charAt(j - 1) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return 2.0 * previous[b.length()] / (a.length() + b.length());
    }
}
