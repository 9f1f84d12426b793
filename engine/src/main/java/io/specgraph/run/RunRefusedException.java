package io.specgraph.run;

import java.util.List;

/**
 * The engine refused to start a run because of something that would fail part-way: tasks without a
 * handler, commands not enabled, gate predicates not registered. Nothing was executed. Each problem
 * names the tasks or gates concerned and what to do.
 */
public final class RunRefusedException extends RuntimeException {
    private final List<String> problems;

    RunRefusedException(List<String> problems) {
        super("the run was not started, nothing was executed:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
