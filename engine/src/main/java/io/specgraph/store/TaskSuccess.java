package io.specgraph.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a successful task attempt left, kept in the run store so that a later run can tell whether the task is
 * up to date (and say why not). The store keeps it as given; what the parts mean is the engine's.
 *
 * @param runId        the run the attempt belongs to
 * @param taskIri      the task
 * @param attemptIri   the attempt's IRI in that run's record
 * @param at           when the attempt ended
 * @param fingerprint  the SHA-256 over every part
 * @param parts        what the fingerprint covers, part by part (a statement, an input's hash, an upstream task's
 *                     fingerprint, the handler's version), so that a later run can name the part that changed
 * @param outputs      each declared output's path and its SHA-256 after the attempt
 * @param measurements each metric the attempt measured (IRI) and the last value, as text
 * @param output       what the handler returned, encoded by the engine
 */
public record TaskSuccess(String runId, String taskIri, String attemptIri, Instant at, String fingerprint,
                          SortedMap<String, String> parts, SortedMap<String, String> outputs,
                          SortedMap<String, String> measurements, String output) {
    public TaskSuccess {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(taskIri, "taskIri");
        Objects.requireNonNull(attemptIri, "attemptIri");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fingerprint, "fingerprint");
        parts = new TreeMap<>(parts);
        outputs = new TreeMap<>(outputs);
        measurements = new TreeMap<>(measurements);
        output = output == null ? "" : output;
    }

    /** Convenience constructor from unsorted maps. */
    public static TaskSuccess of(String runId, String taskIri, String attemptIri, Instant at, String fingerprint,
                                 Map<String, String> parts, Map<String, String> outputs, Map<String, String> measurements,
                                 String output) {
        return new TaskSuccess(runId, taskIri, attemptIri, at, fingerprint, new TreeMap<>(parts), new TreeMap<>(outputs),
                new TreeMap<>(measurements), output);
    }

    /** Whether this success is more recent than {@code other} (later end; the run id breaks a tie), for "the last success". */
    public boolean laterThan(TaskSuccess other) {
        int c = at.compareTo(other.at);
        return c != 0 ? c > 0 : runId.compareTo(other.runId) > 0;
    }
}
