package io.specgraph.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.specgraph.record.RunRecord;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;

/**
 * {@link RunStore#inMemory()}: everything in this object, guarded by its monitor. A run's spec graph is the one it
 * was registered with and its record a plain copy of the one saved; history queries see them through a dataset
 * put together for the query, with the description of runs made then: nothing is copied into a transactional
 * dataset, which costs far more than the run it keeps.
 */
final class MemoryRunStore implements RunStore {
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, TaskSuccess> successes = new java.util.HashMap<>();

    /** What the store keeps of a run besides its graphs. */
    private static final class Run {
        final RunInfo info0;
        final NewRun registration;
        final List<String> journal = new ArrayList<>();
        final List<GateDecision> decisions = new ArrayList<>();
        RunInfo.Progress progress;
        Graph record;
        /** A record saved as what was recorded: its graph is made when it is first read. */
        RunRecord recorded;
        boolean live = true;

        Run(RunInfo info0, NewRun registration) {
            this.info0 = info0;
            this.registration = registration;
            this.progress = info0.progress();
        }

        RunInfo info() {
            RunInfo.Progress p = progress;
            if (!live && !p.state().finished() && p.state() != RunInfo.State.WAITING) {
                p = new RunInfo.Progress(RunInfo.State.INTERRUPTED, p.tasksDone(), p.tasksTotal(), p.elapsed(), p.waitingGates());
            }
            return new RunInfo(info0.id(), info0.runIri(), info0.spec(), info0.started(), p);
        }
    }

    @Override
    public synchronized void keepSuccesses(List<TaskSuccess> kept) {
        for (TaskSuccess s : kept) {
            successes.merge(s.taskIri(), s, (was, now) -> now.laterThan(was) ? now : was);
        }
    }

    @Override
    public synchronized Map<String, TaskSuccess> lastSuccesses(java.util.Collection<String> taskIris) {
        Map<String, TaskSuccess> out = new java.util.HashMap<>();
        for (String iri : taskIris) {
            TaskSuccess s = successes.get(iri);
            if (s != null) {
                out.put(iri, s);
            }
        }
        return out;
    }

    @Override
    public String location() {
        return "the in-memory run store";
    }

    @Override
    public synchronized RunWriter create(NewRun registration) {
        String id = RunIds.next(runs::containsKey);
        RunInfo.Progress start = new RunInfo.Progress(RunInfo.State.RUNNING, 0, registration.fingerprints().size(), Duration.ZERO, List.of());
        Run run = new Run(new RunInfo(id, RunIds.iri(id), registration.spec(), registration.started(), start), registration);
        runs.put(id, run);
        return new Writer(run);
    }

    @Override
    public synchronized RunWriter reopen(String runId) {
        Run run = existing(runId);
        if (run.live) {
            throw new StoreException("run " + runId + " is being run by another writer of " + location() + "; wait for it to stop");
        }
        if (run.progress.state().finished()) {
            throw new StoreException("run " + runId + " has finished (" + run.progress.state().name().toLowerCase() + "); nothing to resume");
        }
        run.live = true;
        return new Writer(run);
    }

    @Override
    public synchronized Optional<RunInfo> find(String idOrPrefix) {
        return RunIds.resolve(idOrPrefix, runs.keySet(), location()).map(id -> runs.get(id).info());
    }

    @Override
    public synchronized List<RunInfo> runs() {
        return runs.values().stream().map(Run::info)
                .sorted(Comparator.comparing(RunInfo::started).reversed().thenComparing(RunInfo::id)).toList();
    }

    @Override
    public synchronized NewRun registration(String runId) {
        return existing(runId).registration;
    }

    @Override
    public synchronized List<String> journal(String runId) {
        return List.copyOf(existing(runId).journal);
    }

    @Override
    public Optional<Graph> record(String runId) {
        Run run;
        synchronized (this) {
            run = existing(runId);
        }
        Graph g = recordOf(run);
        return g == null || g.isEmpty() ? Optional.empty() : Optional.of(copy(g));
    }

    @Override
    public synchronized void decide(String runId, GateDecision decision) {
        existing(runId).decisions.add(decision);
    }

    @Override
    public synchronized List<GateDecision> decisions(String runId) {
        return List.copyOf(existing(runId).decisions);
    }

    @Override
    public QueryAnswer query(String sparql, Duration limit) {
        Query query = StoreQueries.parse(sparql);
        return StoreQueries.answer(snapshot().getUnionGraph(), query, limit);
    }

    /**
     * The store as one dataset, linking the graphs it holds rather than copying them: spec graphs are not changed
     * after registration, and a saved record is replaced, never changed, so the query runs outside the monitor.
     */
    private synchronized DatasetGraph snapshot() {
        DatasetGraph data = DatasetGraphFactory.createGeneral();
        Graph described = GraphMemFactory.createDefaultGraph();
        for (Run run : runs.values()) {
            String id = run.info0.id();
            String iri = RunIds.iri(id);
            RunGraphs.describe(described, id, run.registration.spec(), run.registration.started(), run.registration.plan());
            RunGraphs.progress(described, id, run.progress);
            data.addGraph(RunGraphs.spec(iri), run.registration.specGraph());
            Graph record = recordOf(run);
            if (record != null) {
                data.addGraph(RunGraphs.record(iri), record);
            }
        }
        data.addGraph(RunGraphs.RUNS_GRAPH, described);
        return data;
    }

    /** The record as last saved, or null; a record saved as what was recorded gets its graph now. */
    private Graph recordOf(Run run) {
        RunRecord recorded;
        Graph record;
        synchronized (this) {
            recorded = run.recorded;
            record = run.record;
        }
        return recorded != null ? recorded.graph() : record;
    }

    private static Graph copy(Graph g) {
        Graph copy = GraphMemFactory.createDefaultGraph();
        GraphUtil.addInto(copy, g);
        return copy;
    }

    @Override
    public void close() {
        // nothing to release: the runs live as long as this object
    }

    private Run existing(String runId) {
        Run run = runs.get(runId);
        if (run == null) {
            throw new StoreException("no run " + runId + " in " + location() + "; `specgraph runs` lists the runs");
        }
        return run;
    }

    /** The writer of one run. */
    private final class Writer implements RunWriter {
        private final Run run;

        Writer(Run run) {
            this.run = run;
        }

        @Override
        public String runId() {
            return run.info0.id();
        }

        @Override
        public void append(List<String> entries) {
            JournalEntries.check(runId(), entries);
            synchronized (MemoryRunStore.this) {
                run.journal.addAll(entries);
            }
        }

        @Override
        public void sync() {
            // memory survives nothing; there is nothing more to do
        }

        @Override
        public void progress(RunInfo.Progress progress) {
            synchronized (MemoryRunStore.this) {
                run.progress = progress;
            }
        }

        @Override
        public List<GateDecision> decisionsAfter(int seen) {
            synchronized (MemoryRunStore.this) {
                return seen >= run.decisions.size() ? List.of() : List.copyOf(run.decisions.subList(seen, run.decisions.size()));
            }
        }

        @Override
        public void saveRecord(Graph record, RunInfo.Progress progress) {
            // copied outside the monitor: the caller's graph is its own, and may change after it was saved
            Graph saved = copy(record);
            synchronized (MemoryRunStore.this) {
                run.progress = progress;
                run.record = saved;
                run.recorded = null;
            }
        }

        /**
         * Keeps the record itself, not a copy of its triples: it is saved when its run has stopped in this process,
         * so nothing is added to it after, and a run nobody asks about never makes its triples.
         */
        @Override
        public void saveRecord(RunRecord record, RunInfo.Progress progress) {
            synchronized (MemoryRunStore.this) {
                run.progress = progress;
                run.record = null;
                run.recorded = record;
            }
        }

        @Override
        public void close() {
            synchronized (MemoryRunStore.this) {
                run.live = false;
            }
        }
    }
}
