package io.specgraph.internal;

import io.specgraph.record.RunRecord;
import io.specgraph.record.TraceLinks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Writes a run's {@link RunRecord} as the run goes: what the run package calls, implemented in the record package
 * (package-private there) and opened through {@link PackageAccess#recording()}. Not public API: the engine owns one
 * per run and calls it from its scheduling thread only; hosts read the record through {@code RunResult.record()}.
 * The methods are documented where they are implemented.
 */
public interface Recorder {
    /** The PROV-O namespace. */
    String PROV = "http://www.w3.org/ns/prov#";

    /**
     * One reason of an up-to-date check, as the record states it.
     *
     * @param kind     the local name of its {@code sg:ReasonKind} (InputChanged, Unchanged, …)
     * @param sentence the reason as a person reads it
     * @param path     the input or output concerned, or null
     * @param upstream the upstream task's IRI concerned, or null
     * @param property the changed property's IRI, or null
     * @param before   the hash or version before, or null
     * @param after    the hash or version now, or null
     * @param location where the changed statement is written, {@code file:line}, or null
     */
    record Reason(String kind, String sentence, String path, String upstream, String property, String before,
                  String after, String location) {}

    RunRecord record();

    String attemptIri(int index, int number);

    void traceLinks(TraceLinks links);

    void runStarted(Instant at, int workers, Double timeScale);

    void attempt(int index, int number, String taskIri, String agentIri, Instant start, Instant end, String state, String reason);

    void notRun(int index, String taskIri, String state, String reason, Instant at);

    void check(int index, String taskIri, String fingerprint, boolean upToDate, List<Reason> reasons, Instant at);

    void cached(int index, String taskIri, String cachedFrom, String reason, Instant at);

    void measurement(int index, int number, String metricIri, BigDecimal value, Instant at);

    void gate(int index, String gateIri, String state, String reason, Instant at);

    void approval(int index, String gateIri, boolean approved, String byIri, String comment, Instant at);

    void runFinished(Instant at, String state);
}
