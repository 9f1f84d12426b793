package io.specgraph.run;

import io.specgraph.plan.PlanTask;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A run's task lines in the plan's order, read-only, each {@link TaskRun} made when it is read from arrays by
 * node (a copy of the core's, taken when the result was made): a finished run of 100,000 tasks keeps three
 * arrays instead of 100,000 line objects, and makes none that nobody reads.
 */
final class TaskRuns extends AbstractList<TaskRun> implements RandomAccess {
    private final List<PlanTask> tasks;
    private final int[] nodeOfTask;
    private final int planNodes;
    private final TaskState[] state;
    private final String[] reason;
    private final List<Attempt>[] attempts;

    /**
     * @param nodeOfTask the node of each of {@code tasks}
     * @param planNodes  how many nodes the plan has: the tasks at this node and up are compensation tasks
     * @param attempts   each node's attempts as an immutable list, or null for none
     */
    TaskRuns(List<PlanTask> tasks, int[] nodeOfTask, int planNodes, TaskState[] state, String[] reason, List<Attempt>[] attempts) {
        this.tasks = tasks;
        this.nodeOfTask = nodeOfTask;
        this.planNodes = planNodes;
        this.state = state;
        this.reason = reason;
        this.attempts = attempts;
    }

    @Override
    public TaskRun get(int i) {
        int v = nodeOfTask[i];
        return new TaskRun(tasks.get(i), state[v], reason[v] == null ? "" : reason[v], attempts[v] == null ? List.of() : attempts[v],
                v >= planNodes);
    }

    @Override
    public int size() {
        return tasks.size();
    }
}
