package io.specgraph.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A deterministic simulation of the engine's scheduling policy with estimated durations: whenever a worker
 * is free, the ready task with the longest remaining path starts, provided its phase, its agent and the
 * resources it writes have room. Gates and barriers pass the moment everything before them is done.
 */
final class ListSchedule {
    private ListSchedule() {}

    static long makespan(Plan plan, int workers) {
        int n = plan.size();
        int[] waiting = new int[n];
        for (int v = 0; v < n; v++) {
            waiting[v] = plan.predecessorsOf(v).length;
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(plan.remainingOf(b), plan.remainingOf(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Map<String, Integer> phaseRunning = new HashMap<>();
        Map<String, Integer> agentRunning = new HashMap<>();
        Set<String> locked = new HashSet<>();
        Map<String, Integer> phaseLimit = new HashMap<>();
        plan.phases().forEach(p -> phaseLimit.put(p.iri(), p.maxParallel()));
        Map<String, Integer> agentLimit = new HashMap<>();
        plan.agents().forEach(a -> agentLimit.put(a.iri(), a.concurrency()));

        long now = 0;
        List<Integer> instant = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (waiting[v] == 0) {
                instant.add(v);
            }
        }
        release(plan, instant, waiting, ready);
        int done = 0;
        while (true) {
            List<Integer> blocked = new ArrayList<>();
            while (running.size() < workers && !ready.isEmpty()) {
                int v = ready.poll();
                PlanTask t = plan.taskAt(v);
                if (!fits(t, phaseRunning, phaseLimit, agentRunning, agentLimit, locked)) {
                    blocked.add(v);
                    continue;
                }
                take(t, phaseRunning, agentRunning, locked, +1);
                running.add(new long[] {now + plan.millisOf(v), v});
            }
            ready.addAll(blocked);
            if (running.isEmpty()) {
                break;
            }
            now = running.peek()[0];
            List<Integer> finished = new ArrayList<>();
            while (!running.isEmpty() && running.peek()[0] == now) {
                int v = (int) running.poll()[1];
                take(plan.taskAt(v), phaseRunning, agentRunning, locked, -1);
                finished.add(v);
                done++;
            }
            List<Integer> next = new ArrayList<>();
            for (int v : finished) {
                for (int s : plan.successorsOf(v)) {
                    if (--waiting[s] == 0) {
                        next.add(s);
                    }
                }
            }
            release(plan, next, waiting, ready);
        }
        return now;
    }

    /** Makes nodes ready; gates and barriers pass at once, releasing their successors in turn. */
    private static void release(Plan plan, List<Integer> nodes, int[] waiting, PriorityQueue<Integer> ready) {
        List<Integer> stack = new ArrayList<>(nodes);
        while (!stack.isEmpty()) {
            int v = stack.remove(stack.size() - 1);
            if (plan.taskAt(v) != null) {
                ready.add(v);
                continue;
            }
            for (int s : plan.successorsOf(v)) {
                if (--waiting[s] == 0) {
                    stack.add(s);
                }
            }
        }
    }

    private static boolean fits(PlanTask t, Map<String, Integer> phaseRunning, Map<String, Integer> phaseLimit,
                                Map<String, Integer> agentRunning, Map<String, Integer> agentLimit, Set<String> locked) {
        if (t.phase() != null) {
            int limit = phaseLimit.getOrDefault(t.phase(), 0);
            if (limit > 0 && phaseRunning.getOrDefault(t.phase(), 0) >= limit) {
                return false;
            }
        }
        if (t.agent() != null && agentRunning.getOrDefault(t.agent(), 0) >= agentLimit.getOrDefault(t.agent(), 1)) {
            return false;
        }
        for (String r : t.writes()) {
            if (locked.contains(r)) {
                return false;
            }
        }
        return true;
    }

    private static void take(PlanTask t, Map<String, Integer> phaseRunning, Map<String, Integer> agentRunning,
                             Set<String> locked, int delta) {
        if (t.phase() != null) {
            phaseRunning.merge(t.phase(), delta, Integer::sum);
        }
        if (t.agent() != null) {
            agentRunning.merge(t.agent(), delta, Integer::sum);
        }
        for (String r : t.writes()) {
            if (delta > 0) {
                locked.add(r);
            } else {
                locked.remove(r);
            }
        }
    }
}
