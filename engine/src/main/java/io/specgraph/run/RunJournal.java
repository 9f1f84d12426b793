package io.specgraph.run;

import io.specgraph.store.RunInfo;
import io.specgraph.store.RunWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import io.specgraph.record.RunRecord;

/**
 * A run's link to its store, on the scheduling thread: every input given to the core becomes a journal entry,
 * written ahead of any decision that acts on the world (starting or stopping an attempt, checking a gate), so
 * that a resumed run never misses something a dead process did. Entries whose decisions only touch memory wait
 * and go out with the next write: everything settled in one scheduling step is one append.
 */
final class RunJournal {
    /** How often the summary of a live run is updated in the store, at most. */
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final RunWriter writer;
    private final List<String> pending = new ArrayList<>();
    private long lastProgress = System.nanoTime();

    RunJournal(RunWriter writer) {
        this.writer = writer;
    }

    String runId() {
        return writer.runId();
    }

    RunWriter writer() {
        return writer;
    }

    /** Journals an input; written at once when one of its decisions acts on the world. */
    void add(CoreInput input, List<CoreDecision> decisions) {
        pending.add(JournalEntries.encode(input));
        for (CoreDecision d : decisions) {
            if (d instanceof CoreDecision.StartAttempt || d instanceof CoreDecision.StopAttempt
                    || d instanceof CoreDecision.EvaluateGate || d instanceof CoreDecision.AbandonGate) {
                flush();
                return;
            }
        }
    }

    /** Writes what is pending (before the scheduling thread waits, so an idle run's journal is complete). */
    void flush() {
        if (!pending.isEmpty()) {
            writer.append(List.copyOf(pending));
            pending.clear();
        }
    }

    /** Updates the store's summary of the run, at most once a second. */
    void progress(Supplier<RunInfo.Progress> progress) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            writer.progress(progress.get());
        }
    }

    /** The run stops in this process: everything written and synced, the record saved, the run no longer live. */
    void close(RunRecord record, RunInfo.Progress progress) {
        try {
            flush();
            writer.sync();
            writer.saveRecord(record, progress);
        } finally {
            writer.close();
        }
    }
}
