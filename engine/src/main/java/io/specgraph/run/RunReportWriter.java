package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.internal.Json;
import io.specgraph.plan.PlanConflict;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a {@link RunResult} as a text summary for people or as JSON (schema {@value #JSON_SCHEMA},
 * documented in {@code docs/run.md}). The output depends only on the result: the same result always gives
 * the same bytes.
 */
public final class RunReportWriter {
    /** Identifier of the JSON schema; changes when a field is removed or changes meaning. */
    public static final String JSON_SCHEMA = "https://w3id.org/specgraph/schema/run/1";

    private RunReportWriter() {}

    /** The result in the given format. */
    public static String write(RunResult result, RunReportFormat format) {
        return switch (format) {
            case TEXT -> text(result);
            case JSON -> json(result);
        };
    }

    // ------------------------------------------------------------------ text

    static String text(RunResult r) {
        StringBuilder out = new StringBuilder();
        List<TaskRun> scheduled = r.tasks().stream().filter(t -> !t.compensation()).toList();
        List<TaskRun> compensations = r.tasks().stream().filter(t -> t.compensation() && ran(t)).toList();
        out.append("run ").append(name(r.outcome())).append(": ").append(scheduled.size())
                .append(scheduled.size() == 1 ? " task (" : " tasks (").append(taskCounts(scheduled)).append(')');
        if (!r.gates().isEmpty()) {
            out.append(", ").append(r.gates().size()).append(r.gates().size() == 1 ? " gate (" : " gates (")
                    .append(gateCounts(r.gates())).append(')');
        }
        if (!compensations.isEmpty()) {
            out.append(", ").append(compensations.size()).append(compensations.size() == 1 ? " compensation (" : " compensations (")
                    .append(taskCounts(compensations)).append(')');
        }
        out.append('\n');
        int w = r.workers();
        String workers = w + (w == 1 ? " worker" : " workers");
        // in virtual time nothing took wall time: every figure is spec time, and says so
        out.append(r.virtualTime() ? "makespan " + PlanWriter.human(r.wallTime()) + " in spec time" : "wall time " + PlanWriter.human(r.wallTime()))
                .append(", total task time ").append(PlanWriter.human(r.totalTaskTime()))
                .append(", speedup ").append(speedup(r)).append(" with ").append(workers)
                .append('\n');
        String bounds = "lower bound " + PlanWriter.human(r.lowerBound()) + ", estimated "
                + PlanWriter.human(r.plan().estimatedMakespan(w)) + " with " + workers;
        if (r.virtualTime()) {
            out.append("simulated in virtual time (each task took exactly its estimate); plan: ").append(bounds).append('\n');
        } else if (r.timeScale().isPresent()) {
            out.append("simulated at time scale ").append(scale(r.timeScale().getAsDouble()))
                    .append(": makespan ").append(PlanWriter.human(r.simulatedMakespan().orElseThrow()))
                    .append(" in spec time; plan: ").append(bounds).append('\n');
        } else {
            out.append("plan (estimated durations): ").append(bounds).append('\n');
        }
        long cached = scheduled.stream().filter(t -> t.state() == TaskState.CACHED).count();
        if (cached > 0) {
            long ran = scheduled.stream().filter(t -> !t.attempts().isEmpty()).count();
            out.append("up to date: ").append(cached).append(" of ").append(scheduled.size()).append(" tasks cached (not run), ")
                    .append(ran).append(ran == 1 ? " task ran" : " tasks ran").append('\n');
        }

        List<TaskRun> notOk = scheduled.stream().filter(t -> t.state() != TaskState.SUCCEEDED && t.state() != TaskState.CACHED).toList();
        if (!notOk.isEmpty()) {
            out.append("\ntasks that did not succeed:\n");
            table(out, notOk, t -> local(t.iri()), RunReportWriter::taskLine);
        }
        if (!compensations.isEmpty()) {
            out.append("\ncompensation:\n");
            table(out, compensations, t -> local(t.iri()), RunReportWriter::taskLine);
        }
        if (!r.gates().isEmpty()) {
            out.append("\ngates:\n");
            table(out, r.gates(), g -> local(g.iri()), g -> {
                String line = g.state() == GateState.UNCHECKED ? "unchecked (prose)" : name(g.state());
                return g.reason().isEmpty() ? line : line + ": " + g.reason();
            });
        }
        if (!r.contentions().isEmpty()) {
            out.append("\ncontentions (a task waited for a resource another was writing):\n");
            for (Contention c : r.contentions()) {
                out.append("  \"").append(c.resource()).append("\": ").append(local(c.waiter())).append(" waited for ")
                        .append(local(c.holder())).append(" — ")
                        .append(c.conflict().map(k -> "declared " + local(k.iri()) + ", " + name(k.resolution()))
                                .orElse("undeclared, serialized by the engine"))
                        .append('\n');
            }
        }
        out.append("\ncontext store: ").append(r.store().hits()).append(r.store().hits() == 1 ? " hit, " : " hits, ")
                .append(r.store().misses()).append(r.store().misses() == 1 ? " miss\n" : " misses\n");

        out.append('\n');
        if (r.slos().isEmpty()) {
            out.append("SLOs: the spec declares no metrics\n");
        } else {
            out.append("SLOs:\n");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"metric", "baseline → target → measured", "status", "improvement", "unit"});
            for (SloRow s : r.slos()) {
                PlanMetric m = s.metric();
                rows.add(new String[] {
                    m.label(),
                    number(m.baseline()) + " → " + (m.minimize() ? "≤ " : "≥ ") + number(m.target()) + " → "
                            + s.measured().map(RunReportWriter::number).orElse("-"),
                    s.met().map(met -> met ? "met" : "not met").orElse("not measured") + (s.cached() ? " (cached)" : ""),
                    s.improvement().map(i -> number(i.setScale(2, RoundingMode.HALF_UP)) + "x").orElse("-"),
                    m.unit() == null ? "" : m.unit()});
            }
            int[] width = new int[5];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < row.length; i++) {
                    line.append(i < row.length - 1 ? pad(row[i], width[i]) + "  " : row[i]);
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    private static String taskLine(TaskRun t) {
        String state = name(t.state());
        StringBuilder line = new StringBuilder(state);
        int tries = t.attempts().size();
        if (tries > 1) {
            line.append(" after ").append(tries).append(" attempts");
        }
        String reason = t.reason();
        if (reason.startsWith(state + ": ")) { // "cancelled: fail-fast after …" says its state once
            reason = reason.substring(state.length() + 2);
        }
        if (!reason.isEmpty()) {
            line.append(": ").append(reason);
        }
        return line.toString();
    }

    private static <T> void table(StringBuilder out, List<T> items, Function<T, String> key, Function<T, String> value) {
        int width = items.stream().mapToInt(i -> key.apply(i).length()).max().orElse(0);
        for (T item : items) {
            out.append("  ").append(pad(key.apply(item), width)).append("  ").append(value.apply(item)).append('\n');
        }
    }

    private static String taskCounts(List<TaskRun> tasks) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        tasks.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((s, c) -> parts.add(c + " " + name(s)));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String gateCounts(List<GateOutcome> gates) {
        Map<GateState, Integer> counts = new EnumMap<>(GateState.class);
        gates.forEach(g -> counts.merge(g.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((s, c) -> parts.add(c + " " + name(s)));
        return String.join(", ", parts);
    }

    /** A compensation task that ran (or was stopped); one that was not needed ends skipped without running. */
    private static boolean ran(TaskRun t) {
        return t.state() != TaskState.SKIPPED || !t.attempts().isEmpty();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String number(BigDecimal d) {
        if (d == null) {
            return "?";
        }
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** The time scale to three significant digits (the JSON has it exactly). */
    private static String scale(double s) {
        return number(new BigDecimal(s).round(new MathContext(3)));
    }

    // ------------------------------------------------------------------ JSON

    static String json(RunResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", JSON_SCHEMA);
        root.put("run", r.runIri());
        root.put("startedAt", r.startedAt().toString());
        root.put("outcome", key(r.outcome()));
        root.put("workers", r.workers());
        root.put("timeScale", r.timeScale().isPresent() ? r.timeScale().getAsDouble() : null);
        root.put("virtualTime", r.virtualTime());
        root.put("wallTimeMs", r.wallTime().toMillis());
        root.put("totalTaskTimeMs", r.totalTaskTime().toMillis());
        root.put("speedup", r.wallTime().isZero() || r.totalTaskTime().isZero() ? null : r.speedup());
        root.put("lowerBoundMs", r.lowerBound().toMillis());
        root.put("estimatedMakespanMs", r.plan().estimatedMakespan(r.workers()).toMillis());
        root.put("simulatedMakespanMs", r.simulatedMakespan().map(Duration::toMillis).orElse(null));
        root.put("tasks", Json.array(r.tasks(), t -> Json.object(
                "iri", t.iri(), "label", t.task().label(), "agent", t.task().agent(), "phase", t.task().phase(),
                "state", key(t.state()), "reason", t.reason(), "compensation", t.compensation(),
                "attempts", Json.array(t.attempts(), a -> Json.object(
                        "number", a.number(), "state", key(a.state()), "startMs", a.start().toMillis(),
                        "endMs", a.end().toMillis(), "reason", a.reason())))));
        root.put("gates", Json.array(r.gates(), g -> Json.object(
                "iri", g.iri(), "label", g.gate().label(), "state", key(g.state()), "reason", g.reason(),
                "evaluatedAtMs", g.evaluatedAt().map(Duration::toMillis).orElse(null),
                "conditions", Json.array(g.conditions(), c -> Json.object(
                        "kind", key(c.kind()), "value", c.value(), "status", key(c.status()), "detail", c.detail())))));
        root.put("slos", Json.array(r.slos(), s -> Json.object(
                "metric", s.metric().iri(), "label", s.metric().label(),
                "direction", s.metric().minimize() ? "minimize" : "maximize",
                "baseline", decimal(s.metric().baseline()), "target", decimal(s.metric().target()),
                "measured", s.measured().map(RunReportWriter::decimal).orElse(null),
                "met", s.met().orElse(null),
                "cached", s.cached(),
                "improvement", s.improvement().map(RunReportWriter::decimal).orElse(null),
                "unit", s.metric().unit())));
        root.put("contentions", Json.array(r.contentions(), c -> Json.object(
                "resource", c.resource(), "holder", c.holder(), "waiter", c.waiter(),
                "conflict", c.conflict().map(PlanConflict::iri).orElse(null), "resolution", key(c.resolution()))));
        root.put("store", Json.object("hits", r.store().hits(), "misses", r.store().misses()));
        return Json.write(root);
    }

    private static Double decimal(BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }

    // ------------------------------------------------------------------ shared

    /** An enum constant as written in text: lower case, words separated by a space. */
    /** The speedup, or "–" when there was no work or no time to compare (a ratio over zero means nothing). */
    private static String speedup(RunResult r) {
        return r.wallTime().isZero() || r.totalTaskTime().isZero() ? "–" : String.format(Locale.ROOT, "%.2f", r.speedup());
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** An enum constant as written in JSON: lower case with underscores, as in the plan schema. */
    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String local(String iri) {
        return Iris.localName(iri);
    }

}
