package io.specgraph.dialect;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the strings the dialect functions refused during one query execution (or several), so that the
 * caller can report them after the query has run.
 *
 * <p>Why a collector: inside SPARQL a refused string can only make the function fail, which leaves its
 * variable unbound and says nothing about why. Put a collector into the execution's context under
 * {@link DialectFunctions#PROBLEMS} and every refusal lands here with its reason:
 * <pre>{@code
 * ParseProblems problems = new ParseProblems();
 * try (QueryExecution qe = QueryExecution.create().query(q).dataset(ds)
 *         .set(DialectFunctions.PROBLEMS, problems).build()) { ... }
 * problems.all().forEach(System.out::println);
 * }</pre>
 * A query evaluates a function once per solution (and the optimiser may evaluate constants once more), so one
 * string is often refused several times; it is kept once. Safe for use from several threads.
 */
public final class ParseProblems {
    private final Set<ParseProblem> problems = new LinkedHashSet<>();
    private final Set<UnresolvedId> unresolved = new LinkedHashSet<>();
    private final Set<UnresolvedId> resolved = new LinkedHashSet<>();

    /** An empty collector. */
    public ParseProblems() {}

    /** Records a refusal; a repeat of one already recorded is ignored. */
    public synchronized void add(ParseProblem problem) {
        problems.add(problem);
    }

    /** The refusals recorded so far, in the order first seen. */
    public synchronized List<ParseProblem> all() {
        return List.copyOf(problems);
    }

    /** Records an id that {@code sgfn:resolveIds} could not resolve; a repeat is ignored. */
    public synchronized void unresolved(UnresolvedId id) {
        unresolved.add(id);
    }

    /** Records an id that {@code sgfn:resolveIds} did resolve, so that the checks made can be counted. */
    synchronized void resolved(UnresolvedId id) {
        resolved.add(id);
    }

    /** How many distinct ids {@code sgfn:resolveIds} resolved. */
    synchronized int resolvedCount() {
        return resolved.size();
    }

    /** The ids {@code sgfn:resolveIds} could not resolve, in the order first seen. */
    public synchronized List<UnresolvedId> unresolved() {
        return List.copyOf(unresolved);
    }

    /** Whether nothing was refused (unresolved ids are not refusals: the list itself was read). */
    public synchronized boolean isEmpty() {
        return problems.isEmpty();
    }
}
