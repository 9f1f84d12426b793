package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import io.specgraph.store.TaskSuccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The up-to-date checks of an incremental run, made before anything runs ({@link Engine#explain}). A real check
 * happens when the task would start, after its upstream work is done and hashed; here that work has not run, so
 * a part of a fingerprint that a running task writes (an input it produces, its outputs' hashes, its fingerprint
 * when that covers such a part) is unknown. A task runs when a part known now differs from its earlier success,
 * or when an upstream task's fingerprint certainly changes (a part of it known now differs from the success the
 * task was compared with); it only may run when nothing but unknown parts could differ; it is cached when
 * everything is known and equal and its outputs are as that success left them. Reads files and the store, writes
 * nothing.
 */
final class UpToDatePreview {
    private final Engine engine;
    private final Plan plan;
    private final Function<PlanTask, TaskHandler> handlerOf;
    private final Map<String, TaskSuccess> earlier;

    /** Fingerprints known before anything runs. */
    private final Map<String, String> fingerprints = new HashMap<>();
    /** Tasks whose fingerprint certainly differs from that of their earlier success. */
    private final Set<String> changed = new HashSet<>();
    /** Output hashes known before anything runs: a cached task's, and the none of a task that declares none. */
    private final Map<String, SortedMap<String, String>> outputs = new HashMap<>();
    /** Tasks that run or may run, whose declared outputs are therefore unknown. */
    private final Set<String> running = new HashSet<>();
    /** Tasks that run or may run, outputs or not: an upstream task among them "re-ran" in a reason. */
    private final Set<String> ran = new HashSet<>();
    private final List<String[]> writtenByRunning = new ArrayList<>();

    UpToDatePreview(Engine engine, Plan plan, Function<PlanTask, TaskHandler> handlerOf) {
        this.engine = engine;
        this.plan = plan;
        this.handlerOf = handlerOf;
        this.earlier = engine.store.lastSuccessesReadOnly(plan.tasks().stream().map(PlanTask::iri).toList());
    }

    /** The verdicts of the plan's scheduled tasks, each after what it depends on. */
    List<RunExplanation.Task> explain() {
        List<RunExplanation.Task> out = new ArrayList<>();
        for (List<String> level : plan.levels()) {
            for (String id : level) {
                PlanTask t = plan.task(id).orElse(null);
                if (t != null && !t.compensation()) {
                    out.add(explain(t));
                }
            }
        }
        return out;
    }

    private RunExplanation.Task explain(PlanTask t) {
        SortedMap<String, String> now = UpToDateChecks.ownParts(plan, t, handlerOf.apply(t));
        Set<String> unknownKeys = new HashSet<>();
        Set<String> unknownPrefixes = new HashSet<>();
        Set<String> because = new LinkedHashSet<>();
        for (String path : t.inputs()) {
            List<String> writers = writers(path);
            if (writers.isEmpty()) {
                now.put("input " + path, WorkFingerprints.content(engine.baseDirectory.resolve(path)));
            } else {
                unknownKeys.add("input " + path);
                because.addAll(writers);
            }
        }
        List<String> upstream = UpToDateChecks.upstream(plan, t);
        for (String up : upstream) {
            String fingerprint = fingerprints.get(up);
            if (fingerprint != null) {
                now.put("upstream " + up, fingerprint);
            } else {
                unknownKeys.add("upstream " + up);
                because.add(up);
            }
            SortedMap<String, String> hashes = outputs.get(up);
            if (hashes != null) {
                hashes.forEach((path, hash) -> now.put("upstream-output " + up + " " + path, hash));
            } else {
                unknownPrefixes.add("upstream-output " + up + " ");
                because.add(up);
            }
        }
        boolean known = unknownKeys.isEmpty() && unknownPrefixes.isEmpty();
        if (known) {
            fingerprints.put(t.iri(), WorkFingerprints.of(now));
        }

        TaskSuccess prior = earlier.get(t.iri());
        List<CheckReason> certain = new ArrayList<>();
        if (prior != null) {
            SortedMap<String, String> was = new TreeMap<>();
            prior.parts().forEach((key, value) -> {
                if (!unknownKeys.contains(key) && unknownPrefixes.stream().noneMatch(key::startsWith)) {
                    was.put(key, value);
                }
            });
            if (!was.equals(now)) {
                certain.addAll(UpToDateChecks.differences(engine.locator, ran, t, was, now));
            }
            for (String up : upstream) {
                // an upstream fingerprint not known yet still certainly differs from the one this task's success
                // counted when that was its own last success's, and a part of it known now differs from that success
                TaskSuccess upPrior = earlier.get(up);
                if (!fingerprints.containsKey(up) && changed.contains(up) && upPrior != null
                        && upPrior.fingerprint().equals(prior.parts().get("upstream " + up))) {
                    certain.add(CheckReason.of(ran.contains(up) ? CheckReason.Kind.UPSTREAM_RERAN : CheckReason.Kind.UPSTREAM_CHANGED, up));
                }
            }
            if (known ? !fingerprints.get(t.iri()).equals(prior.fingerprint()) : !certain.isEmpty()) {
                changed.add(t.iri());
            }
        }

        List<CheckReason> reasons = new ArrayList<>();
        RunExplanation.Verdict verdict;
        CheckReason forced = UpToDateChecks.mustRun(engine, plan, t, prior);
        if (forced != null) {
            reasons.add(forced);
            verdict = RunExplanation.Verdict.RUNS;
        } else if (!certain.isEmpty()) {
            reasons.addAll(certain);
            verdict = RunExplanation.Verdict.RUNS;
        } else if (!known) {
            because.forEach(up -> reasons.add(CheckReason.of(CheckReason.Kind.UPSTREAM_RUNS, up)));
            verdict = RunExplanation.Verdict.MAY_RUN;
        } else {
            reasons.addAll(UpToDateChecks.outputsChanged(engine, t, prior));
            verdict = reasons.isEmpty() ? RunExplanation.Verdict.CACHED : RunExplanation.Verdict.RUNS;
            if (reasons.isEmpty()) {
                reasons.add(new CheckReason(CheckReason.Kind.UNCHANGED, "", "", "", "", prior.runId()));
            }
        }
        if (verdict == RunExplanation.Verdict.CACHED) {
            outputs.put(t.iri(), prior.outputs());
            return task(t, verdict, reasons);
        }
        ran.add(t.iri());
        if (t.outputs().isEmpty()) {
            outputs.put(t.iri(), new TreeMap<>());
        } else {
            running.add(t.iri());
            t.outputs().forEach(path -> writtenByRunning.add(new String[] {path, t.iri()}));
        }
        return task(t, verdict, reasons);
    }

    private static RunExplanation.Task task(PlanTask t, RunExplanation.Verdict verdict, List<CheckReason> reasons) {
        return new RunExplanation.Task(t.iri(), verdict,
                reasons.stream().map(r -> new RunExplanation.Reason(r.kind().term, r.sentence())).toList());
    }

    /** The tasks that run and write the path, or a file in it, or the folder it is in. */
    private List<String> writers(String path) {
        String p = trimmed(path);
        List<String> out = new ArrayList<>();
        for (String[] written : writtenByRunning) {
            String q = trimmed(written[0]);
            if (p.equals(q) || p.startsWith(q + "/") || q.startsWith(p + "/")) {
                out.add(written[1]);
            }
        }
        return out;
    }

    private static String trimmed(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
