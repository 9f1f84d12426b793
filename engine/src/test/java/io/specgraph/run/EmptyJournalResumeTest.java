package io.specgraph.run;

import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.RunWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run whose process died after it was registered and before it wrote the first entry of its journal (the
 * start is journaled with the first attempt, and a kill can come in between): its journal is empty, and
 * resuming it starts it from the beginning; showing it shows a run that did nothing. (Resume used to fail with
 * an internal error, as replaying nothing left the run without a start.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmptyJournalResumeTest {
    private final Map<String, List<Integer>> calls = new ConcurrentHashMap<>();

    /** The store as a process that dies before its first journal write leaves it: registered, nothing appended. */
    private static RunStore appendingNothing(RunStore store) {
        return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class}, (p, m, args) -> {
            Object result = invoke(store, m, args);
            if (m.getName().equals("create")) {
                RunWriter writer = (RunWriter) result;
                return Proxy.newProxyInstance(RunWriter.class.getClassLoader(), new Class<?>[] {RunWriter.class}, (w, wm, wargs) ->
                        wm.getName().equals("append") ? null : invoke(writer, wm, wargs));
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

    private Engine.Builder engine(RunStore store, CountDownLatch block) {
        return Engine.builder().store(store).workers(2).handler("work", ctx -> {
            calls.computeIfAbsent(ctx.task().iri().substring(RunSpecs.NS.length()), k -> new CopyOnWriteArrayList<>()).add(ctx.attempt());
            if (block != null) {
                block.await();
            }
            return null;
        });
    }

    @Test
    void aRunWithAnEmptyJournalIsResumedFromTheStart() throws Exception {
        RunStore store = RunStore.inMemory();
        Plan plan = plan(DurableRunTest.CHAIN);
        CountDownLatch never = new CountDownLatch(1);
        RunHandle first = engine(appendingNothing(store), never).build().start(plan, RunOrigin.of("empty journal"));
        first.interrupt();
        first.await();
        never.countDown();
        assertThat(store.journal(first.runId())).as("nothing of the first process reached the journal").isEmpty();
        assertThat(store.find(first.runId()).orElseThrow().progress().state()).isEqualTo(RunInfo.State.INTERRUPTED);

        RunResult shown = engine(store, null).build().inspect(plan, first.runId());
        assertThat(shown.outcome()).isEqualTo(RunResult.Outcome.INTERRUPTED);
        assertThat(shown.tasks()).allSatisfy(t -> assertThat(t.attempts()).isEmpty());

        calls.clear();
        RunResult resumed = engine(store, null).build().resume(plan, first.runId()).await();
        assertThat(resumed.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(calls).containsOnlyKeys("a", "b", "c").allSatisfy((task, attempts) -> assertThat(attempts).containsExactly(1));
        assertThat(store.find(first.runId()).orElseThrow().progress().state()).isEqualTo(RunInfo.State.SUCCEEDED);
        assertThat(store.journal(first.runId())).isNotEmpty();
    }
}
