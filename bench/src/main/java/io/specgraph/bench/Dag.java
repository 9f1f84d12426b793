package io.specgraph.bench;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanEdge;
import io.specgraph.plan.PlanNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plan's DAG as plain int arrays, so that the executors the engine is compared with schedule exactly the
 * graph the engine schedules, with no cost of their own for looking up ids.
 *
 * <p>Node {@code v} is {@code plan.nodes().get(v)}: tasks, and the gates and barriers the planner adds, which
 * the engine schedules as nodes too. The edges are {@code plan.edges()}, the same list the engine's scheduler
 * builds its graph from, so a comparison never runs a simpler graph than the engine does. The arrays are
 * shared, not copied: treat them as read-only.
 *
 * @param n                 the number of nodes
 * @param successors        for each node, the nodes that wait for it, in edge order
 * @param predecessorCounts for each node, how many nodes it waits for
 */
public record Dag(int n, int[][] successors, int[] predecessorCounts) {
    /** Checks that the arrays describe {@code n} nodes and every edge points at one of them. */
    public Dag {
        Objects.requireNonNull(successors, "successors");
        Objects.requireNonNull(predecessorCounts, "predecessorCounts");
        if (successors.length != n || predecessorCounts.length != n) {
            throw new IllegalArgumentException("a DAG of " + n + " nodes needs " + n + " successor lists and counts, got "
                    + successors.length + " and " + predecessorCounts.length);
        }
        int[] counted = new int[n];
        for (int[] next : successors) {
            for (int s : next) {
                if (s < 0 || s >= n) {
                    throw new IllegalArgumentException("an edge points to node " + s + ", outside 0.." + (n - 1));
                }
                counted[s]++;
            }
        }
        if (!Arrays.equals(counted, predecessorCounts)) {
            throw new IllegalArgumentException("the predecessor counts do not match the successor lists");
        }
    }

    /** The plan's DAG: its nodes in {@link Plan#nodes()} order and its {@link Plan#edges()}. */
    public static Dag of(Plan plan) {
        List<PlanNode> nodes = plan.nodes();
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int v = 0; v < n; v++) {
            index.put(nodes.get(v).id(), v);
        }
        int[] outDegree = new int[n];
        int[] inDegree = new int[n];
        List<PlanEdge> edges = plan.edges();
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            from[e] = indexOf(index, edges.get(e).from());
            to[e] = indexOf(index, edges.get(e).to());
            outDegree[from[e]]++;
            inDegree[to[e]]++;
        }
        int[][] successors = new int[n][];
        for (int v = 0; v < n; v++) {
            successors[v] = new int[outDegree[v]];
        }
        int[] filled = new int[n];
        for (int e = 0; e < from.length; e++) {
            successors[from[e]][filled[from[e]]++] = to[e];
        }
        return new Dag(n, successors, inDegree);
    }

    /**
     * A DAG from each node's predecessors, as {@link SpecGenerator} draws them: what the tests build directly,
     * without loading a spec.
     */
    public static Dag fromPredecessors(int[][] predecessors) {
        int n = predecessors.length;
        int[] outDegree = new int[n];
        int[] inDegree = new int[n];
        for (int v = 0; v < n; v++) {
            inDegree[v] = predecessors[v].length;
            for (int p : predecessors[v]) {
                outDegree[p]++;
            }
        }
        int[][] successors = new int[n][];
        for (int v = 0; v < n; v++) {
            successors[v] = new int[outDegree[v]];
        }
        int[] filled = new int[n];
        for (int v = 0; v < n; v++) {
            for (int p : predecessors[v]) {
                successors[p][filled[p]++] = v;
            }
        }
        return new Dag(n, successors, inDegree);
    }

    /** The number of edges. */
    public long edgeCount() {
        long m = 0;
        for (int[] next : successors) {
            m += next.length;
        }
        return m;
    }

    private static int indexOf(Map<String, Integer> index, String id) {
        Integer v = index.get(id);
        if (v == null) {
            throw new IllegalArgumentException("the plan has an edge to or from " + id + ", which is not one of its nodes");
        }
        return v;
    }
}
