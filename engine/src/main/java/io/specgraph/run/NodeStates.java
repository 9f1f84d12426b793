package io.specgraph.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every node of a run stands: each task's state, reason and attempts, each gate's outcome, and which
 * nodes have ended and whether they let what follows them run. The one place a node becomes terminal: a task
 * by {@link #finishTask}, a gate by {@link #finishGate}, a phase barrier by {@link #finishBarrier}.
 */
final class NodeStates {
    private final TaskState[] state;
    private final String[] reason;
    private final boolean[] terminal;
    private final boolean[] ok;
    private final int[] attemptCount;
    /** Each node's attempts, null until its first has ended: most nodes of a run are never tried twice, gates never. */
    private final List<Attempt>[] attempts;
    private final long[] completedSeq;
    private final GateOutcome[] gateOutcome;
    private long completions;

    @SuppressWarnings("unchecked")
    NodeStates(int nodes) {
        this.state = new TaskState[nodes];
        Arrays.fill(state, TaskState.PENDING);
        this.reason = new String[nodes];
        this.terminal = new boolean[nodes];
        this.ok = new boolean[nodes];
        this.attemptCount = new int[nodes];
        this.attempts = new List[nodes];
        this.completedSeq = new long[nodes];
        this.gateOutcome = new GateOutcome[nodes];
    }

    TaskState state(int v) {
        return state[v];
    }

    /** Every node's state as of now, a copy (what a gate's check sees). */
    List<TaskState> snapshot() {
        return List.of(state);
    }

    /** The reason the task ended as it did; null until it has ended. */
    String reason(int v) {
        return reason[v];
    }

    boolean terminal(int v) {
        return terminal[v];
    }

    /** The node has ended and what follows it may run (a task succeeded, a gate passed, a barrier was passed). */
    boolean ok(int v) {
        return ok[v];
    }

    /** The gate's outcome; null until it has ended. */
    GateOutcome gateOutcome(int v) {
        return gateOutcome[v];
    }

    /** The task's attempts so far, oldest first; an immutable list. */
    List<Attempt> attempts(int v) {
        return attempts[v] == null ? List.of() : attempts[v];
    }

    int attemptCount(int v) {
        return attemptCount[v];
    }

    /** Nth in the order tasks succeeded (1 for the first), 0 for a task that did not succeed. */
    long completedSeq(int v) {
        return completedSeq[v];
    }

    /** The task starts another attempt; returns its number. */
    int startAttempt(int v) {
        state[v] = TaskState.RUNNING;
        return ++attemptCount[v];
    }

    /** An attempt of the task ended; the task waits to retry unless it is finished next. */
    void attemptEnded(int v, Attempt attempt) {
        // immutable lists, so that a result takes them as they are (List.copyOf of one is the list itself)
        List<Attempt> before = attempts[v];
        if (before == null) {
            attempts[v] = List.of(attempt);
        } else {
            List<Attempt> more = new ArrayList<>(before.size() + 1);
            more.addAll(before);
            more.add(attempt);
            attempts[v] = List.copyOf(more);
        }
        state[v] = TaskState.PENDING;
    }

    void finishTask(int v, TaskState as, String why) {
        state[v] = as;
        reason[v] = why;
        terminal[v] = true;
        // a cached task's outputs are there as a success left them: what follows it runs, and compensation covers it
        ok[v] = as == TaskState.SUCCEEDED || as == TaskState.CACHED;
        if (ok[v]) {
            completedSeq[v] = ++completions;
        }
    }

    void finishGate(int v, GateOutcome outcome) {
        gateOutcome[v] = outcome;
        terminal[v] = true;
        ok[v] = outcome.state().passed();
    }

    void finishBarrier(int v, boolean passed) {
        terminal[v] = true;
        ok[v] = passed;
    }

    /** Adds a note to the reason of a task that has ended (a compensation that could not cover later work). */
    void addToReason(int v, String note) {
        reason[v] = (reason[v] == null || reason[v].isEmpty() ? "" : reason[v] + "; ") + note;
    }

    /**
     * Every task's line in the plan's order as of now, {@code nodeOfTask[i]} being the node of the i-th; a copy of
     * the states, reasons and attempts, each line made when it is read.
     */
    List<TaskRun> taskRuns(List<io.specgraph.plan.PlanTask> tasks, int[] nodeOfTask, int planNodes) {
        return new TaskRuns(tasks, nodeOfTask, planNodes, state.clone(), reason.clone(), attempts.clone());
    }
}
