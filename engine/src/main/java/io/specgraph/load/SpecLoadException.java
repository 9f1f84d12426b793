package io.specgraph.load;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a spec cannot be loaded. Carries every problem found across all sources (the loader
 * parses every file before giving up, so one run shows all syntax errors), and nothing of the spec:
 * a spec that failed to load is never validated, planned or run.
 */
public final class SpecLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<LoadProblem> problems;

    public SpecLoadException(List<LoadProblem> problems) {
        super(summary(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a load failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in source order. */
    public List<LoadProblem> problems() {
        return problems;
    }

    private static String summary(List<LoadProblem> problems) {
        String head = problems.size() == 1
                ? "the spec could not be loaded:"
                : "the spec could not be loaded (" + problems.size() + " problems):";
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", head + "\n", ""));
    }
}
