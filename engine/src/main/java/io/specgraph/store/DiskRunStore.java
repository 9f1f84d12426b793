package io.specgraph.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import io.specgraph.record.RunRecord;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.query.Query;

/**
 * {@link RunStore#onDisk}: a folder shared by every process that names it. Everything of a run is in plain files
 * of {@code runs/<id>/} (see {@link RunFolder}): its registration, its spec and record as RDF Thrift, its journal,
 * its progress, the decisions other processes post to it; a run, a resume or an approval reads and writes
 * nothing else. History queries read a TDB2 database, {@code tdb2/}, which only indexes those files and is
 * brought up to date by the query that needs it ({@link StoreIndex}): a kill can leave nothing in it that a run
 * depends on. A {@value #MARKER} file at the top says the folder is a store and which layout it has.
 */
final class DiskRunStore implements RunStore {
    static final String MARKER = "specgraph-store";
    /**
     * The layout: 1 kept specs and records in the database only, 2 keeps them in the run folders, 3 keeps the plan
     * as {@code plan.json} and the record as what was recorded ({@code record.jsonl}), 4 keeps the sources as files
     * of {@code sources/} and no {@code spec.trdf} for a spec declared to be its sources. This build reads 2 to 4 (a
     * run folder of an earlier format is one of the next without its new files) and marks an older store as 4 when
     * it creates a run in it, so that an earlier build refuses the store rather than misreading the new runs.
     */
    static final int FORMAT = 4;
    /** The earliest layout this build reads. */
    static final int OLDEST_FORMAT = 2;
    /** Within this process, one poster of decisions at a time per run; the OS lock covers other processes. */
    private static final Map<Path, ReentrantLock> POSTING = new ConcurrentHashMap<>();

    private final Path root;
    private final Path runsDir;
    private final TdbAccess tdb;
    private final StoreIndex index;

    DiskRunStore(Path folder) {
        this(folder, TdbAccess.PATIENCE);
    }

    /** @param patience how long to wait for another process to release the database */
    DiskRunStore(Path folder, Duration patience) {
        this.root = folder.toAbsolutePath().normalize();
        this.runsDir = root.resolve("runs");
        this.tdb = new TdbAccess(root.resolve("tdb2"), root.toString(), patience);
        this.index = new StoreIndex(tdb);
        checkLayout();
    }

    @Override
    public void keepSuccesses(List<TaskSuccess> successes) {
        try {
            new DiskSuccesses(root).keep(successes);
        } catch (IOException e) {
            throw failed("keep task successes", e);
        }
    }

    @Override
    public Map<String, TaskSuccess> lastSuccesses(java.util.Collection<String> taskIris) {
        try {
            return new DiskSuccesses(root).last(taskIris, true);
        } catch (IOException e) {
            throw failed("read task successes", e);
        }
    }

    @Override
    public Map<String, TaskSuccess> lastSuccessesReadOnly(java.util.Collection<String> taskIris) {
        try {
            return new DiskSuccesses(root).last(taskIris, false);
        } catch (IOException e) {
            throw failed("read task successes", e);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    /** Refuses a folder that is not a store of this layout, before anything is written into it. */
    private void checkLayout() {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new StoreException(root + " is a file, not a specgraph run store; choose a folder with --store");
        }
        Path marker = root.resolve(MARKER);
        try {
            Optional<Properties> read = Files.isDirectory(root) ? AtomicFiles.read(marker) : Optional.empty();
            if (read.isEmpty() && Files.isDirectory(root) && !beingMadeAStore(root)) {
                // another process may have finished making it a store since the marker was looked for
                read = AtomicFiles.read(marker);
                if (read.isEmpty()) {
                    throw new StoreException(root + " is not a specgraph run store (no " + MARKER
                            + " file); choose an empty folder or another --store");
                }
            }
            if (read.isEmpty()) {
                return;
            }
            String format = read.get().getProperty("format", "?");
            if (!readable(format)) {
                throw new StoreException(root + " is a specgraph run store of format " + format + "; this specgraph reads formats "
                        + OLDEST_FORMAT + " to " + FORMAT + ": use the specgraph that wrote it, or choose another --store");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the run store " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean readable(String format) {
        for (int f = OLDEST_FORMAT; f <= FORMAT; f++) {
            if (format.equals(Integer.toString(f))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the folder is empty, or holds nothing but the marker being written (its temporary file): another
     * process making the folder a store at this moment, or one killed while it did, which the next run finishes.
     */
    private static boolean beingMadeAStore(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .allMatch(name -> name.startsWith(AtomicFiles.TEMP_PREFIX) && name.endsWith("-" + MARKER));
        }
    }

    /**
     * Creates the folder and its marker when the first run is created, not before: listing creates nothing. The
     * marker comes first, so that another process opening the store meanwhile never finds a folder with runs and no
     * marker, which is what a foreign folder looks like.
     */
    private void ensureCreated() throws IOException {
        Files.createDirectories(root);
        Path marker = root.resolve(MARKER);
        Optional<Properties> was = AtomicFiles.read(marker);
        if (was.isEmpty() || !Integer.toString(FORMAT).equals(was.get().getProperty("format"))) {
            Properties p = new Properties();
            p.setProperty("format", Integer.toString(FORMAT));
            p.setProperty("about", "a specgraph run store: runs/<id>/ holds each run; tdb2/ indexes them for history queries");
            AtomicFiles.write(marker, p);
        }
        Files.createDirectories(runsDir);
    }

    @Override
    public RunWriter create(NewRun run) {
        RunFolder folder = null;
        LiveLocks.Held lock = null;
        try {
            ensureCreated();
            while (folder == null) {
                String id = RunIds.next(taken -> Files.exists(runsDir.resolve(taken)));
                try {
                    folder = new RunFolder(Files.createDirectory(runsDir.resolve(id)));
                } catch (FileAlreadyExistsException e) {
                    // another process took the same id between the check and the creation: draw again
                }
            }
            lock = LiveLocks.acquire(folder.liveLock());
            if (lock == null) {
                throw new StoreException("run " + folder.id + " of " + location() + " was locked as it was created; try again");
            }
            folder.writeRegistration(run);
            if (!run.specFromSources()) {
                RunFolder.writeGraph(folder.spec(), run.specGraph());
            }
            Files.createDirectory(folder.decisionsDir());
            RunInfo.Progress start = new RunInfo.Progress(RunInfo.State.RUNNING, 0, run.fingerprints().size(), Duration.ZERO, List.of());
            FileChannel journal = folder.openJournal();
            folder.writeState(run.spec(), run.started(), start);
            return new Writer(folder, lock, journal, run.spec(), run.started(), writePlanBeside(folder, run));
        } catch (IOException | RuntimeException e) {
            abandon(folder, lock);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot create a run in " + location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the plan's JSON on a thread of its own, beside the run: nothing the run does depends on it (resume
     * compares fingerprints, only a history query reads it), and for a large plan it is megabytes, which took most of
     * creating a run. The run's writer waits for it when it closes; a run whose process ends first has none.
     */
    private static CompletableFuture<Void> writePlanBeside(RunFolder folder, NewRun run) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Thread.ofPlatform().name("specgraph-plan-" + folder.id).daemon().start(() -> {
            try {
                folder.writePlan(run);
                written.complete(null);
            } catch (IOException | RuntimeException e) {
                written.completeExceptionally(e);
            }
        });
        return written;
    }

    /** Removes what a failed creation left, so that no half-created run is ever listed. */
    private static void abandon(RunFolder folder, LiveLocks.Held lock) {
        try {
            if (lock != null) {
                lock.close();
            }
            if (folder != null) {
                try (Stream<Path> files = Files.walk(folder.dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // best effort: a folder without its state file is never listed anyway
        }
    }

    @Override
    public RunWriter reopen(String runId) {
        RunFolder folder = existing(runId);
        try {
            LiveLocks.Held lock = LiveLocks.acquire(folder.liveLock());
            if (lock == null) {
                throw new StoreException("run " + runId + " is being run by another writer of " + location()
                        + " (a live process holds it); wait for it to stop");
            }
            try {
                RunInfo info = folder.readState().orElseThrow();
                if (info.progress().state().finished()) {
                    throw new StoreException("run " + runId + " has finished (" + info.progress().state().name().toLowerCase()
                            + "); nothing to resume");
                }
                return new Writer(folder, lock, folder.openJournal(), info.spec(), info.started(), CompletableFuture.completedFuture(null));
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
        } catch (IOException e) {
            throw failed("reopen run " + runId, e);
        }
    }

    @Override
    public Optional<RunInfo> find(String idOrPrefix) {
        return RunIds.resolve(idOrPrefix, ids(), location()).map(id -> info(new RunFolder(runsDir.resolve(id))));
    }

    @Override
    public List<RunInfo> runs() {
        return ids().stream().map(id -> info(new RunFolder(runsDir.resolve(id))))
                .sorted(Comparator.comparing(RunInfo::started).reversed().thenComparing(RunInfo::id)).toList();
    }

    /** The ids of the completely created runs. */
    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runsDir)) {
            for (Path d : dirs) {
                String id = d.getFileName().toString();
                if (RunIds.valid(id) && new RunFolder(d).complete()) {
                    ids.add(id);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failed("list the runs", e);
        }
        return ids;
    }

    /** A run as listed: a run whose writer is gone without finishing it reads interrupted. */
    private RunInfo info(RunFolder folder) {
        try {
            RunInfo info = folder.readState().orElseThrow(() -> new NoSuchFileException(folder.dir.resolve(RunFolder.STATE).toString()));
            RunInfo.Progress p = info.progress();
            if (p.state() == RunInfo.State.RUNNING && !LiveLocks.held(folder.liveLock())) {
                p = new RunInfo.Progress(RunInfo.State.INTERRUPTED, p.tasksDone(), p.tasksTotal(), p.elapsed(), p.waitingGates());
                return new RunInfo(info.id(), info.runIri(), info.spec(), info.started(), p);
            }
            return info;
        } catch (IOException e) {
            throw failed("read run " + folder.id, e);
        }
    }

    @Override
    public NewRun registration(String runId) {
        RunFolder folder = existing(runId);
        try {
            Properties r = folder.readRegistration();
            Graph spec = new LazyGraph(into -> folder.readSpec(r, into), "the spec of run " + runId + " (" + folder.dir + ")");
            // the plan's JSON (megabytes for a large plan) is read when asked: a resume needs only the rest
            return NewRun.withPlanWrittenWhenAsked(r.getProperty("spec"), RunFolder.section(r, "option."), folder.readSources(r), spec,
                    out -> out.write(folder.readPlan(r).orElseThrow(() -> new StoreException("run " + runId + " of " + location()
                            + " has no plan JSON: it is written beside the run, and the run's process ended before it was;"
                            + " `specgraph plan` writes it again from the spec"))),
                    folder.readFingerprints(r), Instant.parse(r.getProperty("started")));
        } catch (IOException | RuntimeException e) {
            if (e instanceof StoreException se) {
                throw se;
            }
            throw failed("read the registration of run " + runId, e);
        }
    }

    @Override
    public List<String> journal(String runId) {
        RunFolder folder = existing(runId);
        try {
            return folder.readJournal();
        } catch (IOException e) {
            throw failed("read the journal of run " + runId, e);
        }
    }

    @Override
    public Optional<Graph> record(String runId) {
        RunFolder folder = existing(runId);
        try {
            Graph g = GraphMemFactory.createDefaultGraph();
            return folder.readRecord(g) ? Optional.of(g) : Optional.empty();
        } catch (IOException e) {
            throw failed("read the record of run " + runId, e);
        }
    }

    @Override
    public void decide(String runId, GateDecision decision) {
        RunFolder folder = existing(runId);
        ReentrantLock here = POSTING.computeIfAbsent(folder.dir, d -> new ReentrantLock());
        here.lock();
        try (FileChannel ch = FileChannel.open(folder.decisionsDir().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            folder.writeDecision(folder.countDecisions() + 1, decision);
        } catch (IOException e) {
            throw failed("post a decision to run " + runId, e);
        } finally {
            here.unlock();
        }
    }

    @Override
    public List<GateDecision> decisions(String runId) {
        return decisionsAfter(existing(runId), 0);
    }

    private List<GateDecision> decisionsAfter(RunFolder folder, int seen) {
        List<GateDecision> out = new ArrayList<>();
        try {
            for (int n = seen + 1; ; n++) {
                Optional<GateDecision> d = folder.readDecision(n);
                if (d.isEmpty()) {
                    return out;
                }
                out.add(d.get());
            }
        } catch (IOException e) {
            throw failed("read the decisions of run " + folder.id, e);
        }
    }

    @Override
    public QueryAnswer query(String sparql, Duration limit) {
        Query query = StoreQueries.parse(sparql);
        if (!Files.exists(root.resolve(MARKER))) {
            return StoreQueries.answer(GraphMemFactory.createDefaultGraph(), query, limit);
        }
        try {
            index.update(ids().stream().map(id -> new RunFolder(runsDir.resolve(id))).toList());
        } catch (IOException e) {
            throw failed("index the runs for the query", e);
        }
        return tdb.read(data -> StoreQueries.answer(data.getUnionGraph(), query, limit));
    }

    @Override
    public void close() {
        // nothing held between calls: the database is opened per transaction, writers hold their own files
    }

    private RunFolder existing(String runId) {
        RunFolder folder = RunIds.valid(runId) ? new RunFolder(runsDir.resolve(runId)) : null;
        if (folder == null || !folder.complete()) {
            throw new StoreException("no run " + runId + " in " + location() + "; `specgraph runs` lists the runs");
        }
        return folder;
    }

    private StoreException failed(String what, Exception e) {
        return new StoreException("cannot " + what + " in " + location() + ": " + e.getMessage(), e);
    }

    /** The writer of one run: its journal channel and its live lock, held until {@link #close()}. */
    private final class Writer implements RunWriter {
        private final RunFolder folder;
        private final LiveLocks.Held lock;
        private final FileChannel journal;
        private final String spec;
        private final Instant started;
        /** The plan's JSON being written beside the run (done at once for a reopened run). */
        private final CompletableFuture<Void> planWritten;
        private boolean closed;

        Writer(RunFolder folder, LiveLocks.Held lock, FileChannel journal, String spec, Instant started,
               CompletableFuture<Void> planWritten) {
            this.folder = folder;
            this.lock = lock;
            this.journal = journal;
            this.spec = spec;
            this.started = started;
            this.planWritten = planWritten;
        }

        @Override
        public String runId() {
            return folder.id;
        }

        @Override
        public synchronized void append(List<String> entries) {
            JournalEntries.check(runId(), entries);
            open();
            try {
                RunFolder.append(journal, entries);
            } catch (IOException e) {
                throw failed("append to the journal of run " + runId(), e);
            }
        }

        @Override
        public synchronized void sync() {
            open();
            try {
                journal.force(false);
            } catch (IOException e) {
                throw failed("sync the journal of run " + runId(), e);
            }
        }

        @Override
        public synchronized void progress(RunInfo.Progress progress) {
            open();
            try {
                folder.writeState(spec, started, progress);
            } catch (IOException e) {
                throw failed("save the progress of run " + runId(), e);
            }
        }

        @Override
        public List<GateDecision> decisionsAfter(int seen) {
            return DiskRunStore.this.decisionsAfter(folder, seen);
        }

        @Override
        public synchronized void saveRecord(Graph record, RunInfo.Progress progress) {
            open();
            try {
                folder.writeRecord(record);
                folder.writeState(spec, started, progress);
            } catch (IOException e) {
                throw failed("save the record of run " + runId(), e);
            }
        }

        /** Keeps what was recorded, a line per fact, rather than the record's triples (the record package's RecordFacts). */
        @Override
        public synchronized void saveRecord(RunRecord record, RunInfo.Progress progress) {
            open();
            try {
                folder.writeRecord(record);
                folder.writeState(spec, started, progress);
            } catch (IOException e) {
                throw failed("save the record of run " + runId(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            Throwable planFailed = null;
            try {
                planWritten.join(); // while the run is still live: no other process takes it over meanwhile
            } catch (CompletionException | CancellationException e) {
                planFailed = e.getCause() != null ? e.getCause() : e;
            }
            try (lock; journal) {
                // closing both, journal first: the run stops being live only once its journal is closed
            } catch (IOException e) {
                throw failed("close the writer of run " + runId(), e);
            }
            if (planFailed != null) {
                throw new StoreException("cannot write the plan JSON of run " + runId() + " in " + location() + ": "
                        + planFailed.getMessage() + "; the run itself is kept, but history queries do not show its plan", planFailed);
            }
        }

        private void open() {
            if (closed) {
                throw new StoreException("the writer of run " + runId() + " is closed");
            }
        }
    }
}
