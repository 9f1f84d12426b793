package io.specgraph.bench;

import com.github.dexecutor.core.DefaultDexecutor;
import com.github.dexecutor.core.DexecutorConfig;
import com.github.dexecutor.core.ExecutionConfig;
import com.github.dexecutor.core.task.ExecutionResults;
import com.github.dexecutor.core.task.Task;
import com.github.dexecutor.core.task.TaskProvider;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;

/**
 * Runs a {@link Dag} with Dexecutor 2.1.2, a peer in-process Java DAG executor: node ids are the ints of the
 * DAG (boxed, as Dexecutor keys its graph by object), each node's task calls the action, and the run is
 * {@link ExecutionConfig#TERMINATING} (the first failure stops it), which is what the engine's fail-fast
 * does. Like the engine, Dexecutor decides what to start on the calling thread and runs tasks on the pool.
 * Its cycle check is turned off (see {@link #build}): it cannot handle long chains, and the DAG is known to be
 * acyclic, so leaving it out only makes Dexecutor faster.
 *
 * <p>Dexecutor 2.1.2 keeps the processed nodes and the results in copy-on-write collections and checks
 * whether a node may start with {@code contains}/{@code containsAll} on them, so its time grows with the
 * square of the nodes (and, for a node with many predecessors, faster still); at 100,000 nodes a run takes
 * far longer than the engine's or the floor's.
 *
 * <p>A Dexecutor cannot be reused: {@code execute} moves it to its terminated phase and shuts down the
 * retry and timeout pools its constructor created, and its graph lives in that instance. So every run
 * builds a new one and adds every edge, and {@link #run} includes that build, as a host running a plan with
 * Dexecutor would have to. {@link #build} alone is exposed so that a benchmark can measure the build by
 * itself and tell how much of a run it is.
 */
public final class DexecutorDag {
    private final Dag dag;

    /** An adapter for this DAG. */
    public DexecutorDag(Dag dag) {
        this.dag = Objects.requireNonNull(dag, "dag");
    }

    /**
     * A new Dexecutor holding the whole DAG, whose tasks run on {@code pool} and call {@code action} with
     * their node. Nodes with no edge at all are added with {@code addIndependent}, as Dexecutor knows nodes
     * only through their edges otherwise.
     */
    public DefaultDexecutor<Integer, Boolean> build(ExecutorService pool, IntConsumer action) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(action, "action");
        TaskProvider<Integer, Boolean> tasks = id -> new ActionTask(action);
        DexecutorConfig<Integer, Boolean> config = new DexecutorConfig<>(pool, tasks);
        // Dexecutor's cycle check is a recursive depth-first search that overflows the stack on a chain of
        // about 10,000 nodes; the plan is acyclic by construction, and the engine does not check it again per
        // run either, so the check is skipped rather than run on a huge stack
        config.setValidator(graph -> { });
        DefaultDexecutor<Integer, Boolean> dexecutor = new DefaultDexecutor<>(config);
        int[][] successors = dag.successors();
        int[] predecessors = dag.predecessorCounts();
        for (int v = 0; v < dag.n(); v++) {
            if (successors[v].length == 0 && predecessors[v] == 0) {
                dexecutor.addIndependent(v);
            }
            for (int s : successors[v]) {
                dexecutor.addDependency(v, s);
            }
        }
        return dexecutor;
    }

    /**
     * Builds a Dexecutor for the DAG and executes it, returning when every node has run or the first one
     * failed.
     *
     * @return Dexecutor's results: one per node that ran, with its status
     */
    public ExecutionResults<Integer, Boolean> run(ExecutorService pool, IntConsumer action) {
        return build(pool, action).execute(ExecutionConfig.TERMINATING);
    }

    /** A node's task: calls the action with the node's id. */
    private static final class ActionTask extends Task<Integer, Boolean> {
        private static final long serialVersionUID = 1L;
        // Task is Serializable for Dexecutor's distributed engines; this in-process benchmark never serializes one
        private final transient IntConsumer action;

        ActionTask(IntConsumer action) {
            this.action = action;
        }

        @Override
        public Boolean execute() {
            action.accept(getId());
            return Boolean.TRUE;
        }
    }
}
