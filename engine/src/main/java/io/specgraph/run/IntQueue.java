package io.specgraph.run;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of ints that grows as needed: the core queues node indexes at every step, and a
 * queue of {@code Integer} boxed most of them.
 */
final class IntQueue {
    private int[] items = new int[16];
    private int head;
    private int size;

    void add(int value) {
        if (size == items.length) {
            int[] grown = new int[items.length * 2];
            int tail = items.length - head;
            System.arraycopy(items, head, grown, 0, tail);
            System.arraycopy(items, 0, grown, tail, head);
            items = grown;
            head = 0;
        }
        items[(head + size++) % items.length] = value;
    }

    /** Removes and returns the oldest value. */
    int poll() {
        if (size == 0) {
            throw new NoSuchElementException("the queue is empty");
        }
        int value = items[head];
        head = (head + 1) % items.length;
        size--;
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    @Override
    public String toString() {
        int[] inOrder = new int[size];
        for (int i = 0; i < size; i++) {
            inOrder[i] = items[(head + i) % items.length];
        }
        return Arrays.toString(inOrder);
    }
}
