package io.specgraph.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lower bounds on the makespan that hold under the spec's own rules. Every term is a quantity no schedule
 * can beat: a chain of dependencies (the critical path), work shared by at most W workers (or a phase's
 * maxParallel), one agent's work at its concurrency, one resource's writers one at a time, and the
 * pigeonhole terms: when more than k·m tasks share m slots, one slot runs k+1 of the k·m+1 longest, so the
 * makespan is at least (k+1) times the (k·m+1)-th longest task, and for k = 1 at least the m-th and
 * (m+1)-th longest together. With strict phases no two phases overlap, so per-phase bounds add up.
 */
final class Bounds {
    private Bounds() {}

    /** The chain, work, agent and resource loads of one segment: the whole plan, or one phase. */
    private static final class Segment {
        long chain;
        long work;
        final List<Long> durations = new ArrayList<>();
        final Map<String, Long> agentLoad = new HashMap<>();
        final Map<String, List<Long>> agentDurations = new HashMap<>();
        final Map<String, Long> resourceLoad = new HashMap<>();

        void add(PlanTask task, long millis) {
            work += millis;
            durations.add(millis);
            if (task.agent() != null) {
                agentLoad.merge(task.agent(), millis, Long::sum);
                agentDurations.computeIfAbsent(task.agent(), k -> new ArrayList<>()).add(millis);
            }
            for (String r : task.writes()) {
                resourceLoad.merge(r, millis, Long::sum);
            }
        }

        long bound(Plan plan, int parallel) {
            long bound = Math.max(chain, Math.max(ceilDiv(work, parallel), pigeonhole(durations, parallel)));
            for (PlanAgent agent : plan.agents()) {
                bound = Math.max(bound, ceilDiv(agentLoad.getOrDefault(agent.iri(), 0L), agent.concurrency()));
                bound = Math.max(bound, pigeonhole(agentDurations.getOrDefault(agent.iri(), List.of()), agent.concurrency()));
            }
            for (long load : resourceLoad.values()) {
                bound = Math.max(bound, load);
            }
            return bound;
        }
    }

    static long lowerBound(Plan plan, int workers) {
        int n = plan.size();
        Segment whole = new Segment();
        Map<String, Segment> phases = new HashMap<>();
        long[] finish = new long[n];      // along any path
        long[] inPhase = new long[n];     // along paths that stay inside the node's phase
        boolean taskOutsidePhases = false;
        // one pass over the topological order fills the whole plan's and every phase's figures
        for (int v : plan.topologicalIndices()) {
            PlanNode node = plan.node(v);
            String phase = node.kind() == PlanNode.Kind.BARRIER ? null : node.phase();
            long start = 0;
            long startInPhase = 0;
            for (int p : plan.predecessorsOf(v)) {
                start = Math.max(start, finish[p]);
                PlanNode pred = plan.node(p);
                if (phase != null && pred.kind() != PlanNode.Kind.BARRIER && phase.equals(pred.phase())) {
                    startInPhase = Math.max(startInPhase, inPhase[p]);
                }
            }
            long millis = plan.millisOf(v);
            finish[v] = start + millis;
            inPhase[v] = startInPhase + millis;
            whole.chain = Math.max(whole.chain, finish[v]);
            Segment segment = phase == null ? null : phases.computeIfAbsent(phase, k -> new Segment());
            if (segment != null) {
                segment.chain = Math.max(segment.chain, inPhase[v]);
            }
            PlanTask task = plan.taskAt(v);
            if (task != null) {
                whole.add(task, millis);
                if (segment != null) {
                    segment.add(task, millis);
                } else {
                    taskOutsidePhases = true;
                }
            }
        }
        long global = whole.bound(plan, workers);
        if (plan.pipelined() || taskOutsidePhases) {
            return global; // phases may overlap (or a task belongs to none): only the whole plan's bound holds
        }
        long sum = 0;
        for (PlanPhase phase : plan.phases()) {
            Segment segment = phases.get(phase.iri());
            if (segment != null) {
                int parallel = phase.maxParallel() > 0 ? Math.min(workers, phase.maxParallel()) : workers;
                sum += segment.bound(plan, parallel);
            }
        }
        return Math.max(global, sum);
    }

    /** The pigeonhole terms for tasks sharing {@code slots} slots (see the class comment). */
    static long pigeonhole(List<Long> durations, int slots) {
        if (durations.size() <= slots) {
            return 0; // each task can have a slot of its own
        }
        long[] d = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = d.length;
        // d sorted ascending: the i-th longest (1-based) is d[n - i]
        long bound = d[n - slots] + d[n - slots - 1];
        for (long k = 2; k * slots + 1 <= n; k++) {
            bound = Math.max(bound, (k + 1) * d[(int) (n - (k * slots + 1))]);
        }
        return bound;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
