package io.specgraph.report;

import io.specgraph.closure.CategoryCoverage;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Severity;
import io.specgraph.closure.Violation;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.ConditionOutcome;
import io.specgraph.run.Contention;
import io.specgraph.run.GateOutcome;
import io.specgraph.run.GateState;
import io.specgraph.run.RunResult;
import io.specgraph.run.SloRow;
import io.specgraph.run.TaskRun;
import io.specgraph.run.TaskState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The report's tables: the summary at the top, gate outcomes with each condition, the SLO table, the tasks that
 * did not succeed or needed retries, contentions, the closure summary and the planner's warnings. A table longer
 * than {@value #MAX_ROWS} rows shows its first rows and says how many it left out.
 */
final class Sections {
    static final int MAX_ROWS = 200;
    /** The PREFIX lines of an ASK query: the same in every condition, they would hide what it asks. */
    private static final Pattern PREFIXES = Pattern.compile("(?i)\\bPREFIX\\s+[^\\s:]*:\\s*<[^>]*>");

    private final RunResult result;
    private final Plan plan;

    private final Estimate expected;

    Sections(RunResult result, Estimate expected) {
        this.result = result;
        this.expected = expected;
        this.plan = result.plan();
    }

    void header(Markup m, String title, boolean closure) {
        m.open("header").element("h1", title);
        String outcome = name(result.outcome());
        m.open("p", "class", "outcome o-" + outcome).text("run " + outcome).close("p");
        List<TaskRun> scheduled = result.tasks().stream().filter(t -> !t.compensation()).toList();
        Map<TaskState, Integer> tasks = new EnumMap<>(TaskState.class);
        scheduled.forEach(t -> tasks.merge(t.state(), 1, Integer::sum));
        Map<GateState, Integer> gates = new EnumMap<>(GateState.class);
        result.gates().forEach(g -> gates.merge(g.state(), 1, Integer::sum));
        int w = result.workers();
        String makespan = result.virtualTime() ? PlanWriter.human(result.wallTime()) + " (spec time)"
                : result.simulatedMakespan().map(d -> PlanWriter.human(d) + " in spec time (" + PlanWriter.human(result.wallTime())
                        + " wall)").orElse(PlanWriter.human(result.wallTime()));
        m.open("dl", "class", "figures");
        figure(m, "tasks", scheduled.size() + " (" + counts(tasks) + ")");
        figure(m, "gates", result.gates().isEmpty() ? "none" : result.gates().size() + " (" + counts(gates) + ")");
        figure(m, "makespan", makespan);
        figure(m, "estimated", PlanWriter.human(expected.makespan()) + " with " + w + (w == 1 ? " worker" : " workers"));
        figure(m, "lower bound", PlanWriter.human(expected.lowerBound()));
        figure(m, "critical path", PlanWriter.human(plan.criticalPath().length()));
        figure(m, "speedup", result.wallTime().isZero() || result.totalTaskTime().isZero() ? "–"
                : String.format(Locale.ROOT, "%.2f", result.speedup()));
        figure(m, "context store", result.store().hits() + " hits, " + result.store().misses() + " misses");
        m.close("dl");
        m.open("nav").open("a", "href", "#timeline").text("Timeline").close("a").text(" · ")
                .open("a", "href", "#plan").text("Plan").close("a").text(" · ")
                .open("a", "href", "#gates").text("Gates").close("a").text(" · ")
                .open("a", "href", "#slos").text("SLOs").close("a").text(" · ")
                .open("a", "href", "#tasks").text("Tasks").close("a").text(" · ")
                .open("a", "href", "#cached").text("Cached").close("a").text(" · ")
                .open("a", "href", "#contentions").text("Contentions").close("a");
        if (closure) {
            m.text(" · ").open("a", "href", "#closure").text("Closure").close("a");
        }
        m.close("nav");
        m.close("header").newline();
    }

    private static void figure(Markup m, String name, String value) {
        m.open("div").element("dt", name).element("dd", value).close("div");
    }

    void gates(Markup m) {
        m.open("section", "id", "gates").element("h2", "Gates");
        if (result.gates().isEmpty()) {
            m.element("p", "The plan has no gates.", "class", "note").close("section").newline();
            return;
        }
        m.open("table").open("thead").open("tr");
        for (String h : new String[] {"gate", "state", "evaluated at", "condition", "status", "detail"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (GateOutcome g : result.gates().stream().limit(MAX_ROWS).toList()) {
            List<ConditionOutcome> conditions = g.conditions();
            int span = Math.max(1, conditions.size());
            String state = g.state() == GateState.UNCHECKED ? "unchecked (prose)" : name(g.state());
            for (int i = 0; i < span; i++) {
                m.open("tr", "class", i == 0 ? "first" : null);
                if (i == 0) {
                    String rs = span > 1 ? Integer.toString(span) : null;
                    m.open("td", "rowspan", rs).text(g.gate().label()).close("td");
                    m.open("td", "rowspan", rs).element("span", state, "class", "state g-" + key(g.state())).close("td");
                    m.element("td", g.evaluatedAt().map(at -> PlanWriter.human(Timeline.shown(result, at))).orElse("–"),
                            "rowspan", rs);
                }
                if (conditions.isEmpty()) {
                    m.element("td", "–").element("td", "").element("td", g.reason());
                } else {
                    ConditionOutcome c = conditions.get(i);
                    m.open("td").text(conditionName(c.kind())).element("code", " " + Gantt.shorten(shortValue(c), 120))
                            .close("td");
                    m.open("td").element("span", name(c.status()), "class", "state c-" + key(c.status())).close("td");
                    m.element("td", c.detail());
                }
                m.close("tr");
            }
        }
        m.close("tbody").close("table");
        more(m, result.gates().size(), Math.min(MAX_ROWS, result.gates().size()), "gates");
        m.close("section").newline();
    }

    private static String shortValue(ConditionOutcome c) {
        if (c.kind() == ConditionOutcome.Kind.APPROVAL) {
            return String.join(", ", java.util.Arrays.stream(c.value().split(" ")).map(PlanWriter::local).toList());
        }
        return c.kind() == ConditionOutcome.Kind.METRIC_MET || c.kind() == ConditionOutcome.Kind.REQUIREMENTS
                ? PlanWriter.local(c.value()) : PREFIXES.matcher(c.value()).replaceAll("").replaceAll("\\s+", " ").trim();
    }

    private static String conditionName(ConditionOutcome.Kind kind) {
        return switch (kind) {
            case REQUIREMENTS -> "requirements";
            case METRIC_MET -> "sg:metricMet";
            case ASK -> "sg:ask";
            case PREDICATE -> "sg:predicate";
            case PROSE -> "prose";
            case APPROVAL -> "sg:approval";
        };
    }

    void slos(Markup m) {
        m.open("section", "id", "slos").element("h2", "SLOs");
        if (result.slos().isEmpty()) {
            m.element("p", "The spec declares no metrics.", "class", "note").close("section").newline();
            return;
        }
        m.open("table").open("thead").open("tr");
        for (String h : new String[] {"metric", "baseline", "target", "measured", "status", "improvement", "unit"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (SloRow s : result.slos().stream().limit(MAX_ROWS).toList()) {
            PlanMetric metric = s.metric();
            String status = s.met().map(met -> met ? "met" : "not met").orElse("not measured");
            m.open("tr").element("td", metric.label()).element("td", number(metric.baseline()), "class", "num")
                    .element("td", (metric.minimize() ? "≤ " : "≥ ") + number(metric.target()), "class", "num")
                    .element("td", s.measured().map(Sections::number).orElse("–"), "class", "num")
                    .open("td").element("span", status, "class", "state m-" + status.replace(' ', '-')).close("td")
                    .element("td", s.improvement().map(i -> number(i.setScale(2, RoundingMode.HALF_UP)) + "×").orElse("–"),
                            "class", "num")
                    .element("td", metric.unit() == null ? "" : metric.unit()).close("tr");
        }
        m.close("tbody").close("table");
        more(m, result.slos().size(), Math.min(MAX_ROWS, result.slos().size()), "metrics");
        m.close("section").newline();
    }

    void tasks(Markup m) {
        m.open("section", "id", "tasks").element("h2", "Tasks that did not succeed, were retried or compensated");
        List<TaskRun> shown = new ArrayList<>();
        for (TaskRun t : result.tasks()) {
            boolean compensationRan = t.compensation() && (t.state() != TaskState.SKIPPED || !t.attempts().isEmpty());
            // a cached task is a success whose work was done by an earlier run: its own section says so
            boolean ok = t.state() == TaskState.SUCCEEDED || t.state() == TaskState.CACHED;
            if ((!t.compensation() && !ok) || t.attempts().size() > 1 || compensationRan) {
                shown.add(t);
            }
        }
        if (shown.isEmpty()) {
            long ran = result.tasks().stream().filter(t -> !t.compensation()).count();
            long cached = result.tasks().stream().filter(t -> t.state() == TaskState.CACHED).count();
            m.element("p", cached == 0 ? "All " + ran + " tasks succeeded at their first attempt; no compensation ran."
                    : "All " + ran + " tasks succeeded at their first attempt or were up to date (" + cached
                            + " cached); no compensation ran.", "class", "note");
            m.close("section").newline();
            return;
        }
        m.open("table").open("thead").open("tr");
        for (String h : new String[] {"task", "agent", "state", "attempts", "reason"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (TaskRun t : shown.stream().limit(MAX_ROWS).toList()) {
            String agent = plan.agents().stream().filter(a -> a.iri().equals(t.task().agent())).map(a -> a.label())
                    .findFirst().orElse(t.task().agent() == null ? "–" : PlanWriter.local(t.task().agent()));
            m.open("tr").open("td").text(t.task().label()).text(t.compensation() ? " (compensation)" : "").close("td")
                    .element("td", agent)
                    .open("td").element("span", name(t.state()), "class", "state s-" + key(t.state())).close("td")
                    .element("td", Integer.toString(t.attempts().size()), "class", "num")
                    .open("td").text(Gantt.shorten(t.reason(), 600));
            if (t.attempts().size() > 1) {
                m.open("ol", "class", "attempts");
                t.attempts().forEach(a -> m.element("li", name(a.state()) + " after "
                        + PlanWriter.human(Timeline.shown(result, a.duration()))
                        + (a.reason().isEmpty() ? "" : ": " + Gantt.shorten(a.reason(), 300))));
                m.close("ol");
            }
            m.close("td").close("tr");
        }
        m.close("tbody").close("table");
        more(m, shown.size(), Math.min(MAX_ROWS, shown.size()), "tasks");
        m.close("section").newline();
    }

    void contentions(Markup m) {
        m.open("section", "id", "contentions").element("h2", "Contentions");
        if (result.contentions().isEmpty()) {
            m.element("p", "No task waited for a resource another was writing.", "class", "note").close("section").newline();
            return;
        }
        m.open("table").open("thead").open("tr");
        for (String h : new String[] {"resource", "waited", "for", "declared conflict", "resolution"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (Contention c : result.contentions().stream().limit(MAX_ROWS).toList()) {
            m.open("tr").open("td").element("code", c.resource()).close("td")
                    .element("td", taskLabel(c.waiter())).element("td", taskLabel(c.holder()))
                    .element("td", c.conflict().map(k -> k.label()).orElse("none: serialized by the engine"))
                    .element("td", name(c.resolution())).close("tr");
        }
        m.close("tbody").close("table");
        more(m, result.contentions().size(), Math.min(MAX_ROWS, result.contentions().size()), "contentions");
        m.close("section").newline();
    }

    static void closure(Markup m, ClosureReport closure) {
        m.open("section", "id", "closure").element("h2", "Closure of the spec");
        m.element("p", closure.summary(), "class", "outcome " + (closure.closed() ? "o-succeeded" : "o-failed"));
        m.open("table").open("thead").open("tr");
        for (String h : new String[] {"category", "checks", "failed", "passing"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (CategoryCoverage c : closure.coverage()) {
            m.open("tr").element("td", c.category()).element("td", Integer.toString(c.total()), "class", "num")
                    .element("td", Integer.toString(c.failed()), "class", "num")
                    .element("td", String.format(Locale.ROOT, "%.1f%%", c.percent()), "class", "num").close("tr");
        }
        m.close("tbody").close("table");
        List<Violation> violations = closure.violations(Severity.VIOLATION);
        if (!violations.isEmpty()) {
            m.element("p", "The run went ahead on a spec that is not closed; what was left out:");
            m.open("ul", "class", "violations");
            violations.stream().limit(MAX_ROWS).forEach(v -> m.open("li")
                    .element("code", v.location().isEmpty() ? v.ruleId() : v.location() + " [" + v.ruleId() + "]")
                    .text(" " + v.message()).close("li"));
            m.close("ul");
            more(m, violations.size(), Math.min(MAX_ROWS, violations.size()), "violations");
        }
        m.close("section").newline();
    }

    void warnings(Markup m) {
        if (plan.warnings().isEmpty()) {
            return;
        }
        m.open("section", "id", "warnings").element("h2", "Planner warnings").open("ul");
        plan.warnings().stream().limit(MAX_ROWS).forEach(w -> m.element("li", w));
        m.close("ul");
        more(m, plan.warnings().size(), Math.min(MAX_ROWS, plan.warnings().size()), "warnings");
        m.close("section").newline();
    }

    private static void more(Markup m, int total, int shown, String what) {
        if (total > shown) {
            m.element("p", "… and " + (total - shown) + " more " + what + " (the JSON report lists every one).", "class", "note");
        }
    }

    private String taskLabel(String iri) {
        return plan.task(iri).map(PlanTask::label).orElse(PlanWriter.local(iri));
    }

    private static <E extends Enum<E>> String counts(Map<E, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((s, c) -> parts.add(c + " " + name(s)));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String number(BigDecimal d) {
        if (d == null) {
            return "?";
        }
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
