package io.specgraph.record;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the parts of a run were traced, for the run record to point at: a run listener that makes spans (such as
 * {@link io.specgraph.trace.RunTracer}) implements it, and the engine hands every such listener to the record,
 * which writes each link as {@code sg:traceId} and {@code sg:spanId} on the {@code sg:Run},
 * {@code sg:TaskAttempt} or {@code sg:GateEvaluation} it belongs to. The spans carry the run's, task's and gate's
 * IRIs, so the trace and the record point at each other.
 *
 * <p>The record asks when it turns its facts into triples (the first time its graph is read after the fact was
 * recorded), on any thread: an implementation must be thread-safe and answer for every span it made during the
 * run, including those already ended. An empty answer writes no link: a part the listener did not trace, or
 * traced without sampling it (a span nobody will see is not worth pointing at).
 */
public interface TraceLinks {
    /** The run's span (the root of the trace, or of its resumed part). */
    Optional<SpanLink> run();

    /** The span of attempt {@code attempt} of the task {@code taskIri}; attempt 0 is a task that never ran. */
    Optional<SpanLink> attempt(String taskIri, int attempt);

    /** The span of the latest evaluation of the gate {@code gateIri}. */
    Optional<SpanLink> gate(String gateIri);

    /**
     * A span by its W3C Trace Context ids: 32 and 16 lower-case hexadecimal digits, not all zero.
     *
     * @param traceId the trace the span belongs to
     * @param spanId  the span
     */
    record SpanLink(String traceId, String spanId) {
        private static final Pattern TRACE = Pattern.compile("[0-9a-f]{32}");
        private static final Pattern SPAN = Pattern.compile("[0-9a-f]{16}");

        /** Checks both ids' form. */
        public SpanLink {
            Objects.requireNonNull(traceId, "traceId");
            Objects.requireNonNull(spanId, "spanId");
            if (!TRACE.matcher(traceId).matches() || traceId.chars().allMatch(c -> c == '0')) {
                throw new IllegalArgumentException("a trace id is 32 lower-case hex digits, not all zero: " + traceId);
            }
            if (!SPAN.matcher(spanId).matches() || spanId.chars().allMatch(c -> c == '0')) {
                throw new IllegalArgumentException("a span id is 16 lower-case hex digits, not all zero: " + spanId);
            }
        }
    }
}
