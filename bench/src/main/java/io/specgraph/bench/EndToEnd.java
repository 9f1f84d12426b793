package io.specgraph.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Memory (issue 6, item 4): a generated spec end to end in one JVM (load, validate, plan, and a simulated
 * run in virtual time, in which every task still passes through the scheduler, the events and the run
 * record) and the heap it needed. Run it under the heap limit to check, e.g. {@code java -Xmx1g -cp
 * bench/target/benchmarks.jar io.specgraph.bench.EndToEnd 100000} ({@code bench/run.sh memory}).
 *
 * <p>Reports the peak heap in use (sampled every 5 ms, garbage included), the largest heap left after a
 * collection (the live set the run really needed) and the heap retained after each stage.
 */
public final class EndToEnd {
    private EndToEnd() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakUsed = new AtomicLong();
        AtomicLong peakAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                    peakAfterGc.accumulateAndGet(after, Math::max);
                }
            }, null, null);
        }
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        Path folder = TempFolders.create("specgraph-e2e-");
        PipelineBench.pipelineSpec(tasks).writeTo(folder);
        System.out.printf(Locale.ROOT, "%d tasks, max heap %d MiB%n", tasks, Runtime.getRuntime().maxMemory() >> 20);
        long start = System.nanoTime();
        Spec spec = Specgraph.load(folder);
        retained("load", start, memory);
        ClosureReport report = spec.validate();
        if (!report.closed()) {
            throw new IllegalStateException("not closed: " + report.summary());
        }
        retained("validate", start, memory);
        Plan plan = spec.plan();
        retained("plan", start, memory);
        RunResult result = Engine.builder().workers(8).simulateInVirtualTime().build().run(plan);
        if (result.outcome() != RunResult.Outcome.SUCCEEDED || result.tasks().size() != tasks) {
            throw new IllegalStateException("the run did not succeed: " + result.outcome() + ", " + result.tasks().size() + " tasks");
        }
        retained("run (result and record kept)", start, memory);
        // a host that keeps only the result: what the finished run itself holds on to (its plan, and through
        // the plan the spec's graph that handlers and gate conditions read)
        spec = null;
        plan = null;
        retained("run, the host keeping only the result", start, memory);
        // the record makes its triples when it is first read: what a host that queries or writes it pays
        retained("record read (" + result.record().graph().size() + " triples)", start, memory);
        sampler.interrupt();
        sampler.join();
        System.out.printf(Locale.ROOT, "peak heap in use %d MiB; largest heap after a collection %d MiB%n",
                peakUsed.get() >> 20, peakAfterGc.get() >> 20);
        TempFolders.delete(folder);
    }

    private static void retained(String stage, long start, MemoryMXBean memory) {
        System.gc(); // what the stage left behind, not its garbage
        System.out.printf(Locale.ROOT, "after %-40s %6.1f s  retained %5d MiB%n", stage + ":", (System.nanoTime() - start) / 1e9,
                memory.getHeapMemoryUsage().getUsed() >> 20);
    }
}
