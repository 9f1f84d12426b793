package io.specgraph.plan;

import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Severity;
import io.specgraph.closure.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a spec cannot be planned: it is not closed (and unclosed planning was not allowed), or its
 * dependencies with the phase barriers form a cycle. The message lists what blocks the plan.
 */
public final class PlanRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> blocking;

    PlanRefusedException(ClosureReport report) {
        super(message(report));
        this.blocking = report.violations(Severity.VIOLATION);
    }

    PlanRefusedException(String message) {
        super(message);
        this.blocking = List.of();
    }

    /** The violations that block planning (empty when the cause is a cycle through phase barriers). */
    public List<Violation> blocking() {
        return blocking;
    }

    private static String message(ClosureReport report) {
        List<Violation> violations = report.violations(Severity.VIOLATION);
        return violations.stream()
                .map(v -> "  " + (v.position() == null ? "" : v.location() + ": ") + "[" + v.ruleId() + "] " + v.message())
                .collect(Collectors.joining("\n",
                        "the spec is not closed, so it cannot be planned (" + report.summary() + "):\n",
                        "\nfix these, or plan anyway with allowUnclosed (CLI: --allow-unclosed)"));
    }
}
