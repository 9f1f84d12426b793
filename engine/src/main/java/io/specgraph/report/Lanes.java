package io.specgraph.report;

import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Puts intervals on as few lanes as can hold them without overlap, each on the lowest free lane: the run does
 * not say which worker ran what (a worker is a permit, not a thread), and this packing needs exactly as many
 * lanes as the most attempts that ever ran at once, so the lanes read as workers.
 */
final class Lanes {
    private Lanes() {}

    /**
     * The lane of each interval; {@code starts} must be in ascending order. An interval that starts when another
     * ends may take its lane.
     */
    static int[] pack(double[] starts, double[] ends) {
        int[] lane = new int[starts.length];
        PriorityQueue<double[]> busy = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        TreeSet<Integer> free = new TreeSet<>();
        int used = 0;
        for (int i = 0; i < starts.length; i++) {
            while (!busy.isEmpty() && busy.peek()[0] <= starts[i]) {
                free.add((int) busy.poll()[1]);
            }
            int l = free.isEmpty() ? used++ : free.pollFirst();
            lane[i] = l;
            busy.add(new double[] {ends[i], l});
        }
        return lane;
    }

    /** How many lanes {@link #pack} used. */
    static int count(int[] lanes) {
        int max = -1;
        for (int l : lanes) {
            max = Math.max(max, l);
        }
        return max + 1;
    }
}
