package io.specgraph.closure;

/** How serious a closure finding is. Only {@link #VIOLATION} makes a spec not closed. */
public enum Severity {
    /** The spec is not closed. */
    VIOLATION,
    /** Probably a mistake, but the spec can still be planned and run. */
    WARNING,
    /** Worth knowing. */
    INFO;

    /** Lower-case name as used in text and JSON output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
