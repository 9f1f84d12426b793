package io.specgraph.run;

import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.plan.Plan;
import io.specgraph.store.RunStore;
import io.specgraph.store.RunWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a run in real time uses its threads, through the public API: the thread whose handler has returned takes
 * the next scheduling step and runs the attempt it starts, so that a chain runs on one thread; what that must
 * not change: listeners are called one at a time, stops and timeouts reach an attempt on a reused thread, an
 * interrupt left by one handler does not reach the next, and a step that throws on a handler's thread fails the
 * run instead of hanging it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealTimeDriverTest {
    /**
     * How long the handlers that must take their own step work: by then the run's own thread is asleep. A no-op
     * handler may return while that thread is still taking the step that started it, and then that thread takes
     * the next step too (and gives the attempt it starts to the waiting handler's thread, or to a new one).
     */
    private static final long PAUSE_MILLIS = 20;

    /** A chain of {@code n} tasks t0 → t1 → … in one phase, handler "work". */
    private static Plan chain(int n) {
        StringBuilder spec = new StringBuilder("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 4 .
                """);
        for (int i = 0; i < n; i++) {
            spec.append(":t").append(i).append(" a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler \"work\" ; ")
                    .append(i > 0 ? "sg:dependsOn :t" + (i - 1) + " ; " : "")
                    .append("sg:estimatedDuration \"PT1M\"^^xsd:duration .\n");
        }
        return plan(spec.toString());
    }

    /** One task {@code :root} and {@code n} tasks after it, in one phase, handler "work". */
    private static Plan fan(int n) {
        StringBuilder spec = new StringBuilder("""
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent ; sg:concurrency 16 .
                :root a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """);
        for (int i = 0; i < n; i++) {
            spec.append(":f").append(i).append(" a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler \"work\" ; ")
                    .append("sg:dependsOn :root ; sg:estimatedDuration \"PT1M\"^^xsd:duration .\n");
        }
        return plan(spec.toString());
    }

    @Test
    void aChainRunsOnTheThreadWhoseHandlerFinishedTheTaskBefore() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        RunResult result = Engine.builder().workers(4).handler("work", ctx -> {
            threads.add(Thread.currentThread());
            Thread.sleep(PAUSE_MILLIS);
            return null;
        }).build().run(chain(40));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        // the old driver started a new virtual thread for every attempt: 40 threads, and took every step on the caller's
        assertThat(threads).as("threads that ran the 40 handlers of the chain").hasSize(1);
        assertThat(threads).doesNotContain(caller);
        assertThat(threads.iterator().next().isVirtual()).isTrue();
    }

    @Test
    void anInterruptLeftOnItsThreadByAHandlerDoesNotReachTheNextAttemptOnThatThread() {
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        AtomicReference<Boolean> secondSawInterrupt = new AtomicReference<>();
        RunResult result = Engine.builder().workers(2).handler("work", ctx -> {
            ranOn.put(ctx.task().iri(), Thread.currentThread());
            if (ctx.task().iri().equals(iri("t0"))) {
                Thread.sleep(PAUSE_MILLIS);
                Thread.currentThread().interrupt(); // a handler that returns with its interrupt flag set
                return null;
            }
            secondSawInterrupt.set(Thread.currentThread().isInterrupted());
            Thread.sleep(1); // throws at once on an interrupted thread
            return null;
        }).build().run(chain(2));

        assertThat(ranOn.get(iri("t1"))).as("t1 ran on the thread t0 left").isSameAs(ranOn.get(iri("t0")));
        assertThat(secondSawInterrupt.get()).isFalse();
        assertThat(task(result, "t1").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
    }

    @Test
    void aTimeoutStopsAnAttemptRunningOnTheThreadOfTheTaskBefore() {
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        RunResult result = Engine.builder().workers(2).timeout(Duration.ofMillis(500)).cancelGrace(Duration.ofSeconds(10))
                .handler("work", ctx -> {
                    ranOn.put(ctx.task().iri(), Thread.currentThread());
                    Thread.sleep(PAUSE_MILLIS);
                    if (ctx.task().iri().equals(iri("t1"))) {
                        try {
                            Thread.sleep(30_000);
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            throw e;
                        }
                    }
                    return null;
                }).build().run(chain(2));

        assertThat(ranOn.get(iri("t1"))).isSameAs(ranOn.get(iri("t0")));
        assertThat(interrupted.get()).as("the timed-out handler was interrupted").isTrue();
        assertThat(task(result, "t1").state()).isEqualTo(TaskState.TIMED_OUT);
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
    }

    @Test
    void aCancelFromAHandlerStopsTheRunBeforeTheTaskAfterItStarts() throws Exception {
        AtomicReference<RunHandle> handle = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        Engine engine = Engine.builder().workers(2).handler("work", ctx -> {
            ran.add(ctx.task().iri());
            if (ctx.task().iri().equals(iri("t0"))) {
                started.await();
                handle.get().cancel();
            }
            return null;
        }).build();
        handle.set(engine.start(chain(3)));
        started.countDown();
        RunResult result = handle.get().await();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.CANCELLED);
        assertThat(ran).containsExactly(iri("t0"));
        assertThat(task(result, "t1").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(task(result, "t2").state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void listenersAreCalledOneAtATimeInOrderAndTheWorkerLimitHoldsOnAWideFan() {
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        List<RunEvent> events = new ArrayList<>(); // no lock: the calls must not overlap
        RunResult result = Engine.builder().workers(3).handler("work", ctx -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.yield();
            running.decrementAndGet();
            return null;
        }).listener(e -> {
            if (inListener.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            events.add(e);
            Thread.yield(); // give another thread the chance to come in, if it could
            inListener.decrementAndGet();
        }).build().run(fan(300));

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(overlaps.get()).as("listener calls that overlapped another").isZero();
        assertThat(mostRunning.get()).as("handlers running at once, with 3 workers").isBetween(1, 3);
        assertThat(events.get(0)).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
        Set<String> startedTasks = new java.util.HashSet<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.TaskStarted s) {
                startedTasks.add(s.task().iri());
            } else if (e instanceof RunEvent.TaskFinished f) {
                assertThat(startedTasks).as("started before it finished").contains(f.task().iri());
            }
        }
        assertThat(startedTasks).hasSize(301);
    }

    @Test
    void aStoreThatFailsWhileAHandlersThreadTakesTheStepFailsTheRunInsteadOfHangingIt() {
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger appends = new AtomicInteger();
        RunStore failing = failingAppends(RunStore.inMemory(), () -> {
            // the first appends come from the run's own thread (the start, the first attempt); fail one a handler makes
            if (appends.incrementAndGet() > 1 && handlerThreads.contains(Thread.currentThread())) {
                throw new IllegalStateException("the disk is full (expected in this test)");
            }
        });
        RunHandle run = Engine.builder().store(failing).workers(2).handler("work", ctx -> {
            handlerThreads.add(Thread.currentThread());
            Thread.sleep(PAUSE_MILLIS);
            return null;
        }).build().start(chain(10), RunOrigin.of("a failing store"));

        assertThatThrownBy(run::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("the disk is full");
    }

    /** The store, its writers calling {@code beforeAppend} before each journal append. */
    private static RunStore failingAppends(RunStore store, Runnable beforeAppend) {
        return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class}, (p, m, args) -> {
            Object result = invoke(store, m, args);
            if (m.getName().equals("create")) {
                RunWriter writer = (RunWriter) result;
                return Proxy.newProxyInstance(RunWriter.class.getClassLoader(), new Class<?>[] {RunWriter.class}, (w, wm, wargs) -> {
                    if (wm.getName().equals("append")) {
                        beforeAppend.run();
                    }
                    return invoke(writer, wm, wargs);
                });
            }
            return result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
