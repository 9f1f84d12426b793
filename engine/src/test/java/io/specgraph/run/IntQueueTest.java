package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntQueueTest {
    @Test
    void keepsTheOrderOfAnArrayDequeThroughWrapsAndGrowth() {
        IntQueue queue = new IntQueue();
        ArrayDeque<Integer> model = new ArrayDeque<>();
        Random rnd = new Random(7);
        for (int step = 0; step < 20_000; step++) {
            // more adds than polls early on (growth while wrapped), more polls later (draining)
            if (model.isEmpty() || rnd.nextInt(100) < (step < 10_000 ? 60 : 40)) {
                int v = rnd.nextInt();
                queue.add(v);
                model.add(v);
            } else {
                assertThat(queue.poll()).isEqualTo(model.poll());
            }
            assertThat(queue.size()).isEqualTo(model.size());
            assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
        }
        assertThat(queue.toString()).isEqualTo(model.toString());
    }

    @Test
    void pollingAnEmptyQueueSaysSo() {
        assertThatThrownBy(() -> new IntQueue().poll()).isInstanceOf(NoSuchElementException.class).hasMessage("the queue is empty");
    }
}
