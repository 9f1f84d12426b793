package io.specgraph.closure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.graph.Node;

/**
 * Counts checks per rule: how many focus nodes each rule was checked on, and which of them failed.
 * A focus node that fails a rule several times is one failed check.
 */
final class Tally {
    /** The built-in categories, in the order reports show them; other categories follow by name. */
    static final List<String> CATEGORY_ORDER = List.of(
            "references", "ownership", "ordering", "gates", "metrics", "coverage", "executability");

    private static final class Rule {
        final String category;
        long total;
        final Set<Node> failed = new HashSet<>();

        Rule(String category) {
            this.category = category;
        }
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    void checks(String ruleId, String category, long count) {
        rule(ruleId, category).total += count;
    }

    void failed(String ruleId, String category, Node focus) {
        rule(ruleId, category).failed.add(focus);
    }

    private Rule rule(String ruleId, String category) {
        return rules.computeIfAbsent(ruleId, id -> new Rule(category));
    }

    /** Coverage per category, built-in categories first. */
    List<CategoryCoverage> coverage() {
        Map<String, long[]> byCategory = new LinkedHashMap<>();
        for (Rule rule : rules.values()) {
            long total = Math.max(rule.total, rule.failed.size());
            long[] sums = byCategory.computeIfAbsent(rule.category, c -> new long[2]);
            sums[0] += total - rule.failed.size();
            sums[1] += total;
        }
        List<CategoryCoverage> out = new ArrayList<>();
        byCategory.forEach((category, sums) -> out.add(new CategoryCoverage(category, (int) sums[0], (int) sums[1])));
        out.sort(Comparator.comparing(CategoryCoverage::category, Tally::compareCategories));
        return out;
    }

    static int compareCategories(String a, String b) {
        int ia = CATEGORY_ORDER.indexOf(a);
        int ib = CATEGORY_ORDER.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
