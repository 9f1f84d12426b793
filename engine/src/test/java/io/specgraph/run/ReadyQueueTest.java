package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.internal.Admission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ready queue on its own: the two orders, ties by index, compensation first, parking on a limit. */
class ReadyQueueTest {
    private static final long[] REMAINING = {5, 9, 9, 1};

    private static List<Integer> takeAll(ReadyQueue queue) {
        List<Integer> taken = new ArrayList<>();
        while (!queue.isEmpty()) {
            taken.add(queue.next());
        }
        return taken;
    }

    @Test
    void criticalPathTakesTheLongestRemainingPathFirstAndTiesByIndex() {
        ReadyQueue queue = new ReadyQueue(TaskOrder.CRITICAL_PATH, v -> REMAINING[v], 4, 5);
        for (int v : new int[] {3, 2, 0, 1}) {
            queue.becameReady(v);
        }
        queue.add(4);
        assertThat(takeAll(queue)).as("compensation (4) first, then 9, 9 by index, 5, 1").containsExactly(4, 1, 2, 0, 3);
    }

    @Test
    void fifoTakesTasksInTheOrderTheyBecameReadyAndKeepsTheirPlaceWhileParked() {
        ReadyQueue queue = new ReadyQueue(TaskOrder.FIFO, v -> REMAINING[v], 4, 5);
        Admission.Limit db = new Admission.Limit(Admission.Limit.Kind.RESOURCE, 0);
        queue.becameReady(3);
        queue.becameReady(0);
        queue.park(queue.next(), db); // 3 waits for the writer of db
        queue.becameReady(2);
        queue.freed(List.of(db));
        queue.add(4);
        assertThat(takeAll(queue)).containsExactly(4, 3, 0, 2);
    }

    @Test
    void aParkedTaskComesBackOnlyWhenItsOwnLimitFreesAndDrainTakesEverything() {
        ReadyQueue queue = new ReadyQueue(TaskOrder.CRITICAL_PATH, v -> REMAINING[v], 4, 4);
        Admission.Limit agent = new Admission.Limit(Admission.Limit.Kind.AGENT, 0);
        Admission.Limit phase = new Admission.Limit(Admission.Limit.Kind.PHASE, 0);
        queue.park(1, agent);
        queue.park(2, phase);
        queue.freed(List.of(agent, new Admission.Limit(Admission.Limit.Kind.AGENT, 7)));
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.next()).isEqualTo(1);
        assertThat(queue.isEmpty()).as("2 still waits for its phase").isTrue();
        queue.becameReady(3);
        queue.becameReady(0);
        assertThat(queue.drain()).containsExactly(0, 2, 3);
        queue.freed(List.of(phase));
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void manyTasksComeOutByPriorityThenIndexWhateverTheOrderTheyCameIn() {
        java.util.Random random = new java.util.Random(5);
        int n = 3_000;
        long[] remaining = new long[n];
        for (int v = 0; v < n; v++) {
            remaining[v] = random.nextInt(50); // many ties
        }
        ReadyQueue queue = new ReadyQueue(TaskOrder.CRITICAL_PATH, v -> remaining[v], n, n);
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            order.add(v);
        }
        java.util.Collections.shuffle(order, random);
        List<Integer> taken = new ArrayList<>();
        int added = 0;
        while (added < n || !queue.isEmpty()) {
            // some in, some out, as a run interleaves them
            for (int k = random.nextInt(5); k > 0 && added < n; k--) {
                queue.becameReady(order.get(added++));
            }
            if (!queue.isEmpty() && random.nextBoolean()) {
                taken.add(queue.next());
            }
        }
        assertThat(taken).hasSize(n).doesNotHaveDuplicates();
        List<Integer> all = new ArrayList<>(order);
        all.sort((a, b) -> remaining[a] != remaining[b] ? Long.compare(remaining[b], remaining[a]) : Integer.compare(a, b));
        ReadyQueue whole = new ReadyQueue(TaskOrder.CRITICAL_PATH, v -> remaining[v], n, n);
        order.forEach(whole::becameReady);
        assertThat(takeAll(whole)).containsExactlyElementsOf(all);
    }
}
