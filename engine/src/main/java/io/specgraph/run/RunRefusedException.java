package io.specgraph.run;

import java.util.List;

/**
 * The engine refused to start a run because of something that would fail part-way: tasks without a
 * handler, commands not enabled, gate predicates not registered. Nothing was executed. Each problem
 * names the tasks or gates concerned and what to do.
 */
public final class RunRefusedException extends RuntimeException {
    private final List<String> problems;
    private final List<String> changed;

    RunRefusedException(List<String> problems) {
        this(problems, List.of());
    }

    RunRefusedException(List<String> problems, List<String> changed) {
        super("the run was not started, nothing was executed:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
        this.changed = List.copyOf(changed);
    }

    /**
     * For a refused resume: the IRIs of the tasks and gates whose definition changed, was added or was removed
     * since the run started (so that a host can show where each is); empty otherwise.
     */
    public List<String> changed() {
        return changed;
    }

    /** Each problem, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
