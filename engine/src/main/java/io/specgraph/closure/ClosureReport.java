package io.specgraph.closure;

import java.util.List;
import java.util.Objects;
import org.apache.jena.shared.PrefixMapping;

/**
 * The answer to "is this spec closed?": every failed check with its location, and how many checks of
 * each category passed. Immutable.
 *
 * <p>{@link #closed()} counts only {@link Severity#VIOLATION violations}; warnings are reported and lower
 * the coverage, but do not open a spec. Render a report with {@link ClosureReportWriter}.
 */
public final class ClosureReport {
    private final List<Violation> violations;
    private final List<RuleCoverage> rules;
    private final List<CategoryCoverage> coverage;
    private final List<String> notices;
    private final List<String> sources;
    private final PrefixMapping prefixes;

    ClosureReport(List<Violation> violations, List<RuleCoverage> rules, List<String> notices,
                  List<String> sources, PrefixMapping prefixes) {
        this.violations = List.copyOf(violations);
        this.rules = List.copyOf(rules);
        this.coverage = Tally.byCategory(rules);
        this.notices = List.copyOf(notices);
        this.sources = List.copyOf(sources);
        this.prefixes = Objects.requireNonNull(prefixes);
    }

    /** True when no check failed with severity {@link Severity#VIOLATION}. */
    public boolean closed() {
        return violations.stream().noneMatch(v -> v.severity() == Severity.VIOLATION);
    }

    /** Every failed check, sorted by source, line and rule. */
    public List<Violation> violations() {
        return violations;
    }

    /** The failed checks of one severity. */
    public List<Violation> violations(Severity severity) {
        return violations.stream().filter(v -> v.severity() == severity).toList();
    }

    /** Checks per category, built-in categories first (references, ownership, ordering, gates, metrics, coverage, executability). */
    public List<CategoryCoverage> coverage() {
        return coverage;
    }

    /** Checks per rule, in the order the rules ran (built-in shapes, built-in queries, graph checks, user rules). */
    public List<RuleCoverage> rules() {
        return rules;
    }

    /** The coverage of one category, if any check of it was made. */
    public java.util.Optional<CategoryCoverage> coverage(String category) {
        return coverage.stream().filter(c -> c.category().equals(category)).findFirst();
    }

    /** Checks made, over all categories. */
    public int checks() {
        return coverage.stream().mapToInt(CategoryCoverage::total).sum();
    }

    /** Checks that passed, over all categories. */
    public int satisfied() {
        return coverage.stream().mapToInt(CategoryCoverage::satisfied).sum();
    }

    /** Percentage of checks that passed, floored to one decimal (never rounds a failure up to 100). */
    public double percent() {
        return Percent.of(satisfied(), checks());
    }

    /** Remarks about the spec as a whole, such as "these files use no specgraph term". */
    public List<String> notices() {
        return notices;
    }

    /** The sources the spec was loaded from, in load order. */
    public List<String> sources() {
        return sources;
    }

    /** The prefixes used to name nodes in messages (the spec's own, plus {@code sg:}). */
    public PrefixMapping prefixes() {
        return prefixes;
    }

    /**
     * One line for the end of a run: {@code closed: 100% of 212 checks} or
     * {@code not closed: 7 violations in 3 categories (96.7% of 212 checks pass)}.
     */
    public String summary() {
        List<Violation> errors = violations(Severity.VIOLATION);
        int warnings = violations(Severity.WARNING).size();
        String warningText = warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings");
        String checks = checks() + (checks() == 1 ? " check" : " checks");
        if (errors.isEmpty()) {
            return "closed: " + Percent.format(percent()) + " of " + checks + warningText;
        }
        long categories = errors.stream().map(Violation::category).distinct().count();
        return "not closed: " + errors.size() + (errors.size() == 1 ? " violation" : " violations") + " in "
                + categories + (categories == 1 ? " category" : " categories") + warningText
                + " (" + Percent.format(percent()) + " of " + checks + " pass)";
    }

    @Override
    public String toString() {
        return summary();
    }
}
