package io.specgraph.internal;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanDag;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one admission policy of a run: whether a ready task may start now, given what already runs. A task
 * starts only while its phase runs fewer than its {@code sg:maxParallel} tasks, its agent fewer than its
 * {@code sg:concurrency}, and no other task writes a resource it writes ({@code sg:writes}). The engine and
 * the plan's estimate ({@link Plan#estimatedMakespan(int)}) both decide with it, so they cannot drift apart.
 * The global worker limit is the caller's: it is a count of slots, not a property of a task.
 *
 * <p>Tasks are known by a slot number the caller chooses (the engine numbers the plan's nodes first and its
 * compensation tasks after them); limits by a typed {@link Limit}. One instance holds the state of one run or
 * one simulation; it is not thread-safe.
 *
 * <p>Internal, not API: it is public only because two packages must decide with the same code — {@code run}'s core
 * and {@code plan}'s estimate ({@code ListSchedule}) — and {@code io.specgraph.internal} is not exported.
 */
public final class Admission {
    /** A limit that can keep a task from starting: a phase, an agent or a written resource, by index. */
    public record Limit(Kind kind, int index) {
        /** What the limit bounds. */
        public enum Kind {
            /** A phase's {@code sg:maxParallel}. */
            PHASE,
            /** An agent's {@code sg:concurrency}. */
            AGENT,
            /** One writer at a time of an {@code sg:writes} resource. */
            RESOURCE
        }
    }

    private static final int NONE = -1;
    private static final int[] NO_RESOURCES = new int[0];

    /**
     * What admission knows of each slot and limit that no run changes: each slot's phase, agent and written
     * resources by index, and each phase's and agent's limit. Made once per plan (and slot numbering) and shared
     * by every run of it; immutable.
     */
    public static final class Table {
        private final int[] phaseOf;
        private final int[] agentOf;
        private final int[][] writesOf;
        private final int[] phaseLimit;
        private final int[] agentLimit;
        private final List<String> resources;

        /**
         * @param plan  the plan whose phases and agents set the limits
         * @param slots the task in each slot, or null for a slot that is not a task (a gate, a barrier)
         */
        public Table(Plan plan, PlanTask[] slots) {
            Map<String, Integer> phaseIndex = new HashMap<>();
            List<PlanPhase> phases = plan.phases();
            this.phaseLimit = new int[phases.size()];
            for (int i = 0; i < phases.size(); i++) {
                phaseIndex.put(phases.get(i).iri(), i);
                phaseLimit[i] = phases.get(i).maxParallel();
            }
            Map<String, Integer> agentIndex = new HashMap<>();
            List<PlanAgent> agents = plan.agents();
            this.agentLimit = new int[agents.size()];
            for (int i = 0; i < agents.size(); i++) {
                agentIndex.put(agents.get(i).iri(), i);
                agentLimit[i] = agents.get(i).concurrency();
            }
            Map<String, Integer> resourceIndex = new HashMap<>();
            List<String> names = new ArrayList<>();
            this.phaseOf = new int[slots.length];
            this.agentOf = new int[slots.length];
            this.writesOf = new int[slots.length][];
            for (int v = 0; v < slots.length; v++) {
                PlanTask t = slots[v];
                phaseOf[v] = t == null || t.phase() == null ? NONE : phaseIndex.getOrDefault(t.phase(), NONE);
                agentOf[v] = t == null || t.agent() == null ? NONE : agentIndex.getOrDefault(t.agent(), NONE);
                if (t == null || t.writes().isEmpty()) {
                    writesOf[v] = NO_RESOURCES;
                    continue;
                }
                writesOf[v] = t.writes().stream().mapToInt(r -> resourceIndex.computeIfAbsent(r, k -> {
                    names.add(k);
                    return names.size() - 1;
                })).toArray();
            }
            this.resources = List.copyOf(names);
        }

        /** The index of the slot's phase in {@link Plan#phases()}, or -1 (not a task, or a task of no phase). */
        public int phaseOf(int slot) {
            return phaseOf[slot];
        }
    }

    private final Table table;
    private final int[] phaseOf;
    private final int[] agentOf;
    private final int[][] writesOf;
    private final int[] phaseLimit;
    private final int[] agentLimit;
    private final int[] phaseRunning;
    private final int[] agentRunning;
    private final int[] writer;

    /**
     * An admission state with nothing running.
     *
     * @param plan  the plan whose phases and agents set the limits
     * @param slots the task in each slot, or null for a slot that is not a task (a gate, a barrier)
     */
    public Admission(Plan plan, PlanTask[] slots) {
        this(new Table(plan, slots));
    }

    /** An admission state with nothing running, on a table made before (and shared with other runs). */
    public Admission(Table table) {
        this.table = table;
        this.phaseOf = table.phaseOf;
        this.agentOf = table.agentOf;
        this.writesOf = table.writesOf;
        this.phaseLimit = table.phaseLimit;
        this.agentLimit = table.agentLimit;
        this.phaseRunning = new int[phaseLimit.length];
        this.agentRunning = new int[agentLimit.length];
        this.writer = new int[table.resources.size()];
        Arrays.fill(writer, NONE);
    }

    /** The plan's own nodes as slots: the task at each node, null for gates and barriers. */
    public static PlanTask[] nodeSlots(Plan plan) {
        PlanDag dag = plan.dag();
        PlanTask[] slots = new PlanTask[dag.size()];
        for (int v = 0; v < slots.length; v++) {
            slots[v] = dag.task(v);
        }
        return slots;
    }

    /**
     * The first limit that keeps the task in this slot from starting now, checked in the order phase, agent,
     * resources (as written); null when it may start. A phase without {@code sg:maxParallel} has no limit.
     */
    public Limit blocker(int slot) {
        int phase = phaseOf[slot];
        if (phase != NONE && phaseLimit[phase] > 0 && phaseRunning[phase] >= phaseLimit[phase]) {
            return new Limit(Limit.Kind.PHASE, phase);
        }
        int agent = agentOf[slot];
        if (agent != NONE && agentRunning[agent] >= agentLimit[agent]) {
            return new Limit(Limit.Kind.AGENT, agent);
        }
        for (int r : writesOf[slot]) {
            if (writer[r] != NONE) {
                return new Limit(Limit.Kind.RESOURCE, r);
            }
        }
        return null;
    }

    /** The task in this slot starts: it takes its place in its phase, its agent and every resource it writes. */
    public void start(int slot) {
        if (phaseOf[slot] != NONE) {
            phaseRunning[phaseOf[slot]]++;
        }
        if (agentOf[slot] != NONE) {
            agentRunning[agentOf[slot]]++;
        }
        for (int r : writesOf[slot]) {
            writer[r] = slot;
        }
    }

    /**
     * The task in this slot has ended: its places are free again. Returns the limits it freed, so that the
     * caller can let the tasks waiting for them try again.
     */
    public List<Limit> end(int slot) {
        List<Limit> freed = limitsOf(slot);
        release(slot);
        return freed;
    }

    /** The task in this slot has ended: its places are free again ({@link #end} without listing them). */
    public void release(int slot) {
        if (phaseOf[slot] != NONE) {
            phaseRunning[phaseOf[slot]]--;
        }
        if (agentOf[slot] != NONE) {
            agentRunning[agentOf[slot]]--;
        }
        for (int r : writesOf[slot]) {
            writer[r] = NONE;
        }
    }

    /** The limits the task in this slot takes while it runs: its phase, its agent, each resource it writes. */
    public List<Limit> limitsOf(int slot) {
        List<Limit> limits = new ArrayList<>(2 + writesOf[slot].length);
        if (phaseOf[slot] != NONE) {
            limits.add(new Limit(Limit.Kind.PHASE, phaseOf[slot]));
        }
        if (agentOf[slot] != NONE) {
            limits.add(new Limit(Limit.Kind.AGENT, agentOf[slot]));
        }
        for (int r : writesOf[slot]) {
            limits.add(new Limit(Limit.Kind.RESOURCE, r));
        }
        return limits;
    }

    /** The slot of the task writing the resource of a {@link Limit.Kind#RESOURCE} limit, or -1 when none does. */
    public int writerOf(Limit resource) {
        if (resource.kind() != Limit.Kind.RESOURCE) {
            throw new IllegalArgumentException("not a resource limit: " + resource);
        }
        return writer[resource.index()];
    }

    /** The name of the resource of a {@link Limit.Kind#RESOURCE} limit, as the spec writes it. */
    public String resourceName(Limit resource) {
        if (resource.kind() != Limit.Kind.RESOURCE) {
            throw new IllegalArgumentException("not a resource limit: " + resource);
        }
        return table.resources.get(resource.index());
    }
}
