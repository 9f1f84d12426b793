package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanTask;
import io.specgraph.run.Engine;
import io.specgraph.run.RemoteWork;
import io.specgraph.run.RunOrigin;
import io.specgraph.store.RunStore;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A worker for the runs of one spec: it serves the workflow, the control queue (gate checks, records, the plan
 * by reference) and the queue of every agent it has handlers for (or the one queue it is told to serve), with the
 * handlers, predicates and command permission of its {@link Engine}.
 */
public final class SpecgraphWorker {
    /**
     * What a worker works with.
     *
     * @param plan     the spec's plan, with its spec graph (ASK conditions read it)
     * @param engine   the handlers, predicates and whether commands may run
     * @param store    where the record of a finished run is kept, or null to keep none
     * @param origin   how the spec was loaded, for the stored run
     * @param name     the worker's name in the record
     * @param workRoot the folder under which each run's tasks get their work folders
     */
    public record Config(Plan plan, Engine engine, RunStore store, RunOrigin origin, String name, Path workRoot) {
        public Config {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(workRoot, "workRoot");
        }
    }

    /**
     * Worker options for specgraph's runs: a workflow task of a large plan (decoding ten thousand tasks, replaying a
     * carried journal) may keep the workflow thread longer than Temporal's default 1 s deadlock detection allows on a
     * loaded machine, and a workflow task that fails for that is retried with the same work, forever.
     */
    public static final io.temporal.worker.WorkerOptions OPTIONS = io.temporal.worker.WorkerOptions.newBuilder()
            .setDefaultDeadlockDetectionTimeout(30_000).build();

    private final WorkerFactory factory;
    private final List<String> queues;

    private SpecgraphWorker(WorkerFactory factory, List<String> queues) {
        this.factory = factory;
        this.queues = List.copyOf(queues);
    }

    /**
     * Registers a worker with {@code client} and starts polling.
     *
     * @param control   the control queue ({@link Queues#CONTROL} unless the runs name another)
     * @param taskQueue the one queue to serve for tasks, or null for the queue of each agent it has a handler for
     */
    public static SpecgraphWorker start(WorkflowClient client, Config config, String control, String taskQueue) {
        return start(client, config, control, taskQueue, true);
    }

    /**
     * As {@link #start(WorkflowClient, Config, String, String)}; {@code serveControl} false serves task attempts
     * only, not the control queue (runs' workflows, gate checks, records), for machines that only run tasks.
     */
    public static SpecgraphWorker start(WorkflowClient client, Config config, String control, String taskQueue, boolean serveControl) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        List<String> queues = register(q -> factory.newWorker(q, OPTIONS), config, control, taskQueue, serveControl);
        factory.start();
        return new SpecgraphWorker(factory, queues);
    }

    /**
     * Registers the workflow and the activities on the workers {@code newWorker} makes, one per queue (a test
     * environment's, say); returns the queues, sorted. The caller starts them.
     */
    public static List<String> register(Function<String, Worker> newWorker, Config config, String control, String taskQueue) {
        return register(newWorker, config, control, taskQueue, true);
    }

    private static List<String> register(Function<String, Worker> newWorker, Config config, String control, String taskQueue,
                                         boolean serveControl) {
        WorkerActivities activities = new WorkerActivities(config);
        TreeSet<String> queues = new TreeSet<>();
        if (serveControl) {
            queues.add(control);
        }
        if (taskQueue != null) {
            queues.add(taskQueue);
        } else {
            for (PlanAgent a : config.plan().agents()) {
                boolean serves = false;
                for (PlanTask t : config.plan().tasks()) {
                    serves |= a.iri().equals(t.agent()) && RemoteWork.serves(config.engine(), t);
                }
                if (serves) {
                    queues.add(Queues.forAgent(control, a.iri()));
                }
            }
        }
        for (String q : queues) {
            Worker worker = newWorker.apply(q);
            if (q.equals(control)) {
                worker.registerWorkflowImplementationTypes(RunWorkflowImpl.class);
            }
            worker.registerActivitiesImplementations(activities);
        }
        return new ArrayList<>(queues);
    }

    /** The queues it serves, sorted. */
    public List<String> queues() {
        return queues;
    }

    /** Stops polling and waits for the attempts it runs to end. */
    public void stop() {
        factory.shutdown();
        factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
