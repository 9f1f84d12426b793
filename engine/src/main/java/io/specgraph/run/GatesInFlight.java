package io.specgraph.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The gates whose conditions are being checked. Each check has a number, so that the answer of a check the
 * core has given up on (it timed out) is known for what it is. In virtual time answers are held until every
 * gate in flight has one, then released in node order: gates ending at the same instant then end in the same
 * order in every run, whichever thread answered first.
 */
final class GatesInFlight {
    private final int[] evaluation;
    private int evaluations;
    private final Set<Integer> inFlight = new TreeSet<>();
    private final Map<Integer, CoreInput> held = new TreeMap<>();

    GatesInFlight(int nodes) {
        this.evaluation = new int[nodes];
    }

    /** The check of the gate at v starts; returns its number. */
    int start(int v) {
        evaluation[v] = ++evaluations;
        inFlight.add(v);
        return evaluation[v];
    }

    /** Whether {@code number} is the check of the gate at v still waited for. */
    boolean current(int v, int number) {
        return evaluation[v] != 0 && evaluation[v] == number;
    }

    /** The gate at v is no longer checked (it answered, or the core gave up on it). */
    void end(int v) {
        evaluation[v] = 0;
        inFlight.remove(v);
    }

    /** Some gate is being checked. */
    boolean any() {
        return !inFlight.isEmpty();
    }

    /** The gate at v is being checked, and its answer (or deadline) has not reached the core yet. */
    boolean awaitsAnswer(int v) {
        return evaluation[v] != 0 && !held.containsKey(v);
    }

    /**
     * In virtual time: holds the answer (or deadline) of the check {@code number} of the gate at v. Returns the
     * answers to take now, in node order: none until every gate in flight has one; nothing for a stale answer.
     */
    List<CoreInput> hold(int v, int number, CoreInput answer) {
        if (!current(v, number) || held.containsKey(v)) {
            return List.of(); // an answer after the gate timed out, or a deadline after the answer
        }
        held.put(v, answer);
        if (held.size() < inFlight.size()) {
            return List.of();
        }
        List<CoreInput> answers = new ArrayList<>(held.values());
        held.clear();
        return answers;
    }
}
