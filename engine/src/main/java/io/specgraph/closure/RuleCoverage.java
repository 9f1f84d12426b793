package io.specgraph.closure;

/**
 * How many checks of one rule passed.
 *
 * @param ruleId    the rule, e.g. {@code task-dependency-exists}
 * @param category  its category
 * @param satisfied checks that passed
 * @param total     checks made (one per focus node the rule applies to)
 */
public record RuleCoverage(String ruleId, String category, int satisfied, int total) {
    public RuleCoverage {
        if (satisfied < 0 || satisfied > total) {
            throw new IllegalArgumentException("satisfied must be within 0.." + total + ", got " + satisfied);
        }
    }

    /** Checks that failed. */
    public int failed() {
        return total - satisfied;
    }
}
