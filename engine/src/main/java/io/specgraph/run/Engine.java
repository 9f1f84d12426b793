package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.RunWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Executes a {@link Plan}: tasks run in parallel on virtual threads within the worker limit, each phase's
 * {@code sg:maxParallel}, each agent's {@code sg:concurrency} and one writer per resource; among ready
 * tasks the one with the longest remaining path starts first (or, with {@link Builder#order(TaskOrder)},
 * the one that became ready first). Gates are evaluated when everything they require has ended and block
 * what depends on them; a gate that does not pass starts the compensation of the completed work before it,
 * in reverse completion order. Every attempt, measurement and gate evaluation is written to the run record.
 *
 * <pre>{@code
 * RunResult result = Engine.builder()
 *         .workers(4)
 *         .handler("analyse-codebase", ctx -> analyse(ctx.spec()))
 *         .build()
 *         .run(spec.plan());
 * }</pre>
 *
 * <p>An engine is immutable and may run any number of plans, one after another or at once. Before a run
 * starts, every task must have a handler (or the run is {@link Builder#simulate(double) simulated}, in real
 * or {@link Builder#simulateInVirtualTime() virtual} time), or {@link #run} throws
 * {@link RunRefusedException} and nothing is executed.
 */
public final class Engine {
    /** The handlers of a run that starts nothing (one inspected from its journal). */
    private static final TaskHandler[] NO_HANDLERS = {};

    final int workers;
    final FailurePolicy failurePolicy;
    final int retries;
    final Duration backoff;
    final Duration maxBackoff;
    final Duration timeout;
    final Duration gateTimeout;
    final Duration cancelGrace;
    final Clock clock;
    final double timeScale;
    final boolean simulate;
    final boolean virtualTime;
    final TaskOrder order;
    final boolean allowCommands;
    final Path workDirectory;
    final TaskHandlers handlers;
    final Map<String, GatePredicate> predicates;
    final List<RunListener> listeners;
    final RunStore store;
    final boolean stopWhenWaiting;
    final boolean incremental;
    final boolean rerunAll;
    final java.util.Set<String> rerun;
    final Path baseDirectory;
    final StatementLocator locator;

    private Engine(Builder b) {
        this.workers = b.workers;
        this.failurePolicy = b.failurePolicy;
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.maxBackoff = b.maxBackoff;
        this.timeout = b.timeout;
        this.gateTimeout = b.gateTimeout;
        this.cancelGrace = b.cancelGrace;
        this.clock = b.clock;
        this.timeScale = b.timeScale;
        this.simulate = b.simulate;
        this.virtualTime = b.virtualTime;
        this.order = b.order;
        this.allowCommands = b.allowCommands;
        this.workDirectory = b.workDirectory;
        this.predicates = Map.copyOf(b.predicates);
        this.listeners = List.copyOf(b.listeners);
        this.store = b.store;
        this.stopWhenWaiting = b.stopWhenWaiting;
        this.incremental = b.incremental;
        this.rerunAll = b.rerunAll;
        this.rerun = java.util.Set.copyOf(b.rerun);
        this.baseDirectory = b.baseDirectory != null ? b.baseDirectory : Path.of("").toAbsolutePath();
        this.locator = b.locator;
        this.handlers = new TaskHandlers(b.byKey, b.byTask, b.byAgent, predicates, simulate, timeScale, allowCommands, baseDirectory);
    }

    /**
     * Whether a run of this engine checks each task for being up to date before it may start: an
     * {@linkplain Builder#incremental incremental} engine with a store, not simulated (a dry run produces nothing
     * to reuse).
     */
    boolean checksUpToDate() {
        return incremental && store != null && !simulate;
    }

    /** A builder with the defaults: 4 workers, fail-fast, no retries, 100 ms backoff, no timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the plan on the calling thread and returns when every task has ended. Interrupting the calling
     * thread cancels the run (as {@link RunHandle#cancel()} does); the result is still returned, and the
     * thread's interrupt flag is set again.
     *
     * @throws RunRefusedException when a task has no handler, commands are not enabled or a gate predicate
     *                             is missing; nothing was executed
     */
    public RunResult run(Plan plan) {
        return new Scheduler(this, plan, handlers.resolve(plan)).run();
    }

    /**
     * Starts the plan in the background and returns at once; the checks of {@link #run} happen before it
     * returns, so a refused run throws here.
     */
    public RunHandle start(Plan plan) {
        return start(new Scheduler(this, plan, handlers.resolve(plan)));
    }

    /**
     * Starts the plan as {@link #start(Plan)} does, registering it in the engine's {@linkplain Builder#store
     * store} with its origin (where the spec came from, its sources), so that it can be listed and resumed.
     *
     * @throws IllegalStateException when the engine has no store
     */
    public RunHandle start(Plan plan, RunOrigin origin) {
        TaskHandler[] resolved = handlers.resolve(plan);
        RunWriter writer = requireStore().create(StoredRun.registration(this, plan, origin));
        return start(new Scheduler(this, plan, resolved, new RunJournal(writer), null));
    }

    /**
     * Resumes a run of the engine's store that stopped before its end (interrupted, crashed, or waiting for an
     * approval): its journal is replayed, so that nothing that completed runs again; attempts that were running
     * when it stopped are recorded as interrupted and start again (a handler sees the next attempt number, see
     * {@link TaskContext#idempotencyKey()}); gates already decided stay decided.
     *
     * @param plan  the plan the run was started with: the same tasks, gates and settings, or the resume is refused
     * @throws RunRefusedException when the plan or the engine's settings differ from the run's, naming what
     *                             changed; nothing is executed
     * @throws io.specgraph.store.StoreException when the run is unknown, finished, or live in another process
     */
    public RunHandle resume(Plan plan, String runId) {
        TaskHandler[] resolved = handlers.resolve(plan);
        RunInfo info = StoredRun.find(requireStore(), runId);
        StoredRun.checkSame(this, store.registration(info.id()), plan);
        List<CoreInput> journal = StoredRun.journal(store, plan, info.id());
        RunWriter writer = store.reopen(info.id());
        return start(new Scheduler(this, plan, resolved, new RunJournal(writer), journal));
    }

    /**
     * A run of the engine's store as its journal has it, without running anything: a finished run's result, or
     * where an unfinished one stopped ({@link RunResult.Outcome#INTERRUPTED} or {@link RunResult.Outcome#WAITING},
     * tasks that were running shown {@link TaskState#RUNNING}). {@code specgraph show} uses it.
     *
     * @param plan the plan the run was started with (as {@link #resume} checks it)
     * @throws RunRefusedException when the plan or the engine's settings differ from the run's
     */
    public RunResult inspect(Plan plan, String runId) {
        RunInfo info = StoredRun.find(requireStore(), runId);
        StoredRun.checkSame(this, store.registration(info.id()), plan);
        return new Scheduler(this, plan, NO_HANDLERS, new RunJournal(new StoredRun.ReadOnlyWriter(info.id())),
                StoredRun.journal(store, plan, info.id())).inspect();
    }

    /**
     * What an incremental run of the plan would do now, without running anything or writing to the store: for
     * each task whether it would run or be cached and why (the reasons {@code specgraph why} gives after a run),
     * and the plan's estimated makespan on this engine's workers and critical path, for the whole plan and when
     * the cached tasks take no time. A task is checked as the run would check it (the store's last success, its
     * inputs' and outputs' content now, {@link Builder#rerunAll}, {@link Builder#rerun}); what a task that runs
     * would write is not known before it ran, so what depends only on that {@linkplain RunExplanation.Verdict#MAY_RUN
     * may run}. A task's handler need not be there (commands need not be allowed): only its version is read.
     *
     * @throws IllegalStateException when a run of this engine is not incremental (no store, not {@link
     *                               Builder#incremental}, or simulated)
     */
    public RunExplanation explain(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        if (!checksUpToDate()) {
            throw new IllegalStateException("only an incremental run has tasks to leave out: "
                    + (store == null ? "set a store with Engine.builder().store(…)" : simulate ? "a simulated run checks nothing"
                    : "make the engine incremental with Engine.builder().incremental(true)"));
        }
        List<RunExplanation.Task> tasks = new UpToDatePreview(this, plan, handlers::registered).explain();
        List<String> cached = tasks.stream().filter(t -> t.verdict() == RunExplanation.Verdict.CACHED).map(RunExplanation.Task::iri).toList();
        return new RunExplanation(tasks, workers, plan.estimateWithout(List.of(), workers), plan.estimateWithout(cached, workers));
    }

    /** As {@link #start(Plan)}, keeping the journal of the run's core (for tests that replay it). */
    RunHandle startJournaled(Plan plan) {
        Scheduler scheduler = new Scheduler(this, plan, handlers.resolve(plan));
        scheduler.keepJournal();
        return start(scheduler);
    }

    private RunStore requireStore() {
        if (store == null) {
            throw new IllegalStateException("this engine has no run store: set one with Engine.builder().store(…)");
        }
        return store;
    }

    private RunHandle start(Scheduler scheduler) {
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        Thread.ofPlatform().name("specgraph-run").start(() -> {
            try {
                future.complete(scheduler.run());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return new RunHandle(scheduler, future);
    }

    /** Configuration of an {@link Engine}. Every setting has a default; {@link #build()} checks them. */
    public static final class Builder {
        private int workers = 4;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
        private int retries = 0;
        private Duration backoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration timeout;
        private Duration gateTimeout = Duration.ofSeconds(30);
        private Duration cancelGrace = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private double timeScale = 1.0;
        private boolean simulate;
        private boolean virtualTime;
        private TaskOrder order = TaskOrder.CRITICAL_PATH;
        private boolean allowCommands;
        private Path workDirectory;
        private final Map<String, TaskHandler> byKey = new HashMap<>();
        private final Map<String, TaskHandler> byTask = new HashMap<>();
        private final Map<String, TaskHandler> byAgent = new HashMap<>();
        private final Map<String, GatePredicate> predicates = new HashMap<>();
        private final List<RunListener> listeners = new ArrayList<>();
        private RunStore store;
        private boolean stopWhenWaiting;
        private boolean incremental;
        private boolean rerunAll;
        private final java.util.Set<String> rerun = new java.util.HashSet<>();
        private Path baseDirectory;
        private StatementLocator locator = (subject, property) -> java.util.Optional.empty();

        private Builder() {}

        /**
         * An incremental run (default false): with a {@linkplain #store store}, and not simulated, each task is
         * checked before it would start, and a task whose fingerprint (its work's statements, its inputs' content,
         * its upstream tasks' fingerprints and outputs, its handler's {@linkplain TaskHandler#version() version})
         * equals that of a success kept in the store, and whose declared outputs are there as that success left
         * them, does not run: it ends {@link TaskState#CACHED}, its outputs and measurements carried over. A task
         * with no {@code sg:outputs}, or {@code sg:cacheable false}, always runs. Every check's verdict and
         * reasons go to the record.
         */
        public Builder incremental(boolean incremental) {
            this.incremental = incremental;
            return this;
        }

        /** In an incremental run, run every task whatever the checks find (they are still recorded) (default false). */
        public Builder rerunAll(boolean rerunAll) {
            this.rerunAll = rerunAll;
            return this;
        }

        /** In an incremental run, run these tasks (IRIs) whatever their checks find. */
        public Builder rerun(java.util.Collection<String> taskIris) {
            taskIris.forEach(iri -> rerun.add(Objects.requireNonNull(iri, "task IRI")));
            return this;
        }

        /**
         * The folder that tasks' {@code sg:inputs} and {@code sg:outputs} paths are relative to (default: the
         * current directory); commands see it as {@code SPECGRAPH_BASE_DIR}.
         */
        public Builder baseDirectory(Path folder) {
            this.baseDirectory = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
            return this;
        }

        /** Where statements of the spec are written, for the reasons of up-to-date checks (default: unknown). */
        public Builder statementLocator(StatementLocator locator) {
            this.locator = Objects.requireNonNull(locator, "locator");
            return this;
        }

        /**
         * With a {@linkplain #store store}: when nothing is left to do but wait for decisions on approval gates, the
         * run stops in this process, left {@linkplain RunResult.Outcome#WAITING waiting} in its store, to be resumed
         * once someone decided (default false: the run waits, and picks up decisions posted to its store or given
         * through {@link RunHandle#approve} within a second).
         */
        public Builder stopWhenWaiting(boolean stop) {
            this.stopWhenWaiting = stop;
            return this;
        }

        /**
         * Where runs started with {@link Engine#start(Plan, RunOrigin)} are kept and resumed from (default: none,
         * a run lives in its {@link RunHandle} only). With a store, every input of a run's core is journaled
         * before anything that depends on it acts on the world.
         */
        public Builder store(RunStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How many tasks may run at once (default 4). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** What happens after a failure (default {@link FailurePolicy#FAIL_FAST}). */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Retries for a task whose spec gives no {@code sg:retries} (default 0). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative, got " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** The wait before the first retry; it doubles with each further retry up to 30 s (default 100 ms). */
        public Builder backoff(Duration initial) {
            this.backoff = nonNegative(initial, "backoff");
            return this;
        }

        /** The timeout of a task whose spec gives no {@code sg:timeout} (default: none). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout == null ? null : positive(timeout, "timeout");
            return this;
        }

        /**
         * How long the conditions of one gate (SPARQL ASK queries and Java predicates) may take together
         * before the gate counts as failed (default 30 s). Gates are evaluated off the scheduling thread, so
         * a slow condition delays only what waits for its gate.
         */
        public Builder gateTimeout(Duration limit) {
            this.gateTimeout = positive(limit, "gateTimeout");
            return this;
        }

        /**
         * How long a cancelled or timed-out handler may take to stop before the engine abandons its thread
         * and frees its slot (default 10 s).
         */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = nonNegative(grace, "cancelGrace");
            return this;
        }

        /** The clock for the timestamps of the timeline and the run record (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A dry run: every task, whatever its handler, waits its estimated duration times {@code timeScale}
         * (1 = real time, 0.001 = an hour in 3.6 s); timeouts scale alike. Metric and predicate conditions
         * that nothing can check in a dry run are reported as assumed. Replaces an earlier
         * {@link #simulateInVirtualTime()}.
         */
        public Builder simulate(double timeScale) {
            if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
                throw new IllegalArgumentException("the time scale must be a positive number, got " + timeScale);
            }
            this.simulate = true;
            this.virtualTime = false;
            this.timeScale = timeScale;
            return this;
        }

        /**
         * A dry run on a virtual clock: no task runs and no thread sleeps; each task takes exactly its
         * estimated duration, and the clock jumps from one completion to the next, so the run takes
         * milliseconds, and the timeline, the wall time and the makespan are in spec time, exact and
         * deterministic for a given plan, worker count and {@link #order(TaskOrder) order}.
         *
         * <p>Timeouts, retry backoff and gates work as in {@link #simulate(double)} at scale 1, on the virtual
         * clock: a task whose estimated duration exceeds its timeout times out (one equal to it succeeds), and
         * a stopped task ends at once. Gate conditions are still checked, taking no virtual time (a condition
         * that gives no answer within the {@link #gateTimeout(Duration) gate timeout}, in real time, fails its
         * gate); metric and predicate conditions that nothing can check are reported as assumed. The result's
         * {@link RunResult#wallTime()} is the virtual elapsed time, its {@link RunResult#timeScale()} is 1, and
         * the timestamps of the timeline and the record are the start instant plus virtual offsets. Replaces
         * an earlier {@link #simulate(double)}, and is replaced by a later one.
         */
        public Builder simulateInVirtualTime() {
            this.simulate = true;
            this.virtualTime = true;
            this.timeScale = 1.0;
            return this;
        }

        /**
         * Which ready task takes a free worker first (default {@link TaskOrder#CRITICAL_PATH}); compensation
         * always goes first.
         */
        public Builder order(TaskOrder order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /**
         * Lets tasks with {@code sg:command} run their command through the system shell (default: refused).
         * Enable only for specs whose commands you have read.
         */
        public Builder allowCommands(boolean allow) {
            this.allowCommands = allow;
            return this;
        }

        /** The folder under which each task gets its private work directory (default: a new temporary folder per run). */
        public Builder workDirectory(Path folder) {
            this.workDirectory = folder;
            return this;
        }

        /** The handler for tasks with {@code sg:handler "key"}. */
        public Builder handler(String key, TaskHandler handler) {
            byKey.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** The handler for one task, by IRI; it wins over a key or agent handler. */
        public Builder handlerForTask(String taskIri, TaskHandler handler) {
            byTask.put(Objects.requireNonNull(taskIri, "taskIri"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** The handler for every task of an agent that has no task or key handler. */
        public Builder handlerForAgent(String agentIri, TaskHandler handler) {
            byAgent.put(Objects.requireNonNull(agentIri, "agentIri"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * A gate predicate: under a key, it answers {@code sg:predicate "key"} conditions; under a gate's
         * IRI, it is an extra condition of that gate.
         */
        public Builder predicate(String keyOrGateIri, GatePredicate predicate) {
            predicates.put(Objects.requireNonNull(keyOrGateIri, "keyOrGateIri"), Objects.requireNonNull(predicate, "predicate"));
            return this;
        }

        /** Adds a listener for the run's events. */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The engine. */
        public Engine build() {
            return new Engine(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
            }
            return d;
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
