package io.specgraph.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import io.specgraph.record.TraceLinks;
import io.specgraph.run.GateOutcome;
import io.specgraph.run.GateState;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunListener;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RunListener} that turns a run into OpenTelemetry spans: one for the run (a root), one per phase (a
 * child of the run), one per task attempt (a child of its phase; of the run for a compensation task) and one per
 * gate evaluation (a child of the phase it closes, else of the run). A task that never ran (skipped, cancelled)
 * gets a span of no length, so the trace says why. Measurements are events on the attempt that took them.
 *
 * <p>Spans carry the run's own times: the instant the run started by the engine's clock plus each event's
 * offset, so a run simulated in virtual time shows its spec time, as its record does. A failed or timed-out
 * attempt, a failed gate and a failed run have the status {@link StatusCode#ERROR}.
 *
 * <p>The host adds it to the engine ({@code Engine.builder().listener(new RunTracer(openTelemetry))}) and owns
 * the OpenTelemetry SDK: exporting and flushing spans is the host's business. A tracer follows one run at a
 * time; a run that resumes in this process starts a new root span marked {@code specgraph.run.resumed}.
 *
 * <p>As {@link TraceLinks}, it tells the engine's run record the trace and span ids of the run, of every attempt
 * and of every gate evaluation it traced and sampled, which the record keeps as {@code sg:traceId} and
 * {@code sg:spanId}: the record points at the trace, as the spans' IRIs point at the record.
 */
public final class RunTracer implements RunListener, TraceLinks {
    /** The instrumentation scope the spans are reported under. */
    public static final String SCOPE = "io.specgraph.engine";

    static final AttributeKey<String> RUN_IRI = AttributeKey.stringKey("specgraph.run.iri");
    static final AttributeKey<Long> RUN_WORKERS = AttributeKey.longKey("specgraph.run.workers");
    static final AttributeKey<Boolean> RUN_SIMULATED = AttributeKey.booleanKey("specgraph.run.simulated");
    static final AttributeKey<Boolean> RUN_RESUMED = AttributeKey.booleanKey("specgraph.run.resumed");
    static final AttributeKey<String> RUN_OUTCOME = AttributeKey.stringKey("specgraph.run.outcome");
    static final AttributeKey<String> PHASE_IRI = AttributeKey.stringKey("specgraph.phase.iri");
    static final AttributeKey<Boolean> PHASE_SUCCEEDED = AttributeKey.booleanKey("specgraph.phase.succeeded");
    static final AttributeKey<String> TASK_IRI = AttributeKey.stringKey("specgraph.task.iri");
    static final AttributeKey<String> AGENT_IRI = AttributeKey.stringKey("specgraph.agent.iri");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("specgraph.task.attempt");
    static final AttributeKey<String> TASK_STATE = AttributeKey.stringKey("specgraph.task.state");
    static final AttributeKey<String> TASK_REASON = AttributeKey.stringKey("specgraph.task.reason");
    static final AttributeKey<Boolean> WILL_RETRY = AttributeKey.booleanKey("specgraph.task.will_retry");
    static final AttributeKey<Boolean> COMPENSATION = AttributeKey.booleanKey("specgraph.task.compensation");
    static final AttributeKey<String> GATE_IRI = AttributeKey.stringKey("specgraph.gate.iri");
    static final AttributeKey<String> GATE_STATE = AttributeKey.stringKey("specgraph.gate.state");
    static final AttributeKey<String> GATE_REASON = AttributeKey.stringKey("specgraph.gate.reason");
    static final AttributeKey<String> METRIC_IRI = AttributeKey.stringKey("specgraph.metric.iri");
    static final AttributeKey<Double> METRIC_VALUE = AttributeKey.doubleKey("specgraph.metric.value");

    private final Tracer tracer;
    private Instant origin;
    private Span run;
    private SpanContext runContext;
    private final Map<String, Span> phases = new HashMap<>();
    private final Map<String, Span> attempts = new LinkedHashMap<>();
    private final Map<String, Span> waitingGates = new LinkedHashMap<>();
    // every span the record may ask for, kept after it ended: the record turns facts into triples lazily
    private final Map<String, SpanContext> attemptLinks = new HashMap<>();
    private final Map<String, SpanContext> gateLinks = new HashMap<>();

    /** Spans made with {@code openTelemetry}'s tracer for the {@link #SCOPE} scope. */
    public RunTracer(OpenTelemetry openTelemetry) {
        this(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE));
    }

    /** Spans made with {@code tracer}. */
    public RunTracer(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /**
     * The last run's root span: its trace id ({@link SpanContext#getTraceId()}) names the run's trace, e.g. to
     * note beside the run's record. Empty before a run started.
     */
    public synchronized Optional<SpanContext> runSpanContext() {
        return Optional.ofNullable(runContext);
    }

    @Override
    public synchronized Optional<SpanLink> run() {
        return link(runContext);
    }

    @Override
    public synchronized Optional<SpanLink> attempt(String taskIri, int attempt) {
        return link(attemptLinks.get(taskIri + '\n' + attempt));
    }

    @Override
    public synchronized Optional<SpanLink> gate(String gateIri) {
        return link(gateLinks.get(gateIri));
    }

    private static Optional<SpanLink> link(SpanContext span) {
        return span == null || !span.isValid() || !span.isSampled()
                ? Optional.empty()
                : Optional.of(new SpanLink(span.getTraceId(), span.getSpanId()));
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        switch (event) {
            case RunEvent.RunStarted e -> {
                begin(e.startedAt(), e.runIri(), false);
                run.setAttribute(RUN_WORKERS, (long) e.workers());
                run.setAttribute(RUN_SIMULATED, e.simulated());
            }
            // the journal's events before the resume reached the listeners of the process that died; the
            // resumed part of the run gets its own root span, on the same time axis
            case RunEvent.RunResumed e -> begin(e.resumedAt().minus(e.at()), e.runIri(), true);
            case RunEvent.PhaseStarted e -> phase(e.phase(), e.at());
            case RunEvent.PhaseFinished e -> {
                Span span = phase(e.phase(), e.at());
                span.setAttribute(PHASE_SUCCEEDED, e.succeeded());
                span.end(instant(e.at()));
            }
            case RunEvent.TaskStarted e -> attempts.put(key(e.task(), e.attempt()), attempt(e.task(), e.attempt(), e.at()));
            case RunEvent.TaskFinished e -> taskFinished(e);
            case RunEvent.GateWaiting e -> waitingGates.put(e.gate().iri(), gate(e.gate(), e.at()));
            case RunEvent.GateEvaluated e -> gateEvaluated(e);
            case RunEvent.MetricRecorded e -> {
                Span on = e.task() == null ? null : openAttempt(e.task());
                (on != null ? on : runSpan()).addEvent("metric", Attributes.of(METRIC_IRI, e.metric().iri(),
                        METRIC_VALUE, e.value().doubleValue()), instant(e.at()));
            }
            case RunEvent.RunFinished e -> runFinished(e);
        }
    }

    private void begin(Instant startedAt, String runIri, boolean resumed) {
        origin = startedAt;
        phases.clear();
        attempts.clear();
        waitingGates.clear();
        attemptLinks.clear();
        gateLinks.clear();
        run = tracer.spanBuilder("run " + localName(runIri))
                .setNoParent()
                .setStartTimestamp(startedAt)
                .setAttribute(RUN_IRI, runIri)
                .setAttribute(RUN_RESUMED, resumed)
                .startSpan();
        runContext = run.getSpanContext();
    }

    private Span phase(PlanPhase phase, Duration at) {
        return phases.computeIfAbsent(phase.iri(), iri -> child("phase " + phase.label(), runSpan(), at)
                .setAttribute(PHASE_IRI, iri)
                .startSpan());
    }

    private Span attempt(PlanTask task, int attempt, Duration at) {
        SpanBuilder b = child("task " + task.label(), task.compensation() || task.phase() == null
                ? runSpan() : phaseOf(task, at), at)
                .setAttribute(TASK_IRI, task.iri())
                .setAttribute(ATTEMPT, (long) attempt)
                .setAttribute(COMPENSATION, task.compensation());
        if (task.agent() != null) {
            b.setAttribute(AGENT_IRI, task.agent());
        }
        Span span = b.startSpan();
        attemptLinks.put(key(task, attempt), span.getSpanContext());
        return span;
    }

    private void taskFinished(RunEvent.TaskFinished e) {
        Span span = attempts.remove(key(e.task(), e.attempt()));
        if (span == null) {
            // a task that never ran (skipped, cancelled), or an attempt begun by a process that is gone
            span = attempt(e.task(), e.attempt(), e.at());
        }
        span.setAttribute(TASK_STATE, name(e.state()));
        span.setAttribute(WILL_RETRY, e.willRetry());
        if (e.reason() != null && !e.reason().isEmpty()) {
            span.setAttribute(TASK_REASON, e.reason());
        }
        if (e.state() == TaskState.FAILED || e.state() == TaskState.TIMED_OUT) {
            span.setStatus(StatusCode.ERROR, e.reason() == null ? name(e.state()) : e.reason());
        } else if (e.state() == TaskState.SUCCEEDED) {
            span.setStatus(StatusCode.OK);
        }
        span.end(instant(e.at()));
    }

    private Span gate(PlanGate gate, Duration at) {
        Span closes = gate.closes() == null ? null : phases.get(gate.closes());
        Span span = child("gate " + gate.label(), closes != null ? closes : runSpan(), at)
                .setAttribute(GATE_IRI, gate.iri())
                .startSpan();
        gateLinks.put(gate.iri(), span.getSpanContext());
        return span;
    }

    private void gateEvaluated(RunEvent.GateEvaluated e) {
        GateOutcome outcome = e.outcome();
        Span span = waitingGates.remove(outcome.iri());
        if (span == null) {
            span = gate(outcome.gate(), e.at());
        }
        span.setAttribute(GATE_STATE, name(outcome.state()));
        if (outcome.reason() != null && !outcome.reason().isEmpty()) {
            span.setAttribute(GATE_REASON, outcome.reason());
        }
        if (outcome.state() == GateState.FAILED) {
            span.setStatus(StatusCode.ERROR, outcome.reason() == null ? "failed" : outcome.reason());
        } else if (outcome.state().passed()) {
            span.setStatus(StatusCode.OK);
        }
        span.end(instant(e.at()));
    }

    private void runFinished(RunEvent.RunFinished e) {
        Instant end = instant(e.at());
        // an interrupted or waiting run stops with attempts and gates open: they end with the run, stateless
        attempts.values().forEach(s -> s.end(end));
        attempts.clear();
        waitingGates.values().forEach(s -> s.setAttribute(GATE_STATE, name(GateState.WAITING)).end(end));
        waitingGates.clear();
        phases.values().forEach(s -> s.end(end));
        phases.clear();
        RunResult.Outcome outcome = e.result().outcome();
        Span span = runSpan();
        span.setAttribute(RUN_OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
        if (outcome == RunResult.Outcome.FAILED) {
            span.setStatus(StatusCode.ERROR, "the run failed");
        } else if (outcome == RunResult.Outcome.SUCCEEDED) {
            span.setStatus(StatusCode.OK);
        }
        span.end(end);
        run = null;
    }

    private Span phaseOf(PlanTask task, Duration at) {
        Span span = phases.get(task.phase());
        if (span != null) {
            return span;
        }
        // a resumed run does not see the PhaseStarted of a phase begun before it
        PlanPhase phase = new PlanPhase(task.phase(), localName(task.phase()), 0, 0, Duration.ZERO);
        return phase(phase, at);
    }

    private Span openAttempt(PlanTask task) {
        Span found = null;
        String prefix = task.iri() + '\n';
        for (Map.Entry<String, Span> a : attempts.entrySet()) {
            if (a.getKey().startsWith(prefix)) {
                found = a.getValue();
            }
        }
        return found;
    }

    private SpanBuilder child(String name, Span parent, Duration at) {
        return tracer.spanBuilder(name).setParent(Context.root().with(parent)).setStartTimestamp(instant(at));
    }

    private Span runSpan() {
        if (run == null) {
            throw new IllegalStateException("a run event came before the run started");
        }
        return run;
    }

    private Instant instant(Duration at) {
        return origin.plus(at);
    }

    private static String key(PlanTask task, int attempt) {
        return task.iri() + '\n' + attempt;
    }

    private static String name(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static String localName(String iri) {
        int cut = Math.max(iri.lastIndexOf('#'), Math.max(iri.lastIndexOf('/'), iri.lastIndexOf(':')));
        return cut >= 0 && cut < iri.length() - 1 ? iri.substring(cut + 1) : iri;
    }
}
