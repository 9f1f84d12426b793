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
            "sources", "references", "ownership", "ordering", "gates", "metrics", "coverage", "executability", "claims");

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

    /** Adds another tally's counts after this one's, as if its rules had run after these. */
    void absorb(Tally other) {
        other.rules.forEach((id, theirs) -> {
            Rule mine = rule(id, theirs.category);
            mine.total += theirs.total;
            mine.failed.addAll(theirs.failed);
        });
    }

    private Rule rule(String ruleId, String category) {
        return rules.computeIfAbsent(ruleId, id -> new Rule(category));
    }

    /** Coverage per rule, in the order the rules ran. */
    List<RuleCoverage> rules() {
        List<RuleCoverage> out = new ArrayList<>();
        rules.forEach((id, rule) -> {
            long total = Math.max(rule.total, rule.failed.size());
            out.add(new RuleCoverage(id, rule.category, (int) (total - rule.failed.size()), (int) total));
        });
        return out;
    }

    /** Coverage per category (sums of its rules), built-in categories first. */
    static List<CategoryCoverage> byCategory(List<RuleCoverage> rules) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (RuleCoverage rule : rules) {
            long[] s = sums.computeIfAbsent(rule.category(), c -> new long[2]);
            s[0] += rule.satisfied();
            s[1] += rule.total();
        }
        List<CategoryCoverage> out = new ArrayList<>();
        sums.forEach((category, s) -> out.add(new CategoryCoverage(category, (int) s[0], (int) s[1])));
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
