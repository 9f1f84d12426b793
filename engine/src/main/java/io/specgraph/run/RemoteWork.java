package io.specgraph.run;

import io.specgraph.internal.PackageAccess;
import io.specgraph.internal.Recorder;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanTask;
import io.specgraph.record.RunRecord;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.RunWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * The part of a run a driver hands to another process (a worker of specgraph-temporal): one attempt of a task
 * with the handler the worker's {@link Engine} registered, or the check of a gate's conditions against the
 * worker's spec, its predicates and the record so far. The decisions stay with the driver's {@link CoreDriver};
 * this only does the work and reports it as values. Public because specgraph-temporal's workers, another module,
 * call it; not for applications, as {@link CoreDriver} is not.
 */
public final class RemoteWork {
    private RemoteWork() {}

    /**
     * What one attempt came to.
     *
     * @param error        how its failure reads ({@link CoreDriver#describe}), or null when it succeeded
     * @param output       what its handler returned ({@link CoreDriver#encodeOutput}), or null
     * @param measurements what it measured, in order
     */
    public record AttemptResult(String error, String output, List<Measurement> measurements) {
        public AttemptResult {
            measurements = List.copyOf(measurements);
        }
    }

    /** One value a handler measured. */
    public record Measurement(String metricIri, BigDecimal value) {}

    /**
     * Stops a running attempt from another thread, as the engine's scheduler does: the handler sees
     * {@link TaskContext#cancelled()} and its thread is interrupted.
     */
    public static final class Stop {
        private volatile HandlerContext.Attempt attempt;
        private volatile boolean stopped;

        /** Stops the attempt now, or as soon as it starts. */
        public void stop() {
            stopped = true;
            HandlerContext.Attempt a = attempt;
            if (a != null) {
                a.cancel.set(true);
                if (a.thread != null) {
                    a.thread.interrupt();
                }
            }
        }

        void started(HandlerContext.Attempt a) {
            attempt = a;
            if (stopped) {
                stop();
            }
        }
    }

    /** Whether {@code engine} has a handler for the task (commands count only when it allows them). */
    public static boolean serves(Engine engine, PlanTask task) {
        return engine.handlers.handlerFor(task, new CommandHandler()) != null;
    }

    /**
     * Runs attempt {@code attempt} of the task {@code taskIri} on the calling thread with the engine's handler.
     * {@code stop} stops it from another thread; a handler that throws (or is stopped) is a failed
     * attempt, described as the engine's scheduler describes it.
     *
     * @param outputs  the outputs of the tasks that succeeded so far, by task IRI
     * @param workRoot the folder under which the task gets its work folder
     * @throws IllegalArgumentException when the plan has no such task or the engine no handler for it
     */
    public static AttemptResult runAttempt(Engine engine, Plan plan, String runIri, String taskIri, int attempt,
                                           Map<String, Object> outputs, Path workRoot, Stop stop) {
        PlanTask task = plan.task(taskIri).orElseThrow(() -> new IllegalArgumentException("the plan has no task " + taskIri));
        TaskHandler handler = engine.simulate ? new SimulateHandler(engine.timeScale) : engine.handlers.handlerFor(task, new CommandHandler());
        if (handler == null) {
            throw new IllegalArgumentException("no handler for " + task.label() + " (" + taskIri + ") on this worker");
        }
        Map<String, PlanMetric> metrics = new HashMap<>();
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        List<Measurement> measured = new ArrayList<>();
        HandlerContext.Run run = new HandlerContext.Run(plan, runIri, Map.copyOf(outputs), new ContextStore(), metrics, post -> {
            if (post.apply(0) instanceof CoreInput.Measured m) {
                synchronized (measured) {
                    measured.add(new Measurement(m.metric().iri(), m.value()));
                }
            }
        }, v -> workFolder(workRoot, task));
        HandlerContext.Attempt a = new HandlerContext.Attempt(attempt);
        a.thread = Thread.currentThread();
        HandlerContext context = new HandlerContext(run, task, nodeOf(plan, taskIri), a);
        stop.started(a);
        try {
            Object out = handler.run(context);
            synchronized (measured) {
                return new AttemptResult(null, CoreDriver.encodeOutput(DurableOutputs.exact(out) ? out : String.valueOf(out)), measured);
            }
        } catch (Throwable e) {
            synchronized (measured) {
                return new AttemptResult(RunCore.describe(e), null, measured);
            }
        }
    }

    private static Path workFolder(Path root, PlanTask task) {
        try {
            return WorkFolders.create(root, WorkFolders.baseName(task.iri()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the work directory of " + task.label() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the conditions of a gate with the worker's engine (its predicates) and plan (its spec graph), against
     * the snapshot the core sent: task states by node, measured values, the record so far (null when no condition
     * reads it) and the outputs so far.
     */
    public static List<ConditionOutcome> checkGate(Engine engine, Plan plan, String gateIri, int waitedFor, List<TaskState> states,
                                                   Map<String, BigDecimal> measured, Graph record, Map<String, Object> outputs) {
        int v = nodeOf(plan, gateIri);
        if (v < 0 || plan.gate(gateIri).isEmpty()) {
            throw new IllegalArgumentException("the plan has no gate " + gateIri);
        }
        return check(engine, plan, v, waitedFor, states, measured, record, outputs);
    }

    /**
     * The record of a run another driver ran, rebuilt from its journal: the decisions a fresh core makes of it (a graph of its own), with
     * the worker that ran each attempt ({@code workers}: by {@code "node/attempt"}, as {@code prov:wasAssociatedWith}
     * a {@code prov:SoftwareAgent} labelled with the worker's name).
     */
    public static Graph record(Engine engine, Plan plan, String runIri, List<String> journal, Map<String, String> workers) {
        Recorder recorder = recorder(engine, plan, runIri, journal);
        Graph graph = GraphMemFactory.createDefaultGraph();
        GraphUtil.addInto(graph, recorder.record().graph());
        Node associated = NodeFactory.createURI(Recorder.PROV + "wasAssociatedWith");
        Node softwareAgent = NodeFactory.createURI(Recorder.PROV + "SoftwareAgent");
        new TreeMap<>(workers).forEach((key, worker) -> {
            String[] at = key.split("/");
            Node attempt = NodeFactory.createURI(recorder.attemptIri(Integer.parseInt(at[0]), Integer.parseInt(at[1])));
            Node agent = NodeFactory.createURI("urn:specgraph:worker:" + URLEncoder.encode(worker, StandardCharsets.UTF_8));
            graph.add(Triple.create(attempt, associated, agent));
            graph.add(Triple.create(agent, RDF.type.asNode(), softwareAgent));
            graph.add(Triple.create(agent, RDFS.label.asNode(), NodeFactory.createLiteralString(worker)));
        });
        return graph;
    }

    /** The record of a run another driver ran, rebuilt from its journal, as the engine's results carry it. */
    public static RunRecord recordOf(Engine engine, Plan plan, String runIri, List<String> journal) {
        return recorder(engine, plan, runIri, journal).record();
    }

    private static Recorder recorder(Engine engine, Plan plan, String runIri, List<String> journal) {
        CoreDriver driver = new CoreDriver(engine, plan, runIri);
        Recorder recorder = PackageAccess.recording().open(runIri);
        for (CoreDecision d : driver.replay(journal)) {
            switch (d) {
                case CoreDecision.RecordRunStarted r -> recorder.runStarted(r.at(), r.workers(), r.timeScale());
                case CoreDecision.RecordAttempt r -> recorder.attempt(r.node(), r.attempt(), r.taskIri(), r.agentIri(), r.start(),
                        r.end(), r.state(), r.reason());
                case CoreDecision.RecordNotRun r -> recorder.notRun(r.node(), r.taskIri(), r.state(), r.reason(), r.at());
                case CoreDecision.RecordMeasurement r -> recorder.measurement(r.node(), r.attempt(), r.metricIri(), r.value(), r.at());
                case CoreDecision.RecordGate r -> recorder.gate(r.node(), r.gateIri(), r.state(), r.reason(), r.at());
                case CoreDecision.RecordApproval r -> recorder.approval(r.node(), r.gateIri(), r.approved(), r.by(), r.comment(), r.at());
                case CoreDecision.RecordRunFinished r -> recorder.runFinished(r.at(), r.state());
                default -> { }
            }
        }
        return recorder;
    }

    /**
     * Keeps a run another driver ran in {@code store}, as the engine keeps its own: registered with its origin, its
     * journal, its record (see {@link #record}) and its summary. Returns the store's id of the run.
     */
    public static String keep(RunStore store, Engine engine, Plan plan, RunOrigin origin, String runIri, List<String> journal,
                              Map<String, String> workers) {
        Graph record = record(engine, plan, runIri, journal, workers);
        CoreDriver driver = new CoreDriver(engine, plan, runIri);
        driver.replay(journal);
        boolean ended = !journal.isEmpty() && journal.get(journal.size() - 1).startsWith("F\t");
        RunInfo.State state = !ended ? RunInfo.State.INTERRUPTED : switch (driver.outcome()) {
            case SUCCEEDED -> RunInfo.State.SUCCEEDED;
            case FAILED -> RunInfo.State.FAILED;
            case CANCELLED -> RunInfo.State.CANCELLED;
            case INTERRUPTED -> RunInfo.State.INTERRUPTED;
            case WAITING -> RunInfo.State.WAITING;
        };
        RunWriter writer = store.create(StoredRun.registration(engine, plan, origin));
        try {
            writer.append(journal);
            writer.sync();
            writer.saveRecord(record, driver.progress(state));
            return writer.runId();
        } finally {
            writer.close();
        }
    }

    private static int nodeOf(Plan plan, String iri) {
        for (int i = 0; i < plan.nodes().size(); i++) {
            if (plan.nodes().get(i).id().equals(iri)) {
                return i;
            }
        }
        return -1;
    }

    static List<ConditionOutcome> check(Engine engine, Plan plan, int v, int waitedFor, List<TaskState> states,
                                        Map<String, BigDecimal> measured, Graph record, Map<String, Object> outputs) {
        RunNodes nodes = RunNodes.of(plan); // every gate check of a run would index the plan again
        PlanGate gate = nodes.gate[v];
        Map<String, PlanMetric> metrics = new HashMap<>();
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        return new GateCheck(engine, plan, metrics, gate, waitedFor, iri -> {
            Integer at = nodes.indexOf.get(iri);
            if (at == null || nodes.task[at] == null) {
                throw new IllegalArgumentException("the plan has no task " + iri);
            }
            return states.get(at);
        }, measured, record, outputs, new ContextStore()).conditions();
    }
}
