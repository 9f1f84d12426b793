package io.specgraph.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds pairs of tasks that may run at the same time and write the same resource: for each resource
 * with several writers, a search from each writer marks the writers that must come after it; the rest
 * may overlap. Cost: writers × (nodes + edges) per shared resource.
 */
final class WriteConflicts {
    private WriteConflicts() {}

    static List<WriteConflict> find(Plan plan, List<PlanConflict> declared) {
        Map<String, List<Integer>> writers = new LinkedHashMap<>();
        for (int v = 0; v < plan.size(); v++) {
            PlanTask t = plan.taskAt(v);
            if (t != null) {
                for (String r : t.writes()) {
                    writers.computeIfAbsent(r, k -> new ArrayList<>()).add(v);
                }
            }
        }
        Map<String, Integer> concurrency = new LinkedHashMap<>();
        plan.agents().forEach(a -> concurrency.put(a.iri(), a.concurrency()));
        List<WriteConflict> out = new ArrayList<>();
        writers.forEach((resource, tasks) -> {
            if (tasks.size() < 2) {
                return;
            }
            for (int i = 0; i < tasks.size(); i++) {
                BitSet after = descendants(plan, tasks.get(i));
                for (int j = i + 1; j < tasks.size(); j++) {
                    int a = tasks.get(i);
                    int b = tasks.get(j);
                    if (after.get(b) || descendants(plan, b).get(a)) {
                        continue;
                    }
                    PlanTask first = plan.taskAt(a);
                    PlanTask second = plan.taskAt(b);
                    boolean sameSerialAgent = first.agent() != null && first.agent().equals(second.agent())
                            && concurrency.getOrDefault(first.agent(), 1) == 1;
                    if (sameSerialAgent) {
                        continue; // one agent doing one task at a time never overlaps itself
                    }
                    out.add(new WriteConflict(resource, first.iri(), second.iri(), covering(declared, resource, first, second)));
                }
            }
        });
        return out;
    }

    private static PlanConflict covering(List<PlanConflict> declared, String resource, PlanTask a, PlanTask b) {
        if (a.agent() == null || b.agent() == null) {
            return null; // a task whose agent is missing (an unclosed spec planned anyway) is covered by no declaration
        }
        for (PlanConflict c : declared) {
            if (resource.equals(c.resource()) && c.between().contains(a.agent()) && c.between().contains(b.agent())) {
                return c;
            }
        }
        return null;
    }

    private static BitSet descendants(Plan plan, int start) {
        BitSet seen = new BitSet(plan.size());
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            for (int s : plan.successorsOf(stack.pop())) {
                if (!seen.get(s)) {
                    seen.set(s);
                    stack.push(s);
                }
            }
        }
        return seen;
    }
}
