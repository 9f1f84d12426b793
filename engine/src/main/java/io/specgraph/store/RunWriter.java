package io.specgraph.store;

import java.util.List;
import io.specgraph.record.RunRecord;
import org.apache.jena.graph.Graph;

/**
 * The one writer of a run's journal. While it is open the run is live: another process cannot reopen it, and
 * {@link RunStore#runs()} shows it as running; when the process dies without {@link #close()}, the run shows as
 * interrupted.
 */
public interface RunWriter extends AutoCloseable {
    /** The run's id. */
    String runId();

    /**
     * Appends entries to the journal, in order. When this returns they survive the process being killed;
     * against losing the machine, {@link #sync()}.
     */
    void append(List<String> entries);

    /** Makes everything appended so far survive a power loss (an fsync, or the endpoint's commit). */
    void sync();

    /** Updates the summary {@link RunStore#runs()} shows (state, tasks done, waiting gates). */
    void progress(RunInfo.Progress progress);

    /** The decisions posted to this run after the first {@code seen} ones. */
    List<GateDecision> decisionsAfter(int seen);

    /** Saves the run's PROV-O record (replacing an earlier save) with its summary. */
    void saveRecord(Graph record, RunInfo.Progress progress);

    /**
     * Saves the record of a run that has stopped in this process (replacing an earlier save) with its summary. A
     * store may keep what was recorded rather than its triples (a line per fact), and make the triples when
     * the record is read; by default, its graph is saved.
     */
    default void saveRecord(RunRecord record, RunInfo.Progress progress) {
        saveRecord(record.graph(), progress);
    }

    /** Ends the writing: the run is no longer live. */
    @Override
    void close();
}
