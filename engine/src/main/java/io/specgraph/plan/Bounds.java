package io.specgraph.plan;

import java.util.HashMap;
import java.util.Map;

/**
 * Lower bounds on the makespan that hold under the spec's own rules. Every term is a quantity no schedule
 * can beat: a chain of dependencies (the critical path), work shared by at most W workers (or a phase's
 * maxParallel), one agent's work at its concurrency, one resource's writers one at a time. With strict
 * phases no two phases overlap, so per-phase bounds add up.
 */
final class Bounds {
    private Bounds() {}

    static long lowerBound(Plan plan, int workers) {
        long global = segment(plan, workers, null);
        if (plan.pipelined()) {
            return global;
        }
        for (int v = 0; v < plan.size(); v++) {
            PlanTask t = plan.taskAt(v);
            if (t != null && t.phase() == null) {
                return global; // a task outside every phase can overlap anything: only the global bound holds
            }
        }
        long sum = 0;
        for (PlanPhase phase : plan.phases()) {
            sum += segment(plan, workers, phase);
        }
        return Math.max(global, sum);
    }

    /** The bound of one phase (its tasks, and the gates closing it), or of the whole plan when phase is null. */
    private static long segment(Plan plan, int workers, PlanPhase phase) {
        int n = plan.size();
        long[] finish = new long[n];
        long chain = 0;
        long work = 0;
        Map<String, Long> agentLoad = new HashMap<>();
        Map<String, Long> resourceLoad = new HashMap<>();
        for (int v : plan.topologicalIndices()) {
            if (!inSegment(plan, v, phase)) {
                continue;
            }
            long start = 0;
            for (int p : plan.predecessorsOf(v)) {
                if (inSegment(plan, p, phase)) {
                    start = Math.max(start, finish[p]);
                }
            }
            finish[v] = start + plan.millisOf(v);
            chain = Math.max(chain, finish[v]);
            PlanTask t = plan.taskAt(v);
            if (t != null) {
                long d = plan.millisOf(v);
                work += d;
                if (t.agent() != null) {
                    agentLoad.merge(t.agent(), d, Long::sum);
                }
                for (String r : t.writes()) {
                    resourceLoad.merge(r, d, Long::sum);
                }
            }
        }
        int parallel = workers;
        if (phase != null && phase.maxParallel() > 0) {
            parallel = Math.min(parallel, phase.maxParallel());
        }
        long bound = Math.max(chain, ceilDiv(work, parallel));
        for (PlanAgent agent : plan.agents()) {
            bound = Math.max(bound, ceilDiv(agentLoad.getOrDefault(agent.iri(), 0L), agent.concurrency()));
        }
        for (long load : resourceLoad.values()) {
            bound = Math.max(bound, load);
        }
        return bound;
    }

    private static boolean inSegment(Plan plan, int v, PlanPhase phase) {
        if (phase == null) {
            return true;
        }
        PlanNode node = plan.node(v);
        return node.kind() != PlanNode.Kind.BARRIER && phase.iri().equals(node.phase());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
