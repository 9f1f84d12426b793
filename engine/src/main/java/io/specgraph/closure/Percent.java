package io.specgraph.closure;

/** Percentages that never round a failure up to 100%. */
final class Percent {
    private Percent() {}

    /** {@code satisfied / total} as a percentage, floored to one decimal; 100 when total is 0. */
    static double of(long satisfied, long total) {
        if (total == 0) {
            return 100.0;
        }
        return Math.floor(satisfied * 1000.0 / total) / 10.0;
    }

    /** {@code 97.5%}, or {@code 100%} without a decimal. */
    static String format(double percent) {
        return percent == Math.rint(percent) ? String.format(java.util.Locale.ROOT, "%.0f%%", percent)
                : String.format(java.util.Locale.ROOT, "%.1f%%", percent);
    }
}
