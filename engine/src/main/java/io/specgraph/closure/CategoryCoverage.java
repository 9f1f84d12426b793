package io.specgraph.closure;

/**
 * How many closure checks of one category passed.
 *
 * @param category  the category, e.g. {@code references}
 * @param satisfied checks that passed
 * @param total     checks made
 */
public record CategoryCoverage(String category, int satisfied, int total) {
    public CategoryCoverage {
        if (satisfied < 0 || satisfied > total) {
            throw new IllegalArgumentException("satisfied must be within 0.." + total + ", got " + satisfied);
        }
    }

    /** Checks that failed. */
    public int failed() {
        return total - satisfied;
    }

    /** Percentage of checks that passed; 100 when nothing was checked. */
    public double percent() {
        return Percent.of(satisfied, total);
    }
}
