package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.record.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a run did: every task's timeline, every gate's outcome, the SLO table, resource contentions, time
 * figures against the plan's bounds, the shared store's hit and miss counts, and the run record.
 */
public final class RunResult {
    /** How a run ended as a whole. */
    public enum Outcome {
        /** Every scheduled task succeeded and every gate passed. */
        SUCCEEDED,
        /** A task did not succeed or a gate did not pass. */
        FAILED,
        /** The run was cancelled. */
        CANCELLED,
        /**
         * This process stopped its part of the run before the end ({@link RunHandle#interrupt()}, Ctrl-C in the
         * CLI) and left it in its store as it was: it can be resumed.
         */
        INTERRUPTED,
        /**
         * Nothing was left to do but wait for a decision on an approval gate, and the engine was built to stop
         * then ({@link Engine.Builder#stopWhenWaiting(boolean)}, as the CLI is): the run waits in its store, and
         * {@code resume} continues it once someone has decided.
         */
        WAITING
    }

    private final Plan plan;
    private final String runIri;
    private final Outcome outcome;
    private final List<TaskRun> tasks;
    private final List<GateOutcome> gates;
    private final List<SloRow> slos;
    private final List<Contention> contentions;
    private final Instant startedAt;
    private final Duration wallTime;
    private final int workers;
    private final OptionalDouble timeScale;
    private final ContextStore store;
    private final RunRecord record;
    /** By IRI, made when first asked for: most hosts read the lists, and a map of 100,000 tasks costs a run 15%. */
    private volatile Map<String, TaskRun> taskByIri;
    private volatile Map<String, GateOutcome> gateByIri;
    private final Map<String, Object> outputs;
    private final boolean virtualTime;

    RunResult(Plan plan, String runIri, Outcome outcome, List<TaskRun> tasks, List<GateOutcome> gates, List<SloRow> slos,
              List<Contention> contentions, Instant startedAt, Duration wallTime, int workers, OptionalDouble timeScale,
              ContextStore store, RunRecord record, Map<String, Object> outputs) {
        this(plan, runIri, outcome, tasks, gates, slos, contentions, startedAt, wallTime, workers, timeScale, store, record,
                outputs, false);
    }

    RunResult(Plan plan, String runIri, Outcome outcome, List<TaskRun> tasks, List<GateOutcome> gates, List<SloRow> slos,
              List<Contention> contentions, Instant startedAt, Duration wallTime, int workers, OptionalDouble timeScale,
              ContextStore store, RunRecord record, Map<String, Object> outputs, boolean virtualTime) {
        this.virtualTime = virtualTime;
        this.outputs = Map.copyOf(outputs);
        this.plan = plan;
        this.runIri = runIri;
        this.outcome = outcome;
        // a run's own lines are an immutable view already, which makes each line when it is read
        this.tasks = tasks instanceof TaskRuns ? tasks : List.copyOf(tasks);
        this.gates = List.copyOf(gates);
        this.slos = List.copyOf(slos);
        this.contentions = List.copyOf(contentions);
        this.startedAt = startedAt;
        this.wallTime = wallTime;
        this.workers = workers;
        this.timeScale = timeScale;
        this.store = store;
        this.record = record;
    }

    /** The plan that was run. */
    public Plan plan() {
        return plan;
    }

    /** The run's IRI in the record. */
    public String runIri() {
        return runIri;
    }

    /** How the run ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** True when every scheduled task succeeded and every gate passed. */
    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** Every task, in plan order (compensation tasks included), with its timeline. */
    public List<TaskRun> tasks() {
        return tasks;
    }

    /** A task's timeline, by IRI. */
    public Optional<TaskRun> task(String iri) {
        Map<String, TaskRun> byIri = taskByIri;
        if (byIri == null) {
            // immutable once made: two threads racing here make equal maps, and either will do
            taskByIri = byIri = tasks.stream().collect(Collectors.toUnmodifiableMap(TaskRun::iri, Function.identity()));
        }
        return Optional.ofNullable(byIri.get(iri));
    }

    /** What a task's handler returned, when it succeeded with a non-null output. */
    public Optional<Object> output(String taskIri) {
        return Optional.ofNullable(outputs.get(taskIri));
    }

    /** Every gate's outcome, in plan order. */
    public List<GateOutcome> gates() {
        return gates;
    }

    /** A gate's outcome, by IRI. */
    public Optional<GateOutcome> gate(String iri) {
        Map<String, GateOutcome> byIri = gateByIri;
        if (byIri == null) {
            gateByIri = byIri = gates.stream().collect(Collectors.toUnmodifiableMap(GateOutcome::iri, Function.identity()));
        }
        return Optional.ofNullable(byIri.get(iri));
    }

    /** One row per metric: baseline, target, measured, met, improvement. */
    public List<SloRow> slos() {
        return slos;
    }

    /** Each time a task waited for a resource another was writing. */
    public List<Contention> contentions() {
        return contentions;
    }

    /** When the run started, by the engine's clock. */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * From the start of the run to the end of its last task. For a run
     * {@linkplain Engine.Builder#simulateInVirtualTime() simulated in virtual time}, the time that passed on
     * the virtual clock: spec time, not the milliseconds the run took.
     */
    public Duration wallTime() {
        return wallTime;
    }

    /** The sum of the time every attempt of every task held a slot. */
    public Duration totalTaskTime() {
        Duration sum = Duration.ZERO;
        for (TaskRun t : tasks) {
            sum = sum.plus(t.busy());
        }
        return sum;
    }

    /** Total task time divided by wall time: how many tasks ran at once on average. */
    public double speedup() {
        long wall = wallTime.toNanos();
        return wall == 0 ? 0 : (double) totalTaskTime().toNanos() / wall;
    }

    /**
     * True when the run was simulated on a virtual clock: its wall time, makespan and every time in it are spec
     * time (the tasks' estimates), not time that passed.
     */
    public boolean virtualTime() {
        return virtualTime;
    }

    /** The worker limit of the run. */
    public int workers() {
        return workers;
    }

    /** For a simulated run, the factor applied to estimated durations (1 in virtual time); empty for a real run. */
    public OptionalDouble timeScale() {
        return timeScale;
    }

    /** For a simulated run, the wall time in the spec's own time (wall time divided by the scale). */
    public Optional<Duration> simulatedMakespan() {
        if (timeScale.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(wallTime.toNanos() / timeScale.getAsDouble())));
    }

    /** The plan's lower bound on the makespan with this run's worker count, in the spec's time. */
    public Duration lowerBound() {
        return plan.lowerBound(workers);
    }

    /** The shared key-value store as the run left it, with its hit and miss counts. */
    public ContextStore store() {
        return store;
    }

    /** The run as PROV-O RDF. */
    public RunRecord record() {
        return record;
    }
}
