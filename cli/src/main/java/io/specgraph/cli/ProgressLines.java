package io.specgraph.cli;

import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunListener;
import io.specgraph.run.TaskState;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a run as one plain line per event, for logs, pipes and CI: run, phase, task, gate and metric
 * events, each prefixed with the seconds since the run started.
 */
final class ProgressLines implements RunListener {
    private final PrintWriter out;

    ProgressLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEvent(RunEvent event) {
        String line = describe(event);
        if (line != null) {
            out.println(String.format(Locale.ROOT, "%9.3f s  ", event.at().toNanos() / 1e9) + line);
            out.flush();
        }
    }

    /** The event as a line for a person, or null for an event not worth a line. */
    static String describe(RunEvent event) {
        return switch (event) {
            case RunEvent.RunStarted e -> {
                long tasks = e.plan().tasks().stream().filter(t -> !t.compensation()).count();
                yield "run started: " + tasks + (tasks == 1 ? " task, " : " tasks, ") + e.plan().gates().size()
                        + (e.plan().gates().size() == 1 ? " gate, " : " gates, ") + e.workers()
                        + (e.workers() == 1 ? " worker" : " workers") + (e.simulated() ? ", simulated" : "");
            }
            case RunEvent.RunResumed e -> "run resumed from its journal";
            case RunEvent.GateWaiting e -> "gate " + local(e.gate().iri()) + " waits for a decision by "
                    + String.join(" or ", e.approvers().stream().map(ProgressLines::local).toList())
                    + " (specgraph approve|reject RUN " + local(e.gate().iri()) + " --as NAME)";
            case RunEvent.PhaseStarted e -> title(e.phase()) + " started";
            case RunEvent.PhaseFinished e -> title(e.phase()) + " finished"
                    + (e.succeeded() ? ": every task succeeded" : ": not every task succeeded");
            case RunEvent.TaskStarted e -> "task " + local(e.task().iri()) + " started"
                    + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : "");
            case RunEvent.TaskFinished e -> "task " + local(e.task().iri()) + " " + state(e.state())
                    + (e.willRetry() ? " (attempt " + e.attempt() + ", will retry)" : "")
                    + (e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason());
            case RunEvent.GateEvaluated e -> "gate " + local(e.outcome().iri()) + " "
                    + e.outcome().state().name().toLowerCase(Locale.ROOT)
                    + (e.outcome().reason().isEmpty() ? "" : ": " + e.outcome().reason());
            case RunEvent.MetricRecorded e -> "metric " + e.metric().label() + " = " + number(e.value())
                    + (e.metric().unit() == null ? "" : " " + e.metric().unit()) + " (by " + local(e.task().iri()) + ")";
            case RunEvent.RunFinished e -> "run " + e.result().outcome().name().toLowerCase(Locale.ROOT) + " after "
                    + PlanWriter.human(e.result().wallTime());
        };
    }

    /** "phase 2: Review", or the label alone when it already says which phase it is. */
    static String title(PlanPhase phase) {
        return phase.label().toLowerCase(Locale.ROOT).startsWith("phase " + phase.order())
                ? phase.label() : "phase " + phase.order() + ": " + phase.label();
    }

    static String local(String iri) {
        return PlanWriter.local(iri);
    }

    static String state(TaskState s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** A time scale as a person reads it: three significant digits, no exponent. */
    static String scale(double s) {
        return number(new BigDecimal(s).round(new MathContext(3)));
    }

    /** Seconds with one decimal, then spec time when simulated: "2.4 s (≈ 20 h in spec time)". */
    static String elapsed(Duration wall, double timeScale) {
        String s = String.format(Locale.ROOT, "%.1f s", wall.toMillis() / 1000.0);
        if (timeScale > 0 && timeScale != 1) {
            s += " (≈ " + PlanWriter.human(Duration.ofNanos(Math.round(wall.toNanos() / timeScale))) + " in spec time)";
        }
        return s;
    }
}
