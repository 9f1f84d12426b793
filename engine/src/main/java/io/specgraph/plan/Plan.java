package io.specgraph.plan;

import io.specgraph.closure.ClosureReport;
import io.specgraph.internal.PackageAccess;
import io.specgraph.load.LoadedSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedMultigraph;

/**
 * An immutable, executable plan derived from a closed spec: phases, agents, tasks, gates and metrics, the
 * DAG that orders them (every edge knows why it exists), and the figures a person plans with: topological
 * levels, critical path, total work, lower bounds and an estimated makespan for a number of workers.
 *
 * <p>Obtain one with {@code spec.plan()}. Everything is computed once; the same spec gives the same plan.
 */
public final class Plan {
    static {
        // Spec and the closure's claim rule derive plans and read their figures through this door: not API
        PackageAccess.install(new PackageAccess.Planning() {
            @Override
            public Plan derive(LoadedSpec spec, PlanOptions options, ClosureReport report) {
                return PlanDeriver.derive(spec, options, report);
            }

            @Override
            public int taskCount(Plan plan, String phase) {
                return PlanFigures.taskCount(plan, phase);
            }

            @Override
            public Duration work(Plan plan, String phase) {
                return PlanFigures.work(plan, phase);
            }

            @Override
            public Duration makespan(Plan plan, String phase, int workers) {
                return PlanFigures.makespan(plan, phase, workers);
            }

            @Override
            public Duration lowerBound(Plan plan, String phase, int workers) {
                return PlanFigures.lowerBound(plan, phase, workers);
            }

            @Override
            public Optional<Duration> longestPathThrough(Plan plan, List<String> nodes) {
                return PlanFigures.longestPathThrough(plan, nodes);
            }
        });
    }

    private final List<PlanPhase> phases;
    private final List<PlanAgent> agents;
    private final List<PlanTask> tasks;
    private final List<PlanGate> gates;
    private final List<PlanMetric> metrics;
    private final List<PlanRisk> risks;
    private final List<PlanConflict> conflicts;
    private final List<WriteConflict> writeConflicts;
    private final boolean pipelined;
    private final List<String> warnings;
    private final Set<String> unknownDurations;

    private final List<PlanNode> nodes;
    private final List<PlanEdge> edges;
    private final Map<String, Integer> index;
    private final int[][] successors;
    private final int[][] predecessors;
    private final long[] millis;
    private final int[] topological;
    private final List<List<String>> levels;
    private final CriticalPath criticalPath;
    private final long[] remaining;
    private final PlanTask[] taskAt;
    private final Map<String, PlanTask> taskByIri;
    private final Map<String, PlanGate> gateByIri;
    private final org.apache.jena.graph.Graph spec;
    private final PlanDag dag = new PlanDag(this);

    private Plan(List<PlanPhase> phases, List<PlanAgent> agents, List<PlanTask> tasks, List<PlanGate> gates,
                 List<PlanMetric> metrics, List<PlanRisk> risks, List<PlanConflict> conflicts, boolean pipelined,
                 List<String> warnings, Set<String> unknownDurations, List<PlanNode> nodes, List<PlanEdge> edges,
                 org.apache.jena.graph.Graph spec) {
        this.spec = spec;
        this.unknownDurations = Set.copyOf(unknownDurations);
        this.phases = List.copyOf(phases);
        this.agents = List.copyOf(agents);
        this.tasks = List.copyOf(tasks);
        this.gates = List.copyOf(gates);
        this.metrics = List.copyOf(metrics);
        this.risks = List.copyOf(risks);
        this.conflicts = List.copyOf(conflicts);
        this.pipelined = pipelined;
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(edges);

        int n = nodes.size();
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < n; i++) {
            idx.put(nodes.get(i).id(), i);
        }
        this.index = Collections.unmodifiableMap(idx);
        List<List<Integer>> succ = new ArrayList<>();
        List<List<Integer>> pred = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            succ.add(new ArrayList<>());
            pred.add(new ArrayList<>());
        }
        for (PlanEdge e : edges) {
            int from = idx.get(e.from());
            int to = idx.get(e.to());
            succ.get(from).add(to);
            pred.get(to).add(from);
        }
        this.successors = toArrays(succ);
        this.predecessors = toArrays(pred);
        this.millis = new long[n];
        for (int i = 0; i < n; i++) {
            millis[i] = nodes.get(i).duration().toMillis();
        }
        this.taskAt = new PlanTask[n];
        Map<String, PlanTask> byIri = new HashMap<>();
        tasks.forEach(t -> byIri.put(t.iri(), t));
        this.taskByIri = Collections.unmodifiableMap(byIri);
        Map<String, PlanGate> gatesByIri = new HashMap<>();
        gates.forEach(g -> gatesByIri.put(g.iri(), g));
        this.gateByIri = Collections.unmodifiableMap(gatesByIri);
        for (int i = 0; i < n; i++) {
            taskAt[i] = nodes.get(i).kind() == PlanNode.Kind.TASK ? byIri.get(nodes.get(i).id()) : null;
        }
        this.topological = topologicalOrder();
        this.levels = computeLevels();
        this.criticalPath = computeCriticalPath();
        this.remaining = computeRemaining();
        this.writeConflicts = List.copyOf(WriteConflicts.find(this, conflicts));
        List<String> notes = new ArrayList<>(warnings);
        for (WriteConflict c : writeConflicts) {
            if (!c.resolved()) {
                notes.add(c.first() + " and " + c.second() + " may run at the same time and both write \"" + c.resource()
                        + "\"; no sg:Conflict covers them, so the engine will run them one after the other");
            }
        }
        this.warnings = List.copyOf(notes);
    }

    /**
     * A plan rebuilt from the parts of another ({@link #phases()}, {@link #agents()}, {@link #tasks()}, …), without
     * its spec graph: for a driver that ships a plan to a process that must not load the spec (the workflow of
     * specgraph-temporal). The same parts give the same nodes, edges and order; {@link #specGraph()} is null, and
     * the warnings are the ones the rebuild itself finds.
     */
    public static Plan fromParts(List<PlanPhase> phases, List<PlanAgent> agents, List<PlanTask> tasks, List<PlanGate> gates,
                                 List<PlanMetric> metrics, List<PlanRisk> risks, List<PlanConflict> conflicts,
                                 boolean pipelined, Set<String> unknownDurations) {
        return build(phases, agents, tasks, gates, metrics, risks, conflicts, pipelined, List.of(), unknownDurations, null);
    }

    /** Builds the DAG of a plan from its records; refuses a cycle. */
    static Plan build(List<PlanPhase> phases, List<PlanAgent> agents, List<PlanTask> tasks, List<PlanGate> gates,
                      List<PlanMetric> metrics, List<PlanRisk> risks, List<PlanConflict> conflicts, boolean pipelined,
                      List<String> warnings, Set<String> unknownDurations, org.apache.jena.graph.Graph spec) {
        List<String> notes = new ArrayList<>(warnings);
        List<PlanNode> nodes = new ArrayList<>();
        Map<String, List<String>> tasksByPhase = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (PlanTask t : tasks) {
            if (t.compensation()) {
                continue;
            }
            nodes.add(new PlanNode(t.iri(), PlanNode.Kind.TASK, t.estimatedDuration(), t.phase()));
            ids.add(t.iri());
            if (t.phase() != null) {
                tasksByPhase.computeIfAbsent(t.phase(), p -> new ArrayList<>()).add(t.iri());
            }
        }
        for (PlanGate g : gates) {
            nodes.add(new PlanNode(g.iri(), PlanNode.Kind.GATE, Duration.ZERO, g.closes()));
            ids.add(g.iri());
        }

        List<PlanEdge> edges = new ArrayList<>();
        Set<Ends> seen = new HashSet<>();
        for (PlanTask t : tasks) {
            if (t.compensation()) {
                continue;
            }
            for (String d : t.dependsOn()) {
                if (ids.contains(d)) {
                    add(edges, seen, new PlanEdge(d, t.iri(), PlanEdge.Reason.DEPENDENCY));
                } else {
                    notes.add(t.label() + " depends on " + d + ", which is not a scheduled task or gate; the dependency was left out");
                }
            }
        }
        for (PlanGate g : gates) {
            for (String x : g.requires()) {
                if (ids.contains(x)) {
                    add(edges, seen, new PlanEdge(x, g.iri(), PlanEdge.Reason.REQUIREMENT));
                } else {
                    notes.add(g.label() + " requires " + x + ", which is not a scheduled task or gate; the requirement was left out");
                }
            }
            if (g.closes() != null) {
                for (String t : tasksByPhase.getOrDefault(g.closes(), List.of())) {
                    add(edges, seen, new PlanEdge(t, g.iri(), PlanEdge.Reason.PHASE_CLOSURE));
                }
            }
        }
        if (!pipelined) {
            List<PlanPhase> withTasks = phases.stream().filter(p -> tasksByPhase.containsKey(p.iri())).toList();
            for (int k = 0; k + 1 < withTasks.size(); k++) {
                PlanPhase previous = withTasks.get(k);
                PlanPhase next = withTasks.get(k + 1);
                List<String> ends = gates.stream().filter(g -> previous.iri().equals(g.closes())).map(PlanGate::iri).toList();
                if (ends.isEmpty()) {
                    String barrier = "urn:specgraph:barrier:" + previous.order();
                    nodes.add(new PlanNode(barrier, PlanNode.Kind.BARRIER, Duration.ZERO, previous.iri()));
                    for (String t : tasksByPhase.get(previous.iri())) {
                        add(edges, seen, new PlanEdge(t, barrier, PlanEdge.Reason.PHASE_BARRIER));
                    }
                    ends = List.of(barrier);
                }
                for (String end : ends) {
                    for (String t : tasksByPhase.get(next.iri())) {
                        add(edges, seen, new PlanEdge(end, t, PlanEdge.Reason.PHASE_BARRIER));
                    }
                }
            }
        }
        return new Plan(phases, agents, tasks, gates, metrics, risks, conflicts, pipelined, notes, unknownDurations, nodes,
                edges, spec);
    }

    /** An edge's ends, for finding duplicates without building strings. */
    private record Ends(String from, String to) {}

    private static void add(List<PlanEdge> edges, Set<Ends> seen, PlanEdge edge) {
        if (seen.add(new Ends(edge.from(), edge.to()))) {
            edges.add(edge);
        }
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] out = new int[lists.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Kahn's algorithm, always taking the lowest-index ready node, so the order is deterministic. */
    private int[] topologicalOrder() {
        int n = nodes.size();
        int[] indegree = new int[n];
        for (int i = 0; i < n; i++) {
            indegree[i] = predecessors[i].length;
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int count = 0;
        while (!ready.isEmpty()) {
            int v = ready.poll();
            order[count++] = v;
            for (int s : successors[v]) {
                if (--indegree[s] == 0) {
                    ready.add(s);
                }
            }
        }
        if (count < n) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < n && stuck.size() < 10; i++) {
                if (indegree[i] > 0) {
                    stuck.add(nodes.get(i).id());
                }
            }
            throw new PlanRefusedException("the dependencies" + (pipelined ? "" : " together with the phase barriers")
                    + " form a cycle, so no order can run them; nodes on or behind it: " + String.join(", ", stuck)
                    + (pipelined ? "" : "; check for a task that depends on something of a later phase, or plan pipelined"));
        }
        return order;
    }

    private List<List<String>> computeLevels() {
        int[] level = new int[nodes.size()];
        int max = -1;
        for (int v : topological) {
            for (int p : predecessors[v]) {
                level[v] = Math.max(level[v], level[p] + 1);
            }
            max = Math.max(max, level[v]);
        }
        List<List<String>> out = new ArrayList<>();
        for (int l = 0; l <= max; l++) {
            out.add(new ArrayList<>());
        }
        for (int v = 0; v < nodes.size(); v++) {
            out.get(level[v]).add(nodes.get(v).id());
        }
        return out.stream().map(List::copyOf).toList();
    }

    /** Longest path by duration: a DP over the topological order. Ties go to the lower-index predecessor. */
    private CriticalPath computeCriticalPath() {
        return criticalPath(millis);
    }

    /** The longest path when node v takes {@code millis[v]}. */
    private CriticalPath criticalPath(long[] millis) {
        int n = nodes.size();
        if (n == 0) {
            return new CriticalPath(List.of(), Duration.ZERO);
        }
        long[] finish = new long[n];
        int[] via = new int[n];
        int end = -1;
        for (int v : topological) {
            int best = -1;
            for (int p : predecessors[v]) {
                if (best < 0 || finish[p] > finish[best] || (finish[p] == finish[best] && p < best)) {
                    best = p;
                }
            }
            via[v] = best;
            finish[v] = (best < 0 ? 0 : finish[best]) + millis[v];
            // ties go to the later node, so a zero-duration gate that ends the path is part of it
            if (end < 0 || finish[v] >= finish[end]) {
                end = v;
            }
        }
        List<String> path = new ArrayList<>();
        for (int v = end; v >= 0; v = via[v]) {
            path.add(0, nodes.get(v).id());
        }
        return new CriticalPath(path, Duration.ofMillis(finish[end]));
    }

    /** For each node: its duration plus the longest path after it (the scheduling priority). */
    private long[] computeRemaining() {
        return remaining(millis);
    }

    /** As {@link #computeRemaining()} when node v takes {@code millis[v]}. */
    private long[] remaining(long[] millis) {
        long[] rem = new long[nodes.size()];
        for (int i = topological.length - 1; i >= 0; i--) {
            int v = topological[i];
            long after = 0;
            for (int s : successors[v]) {
                after = Math.max(after, rem[s]);
            }
            rem[v] = millis[v] + after;
        }
        return rem;
    }

    /** Phases in ascending order. */
    public List<PlanPhase> phases() {
        return phases;
    }

    /** Agents, in the order the spec declares them. */
    public List<PlanAgent> agents() {
        return agents;
    }

    /** Every task, phases in order, each phase's tasks in the order written; compensation tasks included. */
    public List<PlanTask> tasks() {
        return tasks;
    }

    /** Gates, in the order written. */
    public List<PlanGate> gates() {
        return gates;
    }

    /** Metrics, in the order written. */
    public List<PlanMetric> metrics() {
        return metrics;
    }

    /** Risks, in the order written. */
    public List<PlanRisk> risks() {
        return risks;
    }

    /** Conflicts the spec declares, in the order written. */
    public List<PlanConflict> conflicts() {
        return conflicts;
    }

    /**
     * Pairs of tasks that may run at the same time and write the same resource, each with the declared
     * conflict that covers it, if any. Undeclared ones are also listed in {@link #warnings()}.
     */
    public List<WriteConflict> writeConflicts() {
        return writeConflicts;
    }

    /** The task with this IRI. */
    public Optional<PlanTask> task(String iri) {
        return Optional.ofNullable(taskByIri.get(iri));
    }

    /** The gate with this IRI. */
    public Optional<PlanGate> gate(String iri) {
        return Optional.ofNullable(gateByIri.get(iri));
    }

    /** True when only declared edges order the work; false with strict phases (the default). */
    public boolean pipelined() {
        return pipelined;
    }

    /** Things the planner left out or assumed, for a person to read. */
    public List<String> warnings() {
        return warnings;
    }

    /** The DAG's nodes: scheduled tasks (compensation tasks are not), gates, and barriers between strict phases. */
    public List<PlanNode> nodes() {
        return nodes;
    }

    /** The DAG's edges, each with the reason it exists. */
    public List<PlanEdge> edges() {
        return edges;
    }

    /** The DAG as a read-only JGraphT graph (vertices are node ids). */
    public Graph<String, PlanEdge> graph() {
        Graph<String, PlanEdge> g = new DirectedMultigraph<>(PlanEdge.class);
        nodes.forEach(n -> g.addVertex(n.id()));
        edges.forEach(e -> g.addEdge(e.from(), e.to(), e));
        return new AsUnmodifiableGraph<>(g);
    }

    /** The spec the plan was derived from, as a read-only graph: what handlers and gate conditions read. */
    public org.apache.jena.graph.Graph specGraph() {
        return spec;
    }

    /** The DAG by index, for code that walks it many times; see {@link PlanDag}. */
    public PlanDag dag() {
        return dag;
    }

    /**
     * The node's estimated duration plus the longest path after it: how much of the plan still depends on
     * it. The engine starts the ready task with the largest value first.
     *
     * @throws IllegalArgumentException when the plan has no node with this id
     */
    public Duration remainingPath(String nodeId) {
        Integer i = index.get(nodeId);
        if (i == null) {
            throw new IllegalArgumentException("the plan has no node " + nodeId);
        }
        return Duration.ofMillis(remaining[i]);
    }

    /** Node ids by topological level: level 0 has no predecessor, level k waits at most for level k-1. */
    public List<List<String>> levels() {
        return levels;
    }

    /**
     * The tasks whose duration is unknown (no usable {@code sg:estimatedDuration} and no fallback the spec opted
     * in to). They count as zero, so while this is not empty the critical path, total work and lower bound are
     * only lower limits and the estimated makespan is unknown.
     */
    public Set<String> unknownDurations() {
        return unknownDurations;
    }

    /** True when every scheduled task's duration is known, so the figures of time are figures, not lower limits. */
    public boolean durationsKnown() {
        return unknownDurations.isEmpty();
    }

    /** The longest path through the DAG by estimated duration. */
    public CriticalPath criticalPath() {
        return criticalPath;
    }

    /** Sum of the estimated durations of the scheduled tasks: the time one worker would need. */
    public Duration totalWork() {
        long sum = 0;
        for (PlanNode node : nodes) {
            if (node.kind() == PlanNode.Kind.TASK) {
                sum += node.duration().toMillis();
            }
        }
        return Duration.ofMillis(sum);
    }

    /** The largest number of tasks in one topological level. */
    public int maxWidth() {
        int max = 0;
        for (List<String> level : levels) {
            int tasksInLevel = 0;
            for (String id : level) {
                if (nodes.get(index.get(id)).kind() == PlanNode.Kind.TASK) {
                    tasksInLevel++;
                }
            }
            max = Math.max(max, tasksInLevel);
        }
        return max;
    }

    /** The estimated work of each agent (scheduled tasks), agents in declaration order. */
    public Map<String, Duration> agentLoad() {
        Map<String, Duration> load = new LinkedHashMap<>();
        agents.forEach(a -> load.put(a.iri(), Duration.ZERO));
        for (PlanTask t : tasks) {
            if (!t.compensation() && t.agent() != null) {
                load.merge(t.agent(), t.estimatedDuration(), Duration::plus);
            }
        }
        return Collections.unmodifiableMap(load);
    }

    /**
     * A makespan no schedule on {@code workers} workers can beat under the spec's own rules: the largest of
     * the critical path, the work divided among the workers (and among a phase's {@code sg:maxParallel}),
     * the busiest agent's load divided by its concurrency, the busiest written resource's load, and the
     * pigeonhole terms (more tasks than slots: one slot runs two of the longest, e.g. the W-th and (W+1)-th
     * longest back to back). With strict phases, phases cannot overlap, so the bound is taken per phase and
     * summed.
     */
    public Duration lowerBound(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        return Duration.ofMillis(Bounds.lowerBound(this, workers));
    }

    /**
     * The makespan of the engine's own scheduling policy on {@code workers} workers, simulated with the
     * estimated durations: ready tasks start by longest remaining path first, within the worker limit,
     * each phase's {@code sg:maxParallel}, each agent's {@code sg:concurrency} and one writer per resource.
     */
    public Duration estimatedMakespan(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        return Duration.ofMillis(ListSchedule.makespan(this, workers));
    }

    /**
     * The schedule behind {@link #estimatedMakespan(int)}: every scheduled task with the time the simulated policy
     * starts and ends it, in start order. It is what a run on {@code workers} workers would do if every task took
     * exactly its estimate.
     */
    public List<ScheduledTask> estimatedSchedule(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        return ListSchedule.schedule(this, workers);
    }

    /**
     * The estimated makespan on {@code workers} workers and the critical path when the given tasks take no time:
     * what is left of the plan when an incremental run finds them up to date (they end cached at once, holding no
     * worker). With no task given it is {@link #estimatedMakespan(int)} and {@link #criticalPath()}.
     *
     * @param taskIris tasks of the plan that take no time; an IRI the plan has no scheduled task for is refused
     */
    public PlanEstimate estimateWithout(java.util.Collection<String> taskIris, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (taskIris.isEmpty()) {
            return new PlanEstimate(estimatedMakespan(workers), criticalPath);
        }
        boolean[] skipped = new boolean[nodes.size()];
        for (String iri : taskIris) {
            Integer v = index.get(iri);
            if (v == null || taskAt[v] == null) {
                throw new IllegalArgumentException("the plan has no scheduled task " + iri);
            }
            skipped[v] = true;
        }
        return new PlanEstimate(Duration.ofMillis(ListSchedule.makespanSkipping(this, workers, skipped)),
                criticalPath(millisSkipping(skipped)));
    }

    private long[] millisSkipping(boolean[] skipped) {
        long[] out = millis.clone();
        for (int v = 0; v < out.length; v++) {
            if (skipped[v]) {
                out[v] = 0;
            }
        }
        return out;
    }

    // ---- package-private views for Bounds and ListSchedule

    /** {@link #remainingOf} for every node, when the nodes marked in {@code skipped} take no time. */
    long[] remainingSkipping(boolean[] skipped) {
        return remaining(millisSkipping(skipped));
    }

    int size() {
        return nodes.size();
    }

    int[] topologicalIndices() {
        return topological;
    }

    /** The task at node v, or null for a gate or barrier. */
    PlanTask taskAt(int v) {
        return taskAt[v];
    }

    int[] successorsOf(int v) {
        return successors[v];
    }

    int[] predecessorsOf(int v) {
        return predecessors[v];
    }

    long millisOf(int v) {
        return millis[v];
    }

    long remainingOf(int v) {
        return remaining[v];
    }

    PlanNode node(int v) {
        return nodes.get(v);
    }

    int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }
}
