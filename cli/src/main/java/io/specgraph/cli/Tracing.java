package io.specgraph.cli;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.specgraph.trace.RunTracer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK behind {@code --otel}: configured by the standard {@code OTEL_*} environment variables
 * (or {@code otel.*} system properties), and shut down, which flushes the spans, when the run is reported.
 */
final class Tracing implements AutoCloseable {
    /** How long the end of a run waits for its spans to be sent. */
    private static final long FLUSH_SECONDS = 10;

    /**
     * What applies unless the environment says otherwise: the service is specgraph, and only traces are
     * exported, since the engine makes no metrics or logs of its own.
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "specgraph",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    private final OpenTelemetrySdk sdk;
    private final RunTracer tracer;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = new RunTracer(sdk);
    }

    /** The SDK as the environment configures it; an error message for a person when it cannot be. */
    static Tracing start() throws TracingException {
        try {
            return new Tracing(AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> DEFAULTS)
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk());
        } catch (RuntimeException e) {
            // ConfigurationException for a bad value, IllegalStateException for an exporter or protocol not built in
            throw new TracingException("--otel: the OpenTelemetry SDK could not be configured from the OTEL_* variables: "
                    + Objects.toString(e.getMessage(), e.getClass().getSimpleName()) + "; fix or unset them (see docs/run.md, Traces)");
        }
    }

    /** The listener the engine tells the run's events to. */
    RunTracer listener() {
        return tracer;
    }

    /** The id of the run's trace, once it started. */
    Optional<String> traceId() {
        return tracer.runSpanContext().map(c -> c.getTraceId());
    }

    /** Sends what is left and stops the SDK, waiting a bounded time for a collector that does not answer. */
    @Override
    public void close() {
        sdk.shutdown().join(FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /** The {@code OTEL_*} configuration is wrong: the message says what and what to do. */
    static final class TracingException extends Exception {
        TracingException(String message) {
            super(message);
        }
    }
}
