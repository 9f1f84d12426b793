package io.specgraph.cli;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.specgraph.trace.RunTracer;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK behind {@code --otel}: configured by the standard {@code OTEL_*} environment variables
 * (or {@code otel.*} system properties), and shut down, which flushes the spans, when the run is reported. Whether
 * the spans got out is said in one line, not in the SDK's log.
 */
final class Tracing {
    /** How long the end of a run waits for its spans to be sent. */
    private static final long FLUSH_SECONDS = 10;

    /**
     * What applies unless the environment says otherwise: the service is specgraph, only traces are exported,
     * since the engine makes no metrics or logs of its own, and OTLP goes over HTTP (the SDK's 1.x default is gRPC,
     * which the command line does not carry; HTTP is the protocol's own default).
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "specgraph",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    /**
     * The exporters log a failed export with its stack trace through java.util.logging; {@link #close()} says it in
     * a line instead. Held here because the logging framework keeps its loggers only weakly.
     */
    private static final Logger EXPORTER_LOG = Logger.getLogger("io.opentelemetry.exporter");
    /** Autoconfigure logs at INFO that it gave up, before the exception that {@link #start()} turns into a message. */
    private static final Logger AUTOCONFIGURE_LOG = Logger.getLogger("io.opentelemetry.sdk.autoconfigure");

    private final OpenTelemetrySdk sdk;
    private final RunTracer tracer;
    private final AtomicReference<String> failure;

    private Tracing(OpenTelemetrySdk sdk, AtomicReference<String> failure) {
        this.sdk = sdk;
        this.tracer = new RunTracer(sdk);
        this.failure = failure;
    }

    /** The SDK as the environment configures it; an error message for a person when it cannot be. */
    static Tracing start() throws TracingException {
        AtomicReference<String> failure = new AtomicReference<>();
        try {
            EXPORTER_LOG.setLevel(Level.OFF);
            AUTOCONFIGURE_LOG.setLevel(Level.WARNING);
            return new Tracing(AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> DEFAULTS)
                    .addSpanExporterCustomizer((exporter, config) -> new Watched(exporter, failure))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk(), failure);
        } catch (RuntimeException e) {
            // ConfigurationException for a bad value, IllegalStateException for an exporter or protocol not built in
            String why = why(e);
            if (why.contains("GrpcSenderProvider")) {
                why = "the command line sends OTLP over HTTP only, not gRPC: set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
                        + " and point OTEL_EXPORTER_OTLP_ENDPOINT at the collector's HTTP port (4318 by default)";
            }
            throw new TracingException("--otel: the OpenTelemetry SDK could not be configured from the OTEL_* variables: "
                    + why + "; fix or unset them (see docs/run.md, Traces)");
        }
    }

    /** The listener the engine tells the run's events to. */
    RunTracer listener() {
        return tracer;
    }

    /**
     * Sends what is left and stops the SDK, waiting a bounded time for a collector that does not answer; returns
     * the line that tells a person where the trace is, or why it is not there.
     */
    String finish() {
        CompletableResultCode done = sdk.shutdown().join(FLUSH_SECONDS, TimeUnit.SECONDS);
        String trace = tracer.runSpanContext().map(c -> "trace " + c.getTraceId()).orElse("the trace");
        if (failure.get() != null) {
            return "warning: --otel: " + trace + " was not sent: " + failure.get()
                    + "; check OTEL_EXPORTER_OTLP_ENDPOINT (the run itself is not affected)";
        }
        if (!done.isDone()) {
            return "warning: --otel: " + trace + " was not all sent within " + FLUSH_SECONDS + " s";
        }
        return "OpenTelemetry " + trace;
    }

    /** The messages of the exception and its causes: autoconfigure wraps what went wrong in a general message. */
    private static String why(Throwable e) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = Objects.toString(t.getMessage(), t.getClass().getSimpleName());
            if (why.indexOf(message) < 0) {
                why.append(why.isEmpty() ? "" : ": ").append(message);
            }
        }
        return why.toString();
    }

    /** What failed at the bottom of the wrappers (completion, unchecked I/O) an export's failure comes in. */
    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** An exporter that keeps the reason of the first export that failed. */
    private record Watched(SpanExporter exporter, AtomicReference<String> failure) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            CompletableResultCode result = exporter.export(spans);
            result.whenComplete(() -> {
                if (!result.isSuccess()) {
                    Throwable t = result.getFailureThrowable();
                    failure.compareAndSet(null, t == null ? "the exporter reported a failure" : root(t));
                }
            });
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return exporter.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return exporter.shutdown();
        }
    }

    /** The {@code OTEL_*} configuration is wrong: the message says what and what to do. */
    static final class TracingException extends Exception {
        TracingException(String message) {
            super(message);
        }
    }
}
