package io.specgraph.plan;

import io.specgraph.internal.Admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A deterministic simulation of the engine's scheduling policy with estimated durations: whenever a worker
 * is free, the ready task with the longest remaining path starts, provided its phase, its agent and the
 * resources it writes have room ({@link Admission}, the engine's own policy). Gates and barriers pass the moment
 * everything before them is done.
 */
final class ListSchedule {
    private ListSchedule() {}

    static long makespan(Plan plan, int workers) {
        return simulate(plan, workers, null, null);
    }

    /**
     * The makespan when the tasks marked in {@code skipped} (by node index) take no time and hold no worker: they
     * pass the moment everything before them is done, as gates do. An incremental run's cached tasks end so.
     */
    static long makespanSkipping(Plan plan, int workers, boolean[] skipped) {
        return simulate(plan, workers, null, skipped);
    }

    /** Every scheduled task with the time the simulation starts it, in start order (ties by node order). */
    static List<ScheduledTask> schedule(Plan plan, int workers) {
        long[] starts = new long[plan.size()];
        Arrays.fill(starts, -1);
        simulate(plan, workers, starts, null);
        List<ScheduledTask> out = new ArrayList<>();
        for (int v = 0; v < starts.length; v++) {
            if (starts[v] >= 0) {
                PlanTask t = plan.taskAt(v);
                out.add(new ScheduledTask(t.iri(), Duration.ofMillis(starts[v]),
                        Duration.ofMillis(starts[v] + plan.millisOf(v))));
            }
        }
        out.sort(Comparator.comparing(ScheduledTask::start));
        return List.copyOf(out);
    }

    /**
     * Runs the simulation; when {@code starts} is given, records each task's start time in it by node index; when
     * {@code skipped} is given, the tasks it marks pass at once and the priorities count them as taking no time.
     */
    private static long simulate(Plan plan, int workers, long[] starts, boolean[] skipped) {
        int n = plan.size();
        int[] waiting = new int[n];
        for (int v = 0; v < n; v++) {
            waiting[v] = plan.predecessorsOf(v).length;
        }
        long[] remaining = skipped == null ? null : plan.remainingSkipping(skipped);
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> {
            int c = remaining == null ? Long.compare(plan.remainingOf(b), plan.remainingOf(a)) : Long.compare(remaining[b], remaining[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Admission admission = new Admission(plan, Admission.nodeSlots(plan));

        long now = 0;
        List<Integer> instant = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (waiting[v] == 0) {
                instant.add(v);
            }
        }
        release(plan, instant, waiting, ready, skipped);
        int done = 0;
        while (true) {
            List<Integer> blocked = new ArrayList<>();
            while (running.size() < workers && !ready.isEmpty()) {
                int v = ready.poll();
                if (admission.blocker(v) != null) {
                    blocked.add(v);
                    continue;
                }
                admission.start(v);
                if (starts != null) {
                    starts[v] = now;
                }
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
                admission.end(v);
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
            release(plan, next, waiting, ready, skipped);
        }
        return now;
    }

    /** Makes nodes ready; gates, barriers and skipped tasks pass at once, releasing their successors in turn. */
    private static void release(Plan plan, List<Integer> nodes, int[] waiting, PriorityQueue<Integer> ready, boolean[] skipped) {
        List<Integer> stack = new ArrayList<>(nodes);
        while (!stack.isEmpty()) {
            int v = stack.remove(stack.size() - 1);
            if (plan.taskAt(v) != null && (skipped == null || !skipped[v])) {
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
}
