package io.specgraph.report;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.RunResult;
import io.specgraph.record.RecordedChecks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's section on an incremental run: for every task that was checked for being up to date, whether it
 * was cached or ran, why (the reasons its check gave), and which earlier attempt a cached task reused. Read from
 * the run's record ({@link RecordedChecks}), so a report made later from the store says the same as one made at the
 * end of the run.
 */
final class CachedTasks {
    /** One task's check: its verdict, its reasons in the order given, and the attempt a cached task reused. */
    private record Checked(PlanTask task, boolean cached, List<String> reasons, String reusedFrom) {}

    private final RunResult result;

    CachedTasks(RunResult result) {
        this.result = result;
    }

    void render(Markup m) {
        m.open("section", "id", "cached").element("h2", "Cached tasks and why the others ran");
        List<Checked> checks = checks();
        if (checks.isEmpty()) {
            m.element("p", "No task was checked for being up to date: every task ran (an incremental run needs a run "
                    + "store and real handlers; --rerun-all and simulated runs check nothing).", "class", "note");
            m.close("section").newline();
            return;
        }
        long cached = checks.stream().filter(Checked::cached).count();
        m.element("p", cached + " of " + checks.size() + " checked tasks were up to date and did not run; "
                + (checks.size() - cached) + " ran.", "class", "note");
        m.open("table").open("thead").open("tr");
        for (String h : new String[] {"task", "state", "why", "reused"}) {
            m.element("th", h);
        }
        m.close("tr").close("thead").open("tbody");
        for (Checked c : checks.stream().limit(Sections.MAX_ROWS).toList()) {
            String state = c.cached() ? "cached" : "ran";
            m.open("tr").element("td", c.task().label())
                    .open("td").element("span", state, "class", "state s-" + state).close("td")
                    .element("td", Gantt.shorten(String.join("; ", c.reasons()), 600))
                    .element("td", c.reusedFrom() == null ? "–" : runOf(c.reusedFrom())).close("tr");
        }
        m.close("tbody").close("table");
        if (checks.size() > Sections.MAX_ROWS) {
            m.element("p", "… and " + (checks.size() - Sections.MAX_ROWS) + " more tasks (specgraph why RUN TASK "
                    + "answers for each).", "class", "note");
        }
        m.close("section").newline();
    }

    /** The checks of the record, cached tasks first, each group in plan order. */
    private List<Checked> checks() {
        Plan plan = result.plan();
        Map<String, Integer> order = new HashMap<>();
        List<PlanTask> tasks = plan.tasks();
        for (int i = 0; i < tasks.size(); i++) {
            order.put(tasks.get(i).iri(), i);
        }
        List<Checked> out = new ArrayList<>();
        for (RecordedChecks.Check c : RecordedChecks.of(result.record().graph()).values()) {
            // a check of a task this plan no longer has: nothing to show it against
            plan.task(c.taskIri()).ifPresent(task -> out.add(new Checked(task, c.reused(), c.reasons(), c.cachedFrom())));
        }
        out.sort(Comparator.comparing((Checked c) -> !c.cached()).thenComparingInt(c -> order.getOrDefault(c.task().iri(), 0)));
        return out;
    }

    /** The run an earlier attempt belongs to, as {@code specgraph runs} names it. */
    private static String runOf(String attemptIri) {
        String prefix = "urn:specgraph:run:";
        if (attemptIri.startsWith(prefix)) {
            String rest = attemptIri.substring(prefix.length());
            int colon = rest.indexOf(':');
            return "run " + (colon < 0 ? rest : rest.substring(0, colon));
        }
        return PlanWriter.local(attemptIri);
    }
}
