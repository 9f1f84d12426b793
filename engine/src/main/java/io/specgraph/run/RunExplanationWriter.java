package io.specgraph.run;

import io.specgraph.internal.Iris;
import io.specgraph.internal.Json;
import io.specgraph.plan.PlanEstimate;
import io.specgraph.plan.PlanWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a {@link RunExplanation} as text for people or as JSON (schema {@value #JSON_SCHEMA}); {@code specgraph
 * run --explain} prints it.
 */
public final class RunExplanationWriter {
    /** Identifier of the JSON schema; changes when a field is removed or changes meaning. */
    public static final String JSON_SCHEMA = "https://w3id.org/specgraph/schema/explain/1";

    private RunExplanationWriter() {}

    /** The explanation in the given format, ending with a newline. */
    public static String write(RunExplanation e, RunReportFormat format) {
        return switch (format) {
            case TEXT -> text(e);
            case JSON -> json(e);
        };
    }

    private static String text(RunExplanation e) {
        StringBuilder out = new StringBuilder();
        int runs = e.with(RunExplanation.Verdict.RUNS).size();
        int may = e.with(RunExplanation.Verdict.MAY_RUN).size();
        int cached = e.with(RunExplanation.Verdict.CACHED).size();
        out.append("nothing was run; a run now would run ").append(count(runs)).append(", leave ").append(cached)
                .append(" cached").append(may == 0 ? "" : " and run " + may + " more if what they depend on changes its outputs")
                .append(" (of ").append(count(e.tasks().size())).append(")\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"task", "would", "why"});
        for (RunExplanation.Task t : e.tasks()) {
            rows.add(new String[] {Iris.localName(t.iri()), verdict(t.verdict()),
                t.reasons().stream().map(RunExplanation.Reason::sentence).collect(Collectors.joining("; "))});
        }
        int[] width = new int[2];
        for (String[] row : rows) {
            width[0] = Math.max(width[0], row[0].length());
            width[1] = Math.max(width[1], row[1].length());
        }
        for (String[] row : rows) {
            out.append("  ").append(row[0]).append(" ".repeat(width[0] - row[0].length() + 2))
                    .append(row[1]).append(" ".repeat(width[1] - row[1].length() + 2)).append(row[2]).append('\n');
        }
        out.append('\n');
        out.append("estimated makespan with ").append(e.workers()).append(e.workers() == 1 ? " worker: " : " workers: ")
                .append(PlanWriter.human(e.remaining().makespan())).append(" (the whole plan: ")
                .append(PlanWriter.human(e.plan().makespan())).append(")").append(may == 0 ? "" : ", counting the tasks that may run")
                .append('\n');
        out.append("critical path: ").append(PlanWriter.human(e.remaining().criticalPath().length())).append(path(e, e.remaining()))
                .append(" (the whole plan: ").append(PlanWriter.human(e.plan().criticalPath().length())).append(path(e, e.plan()))
                .append(")\n");
        return out.toString();
    }

    /** The tasks on a critical path that take time in it, as " (a → b)", or "" when none does. */
    private static String path(RunExplanation e, PlanEstimate estimate) {
        Set<String> left = new HashSet<>();
        if (estimate == e.remaining()) {
            e.with(RunExplanation.Verdict.CACHED).forEach(t -> left.add(t.iri()));
        }
        Set<String> tasks = new HashSet<>();
        e.tasks().forEach(t -> tasks.add(t.iri()));
        List<String> on = estimate.criticalPath().nodes().stream().filter(n -> tasks.contains(n) && !left.contains(n))
                .map(Iris::localName).toList();
        return on.isEmpty() ? "" : ": " + String.join(" → ", on);
    }

    private static String count(int tasks) {
        return tasks + (tasks == 1 ? " task" : " tasks");
    }

    private static String verdict(RunExplanation.Verdict v) {
        return switch (v) {
            case RUNS -> "run";
            case MAY_RUN -> "may run";
            case CACHED -> "cached";
        };
    }

    private static String json(RunExplanation e) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", JSON_SCHEMA);
        root.put("workers", e.workers());
        root.put("counts", Json.object("runs", e.with(RunExplanation.Verdict.RUNS).size(),
                "mayRun", e.with(RunExplanation.Verdict.MAY_RUN).size(), "cached", e.with(RunExplanation.Verdict.CACHED).size()));
        root.put("tasks", Json.array(e.tasks(), t -> Json.object("iri", t.iri(), "verdict", t.verdict().name().toLowerCase(Locale.ROOT),
                "reasons", Json.array(t.reasons(), r -> Json.object("kind", r.kind(), "reason", r.sentence())))));
        root.put("plan", estimate(e.plan()));
        root.put("remaining", estimate(e.remaining()));
        return Json.write(root);
    }

    private static Map<String, Object> estimate(PlanEstimate estimate) {
        return Json.object("estimatedMakespanMs", estimate.makespan().toMillis(),
                "criticalPath", Json.object("lengthMs", estimate.criticalPath().length().toMillis(), "nodes", estimate.criticalPath().nodes()));
    }
}
