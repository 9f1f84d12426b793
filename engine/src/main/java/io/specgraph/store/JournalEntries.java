package io.specgraph.store;

import java.util.List;

/** What every store accepts as a journal entry: one line of text, so that a journal is a file of lines. */
final class JournalEntries {
    private JournalEntries() {}

    /**
     * Refuses a batch holding an entry with a line break, before any of it is written.
     *
     * @throws StoreException naming the entry
     */
    static void check(String runId, List<String> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (e.indexOf('\n') >= 0 || e.indexOf('\r') >= 0) {
                String shown = e.length() > 60 ? e.substring(0, 60) + "…" : e;
                throw new StoreException("journal entry " + (i + 1) + " of the batch for run " + runId
                        + " holds a line break (" + shown.replace("\n", "\\n").replace("\r", "\\r")
                        + "); entries are single lines: escape line breaks before appending");
            }
        }
    }
}
