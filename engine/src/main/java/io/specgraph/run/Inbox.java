package io.specgraph.run;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * What happened to a run off the thread taking the core's current step, and the lock that makes that thread
 * the only one: inputs wait here, unstamped, until the step's holder takes them and stamps them with the run's
 * clock, so the order the core sees is the order they were taken in.
 *
 * <p>Any thread may take a step: it {@linkplain #tryLock() tries the lock}, and if another thread holds it,
 * leaves its input here for that one to take (the holder looks again after letting go, so nothing waits for a
 * thread that is not coming). The run's own thread, the <em>runner</em>, {@linkplain #await waits} here when it
 * has nothing to do; {@link #post} wakes it, {@link #add} does not, for a caller that takes the step itself.
 */
final class Inbox {
    private final ConcurrentLinkedQueue<LongFunction<CoreInput>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock step = new ReentrantLock();
    private volatile Thread runner;

    /** The thread {@link #post} wakes: the one in the run's loop. */
    void runner(Thread thread) {
        this.runner = thread;
    }

    /** Leaves an input and wakes the runner, which takes it if no other thread does first. */
    void post(LongFunction<CoreInput> input) {
        queue.add(input);
        wakeRunner();
    }

    /** Leaves an input without waking anyone: the caller takes a step next, or holds the lock now. */
    void add(LongFunction<CoreInput> input) {
        queue.add(input);
    }

    /** The next input, or null. */
    LongFunction<CoreInput> poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Takes the lock of the step if nobody holds it. Never for a thread that holds it already: a listener that
     * posts from inside a step leaves its input for the step to take, instead of starting a step within a step.
     */
    boolean tryLock() {
        return !step.isHeldByCurrentThread() && step.tryLock();
    }

    /** Takes the lock of the step, waiting for the thread that holds it to finish its step. */
    void lock() {
        step.lock();
    }

    void unlock() {
        step.unlock();
    }

    /** Wakes the runner (its wait returns at once if it is not waiting yet). */
    void wakeRunner() {
        Thread r = runner;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    /**
     * The runner waits until {@code deadline} on {@link System#nanoTime()} (none: {@link Long#MAX_VALUE}), an input
     * is posted, or it is woken or interrupted; it may also return early for no reason. Leaves the interrupt flag
     * as it is.
     */
    void await(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** The next input, waiting for it at most {@code nanos}; null when none came. For the runner only. */
    LongFunction<CoreInput> poll(long nanos) throws InterruptedException {
        // Long.MAX_VALUE: no deadline (await's "none"), rather than a sum that overflows
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (true) {
            LongFunction<CoreInput> input = queue.poll();
            if (input != null) {
                return input;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                return null;
            }
            await(deadline);
        }
    }

    /** The next input, waiting for it as long as it takes. For the runner only. */
    LongFunction<CoreInput> take() throws InterruptedException {
        return poll(Long.MAX_VALUE);
    }
}
