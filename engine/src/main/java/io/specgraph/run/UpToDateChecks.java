package io.specgraph.run;

import io.specgraph.internal.Recorder;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanTask;
import io.specgraph.store.RunStore;
import io.specgraph.store.TaskSuccess;
import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
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
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * The driver's side of an incremental run: answers the core's {@link CoreDecision.CheckUpToDate} with a
 * {@link CoreInput.TaskChecked} (reading files and the store, which the core must not), and keeps in the store
 * what each successful attempt left. On the scheduling thread only.
 *
 * <p>A task's fingerprint covers its statements that decide its work ({@link WorkFingerprints#statements}), its
 * handler's version, the content of each declared input, and each upstream task's fingerprint and output hashes
 * in this run. Upstream tasks are those it {@code sg:dependsOn}, a gate standing for the tasks it requires. The
 * check happens when the task would start, so upstream work of this run is done and hashed by then.
 */
final class UpToDateChecks {
    private final Engine engine;
    private final Plan plan;
    private final RunNodes nodes;
    private final String runId;
    private final Function<Integer, TaskHandler> handlerOf;
    private Map<String, TaskSuccess> earlier;
    /** Per task of this run: its fingerprint and its parts, when checked. */
    private final Map<String, String> fingerprints = new HashMap<>();
    private final Map<String, SortedMap<String, String>> parts = new HashMap<>();
    /** Per task of this run that succeeded or was cached: its outputs' hashes. */
    private final Map<String, SortedMap<String, String>> outputs = new HashMap<>();
    /** Tasks whose check said they run. */
    private final Set<String> ran = new HashSet<>();
    /** Per node, what the running attempt measured (metric IRI to value). */
    private final Map<Integer, Map<String, BigDecimal>> measuredBy = new HashMap<>();
    private final List<TaskSuccess> toKeep = new ArrayList<>();

    UpToDateChecks(Engine engine, Plan plan, RunNodes nodes, String runId, Function<Integer, TaskHandler> handlerOf) {
        this.engine = engine;
        this.plan = plan;
        this.nodes = nodes;
        this.runId = runId;
        this.handlerOf = handlerOf;
    }

    /** The store's last successes of the plan's tasks, read once, when the first check needs them. */
    private Map<String, TaskSuccess> earlier() {
        if (earlier == null) {
            earlier = engine.store.lastSuccesses(plan.tasks().stream().map(PlanTask::iri).toList());
        }
        return earlier;
    }

    /** Decides whether the task at {@code v} is up to date, and why. */
    CoreInput.TaskChecked check(long at, int v) {
        PlanTask t = nodes.task[v];
        SortedMap<String, String> now = partsOf(v);
        String fingerprint = WorkFingerprints.of(now);
        fingerprints.put(t.iri(), fingerprint);
        parts.put(t.iri(), now);
        List<CheckReason> reasons = new ArrayList<>();
        TaskSuccess prior = earlier().get(t.iri());
        CheckReason forced = mustRun(engine, plan, t, prior);
        if (forced != null) {
            reasons.add(forced);
        } else if (!prior.fingerprint().equals(fingerprint)) {
            reasons.addAll(differences(t, prior.parts(), now));
        } else {
            reasons.addAll(outputsChanged(engine, t, prior));
        }
        if (!reasons.isEmpty()) {
            ran.add(t.iri());
            return new CoreInput.TaskChecked(at, v, fingerprint, false, reasons, null, null, Map.of());
        }
        outputs.put(t.iri(), prior.outputs());
        Map<String, BigDecimal> measured = new HashMap<>();
        prior.measurements().forEach((metric, value) -> measured.put(metric, new BigDecimal(value)));
        Object output = prior.output().isEmpty() ? null : DurableOutputs.decode(prior.output());
        return new CoreInput.TaskChecked(at, v, fingerprint, true,
                List.of(new CheckReason(CheckReason.Kind.UNCHANGED, "", "", "", "", prior.runId())), prior.attemptIri(), output, measured);
    }

    /**
     * The reason the task runs whatever its fingerprint, in the order the check asks: a rerun was asked, it is not
     * cacheable, or the store has no success of it; null when its fingerprint decides.
     */
    static CheckReason mustRun(Engine engine, Plan plan, PlanTask t, TaskSuccess prior) {
        if (engine.rerunAll) {
            return CheckReason.of(CheckReason.Kind.RERUN_ASKED, "--rerun-all");
        } else if (engine.rerun.contains(t.iri())) {
            return CheckReason.of(CheckReason.Kind.RERUN_ASKED, "--rerun");
        } else if (!cacheable(plan, t)) {
            return CheckReason.of(CheckReason.Kind.NOT_CACHEABLE, "sg:cacheable false");
        } else if (t.outputs().isEmpty()) {
            return CheckReason.of(CheckReason.Kind.NOT_CACHEABLE, "no declared outputs");
        } else if (prior == null) {
            return CheckReason.of(CheckReason.Kind.NO_EARLIER_SUCCESS, "");
        }
        return null;
    }

    /** The declared outputs of the task that are not, now, as its earlier success left them. */
    static List<CheckReason> outputsChanged(Engine engine, PlanTask t, TaskSuccess prior) {
        List<CheckReason> reasons = new ArrayList<>();
        for (String path : t.outputs()) {
            String hash = WorkFingerprints.content(engine.baseDirectory.resolve(path));
            String was = prior.outputs().getOrDefault(path, WorkFingerprints.MISSING);
            if (hash.equals(WorkFingerprints.MISSING)) {
                reasons.add(CheckReason.of(CheckReason.Kind.OUTPUT_MISSING, path));
            } else if (!hash.equals(was)) {
                reasons.add(new CheckReason(CheckReason.Kind.OUTPUT_CHANGED, path, was, hash, "", ""));
            }
        }
        return reasons;
    }

    /** Everything the fingerprint of the task at v covers, now. */
    private SortedMap<String, String> partsOf(int v) {
        PlanTask t = nodes.task[v];
        SortedMap<String, String> now = ownParts(plan, t, handlerOf.apply(v));
        for (String path : t.inputs()) {
            now.put("input " + path, WorkFingerprints.content(resolve(path)));
        }
        for (String up : upstream(plan, t)) {
            now.put("upstream " + up, fingerprints.getOrDefault(up, "none"));
            outputs.getOrDefault(up, new TreeMap<>()).forEach((path, hash) -> now.put("upstream-output " + up + " " + path, hash));
        }
        return now;
    }

    /** The parts of a task's fingerprint that are its own: its statements that decide its work, its handler's version. */
    static SortedMap<String, String> ownParts(Plan plan, PlanTask t, TaskHandler h) {
        SortedMap<String, String> now = new TreeMap<>();
        WorkFingerprints.statements(plan.specGraph(), t.iri()).forEach((p, hash) -> now.put("statement " + p, hash));
        String version = h == null ? "" : h.version();
        if (!version.isEmpty()) {
            now.put("handler", version);
        }
        return now;
    }

    /** Why the fingerprint differs from the one of the earlier success, part by part. */
    private List<CheckReason> differences(PlanTask t, SortedMap<String, String> was, SortedMap<String, String> now) {
        return differences(engine.locator, ran, t, was, now);
    }

    /**
     * Why {@code now} differs from {@code was}, part by part; an upstream task in {@code ran} "re-ran", any other
     * "changed since its last success".
     */
    static List<CheckReason> differences(StatementLocator locator, Set<String> ran, PlanTask t, SortedMap<String, String> was,
                                         SortedMap<String, String> now) {
        List<CheckReason> out = new ArrayList<>();
        Set<String> upstreamChanged = new LinkedHashSet<>();
        Set<String> keys = new java.util.TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            String before = was.getOrDefault(key, "");
            String after = now.getOrDefault(key, "");
            if (before.equals(after)) {
                continue;
            }
            if (key.startsWith("statement ")) {
                String property = key.substring("statement ".length());
                out.add(new CheckReason(CheckReason.Kind.DEFINITION_CHANGED, property, before, after,
                        locator.locate(t.iri(), property).orElse(""), ""));
            } else if (key.equals("handler")) {
                out.add(new CheckReason(CheckReason.Kind.HANDLER_CHANGED, "", before, after, "", ""));
            } else if (key.startsWith("input ")) {
                out.add(new CheckReason(CheckReason.Kind.INPUT_CHANGED, key.substring("input ".length()),
                        before.isEmpty() ? WorkFingerprints.MISSING : before, after.isEmpty() ? WorkFingerprints.MISSING : after, "", ""));
            } else if (key.startsWith("upstream-output ")) {
                String rest = key.substring("upstream-output ".length());
                upstreamChanged.add(rest.substring(0, rest.indexOf(' ')));
            } else if (key.startsWith("upstream ")) {
                upstreamChanged.add(key.substring("upstream ".length()));
            }
        }
        for (String up : upstreamChanged) {
            out.add(CheckReason.of(ran.contains(up) ? CheckReason.Kind.UPSTREAM_RERAN : CheckReason.Kind.UPSTREAM_CHANGED, up));
        }
        if (out.isEmpty()) {
            out.add(CheckReason.of(CheckReason.Kind.DEFINITION_CHANGED, "")); // a part the earlier version of specgraph counted
        }
        return out;
    }

    /** The tasks t depends on: those it names, and for a gate it names, the tasks the gate requires. */
    static List<String> upstream(Plan plan, PlanTask t) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(t.dependsOn());
        while (!todo.isEmpty()) {
            String iri = todo.remove(todo.size() - 1);
            if (!seen.add(iri)) {
                continue;
            }
            if (plan.task(iri).isPresent()) {
                out.add(iri);
            } else {
                plan.gate(iri).map(PlanGate::requires).ifPresent(todo::addAll);
            }
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(null);
        return sorted;
    }

    static boolean cacheable(Plan plan, PlanTask t) {
        Node task = NodeFactory.createURI(t.iri());
        Graph spec = plan.specGraph();
        return spec.find(task, SG.term("cacheable"), Node.ANY).toList().stream()
                .noneMatch(tr -> tr.getObject().isLiteral() && "false".equals(tr.getObject().getLiteralLexicalForm()));
    }

    private Path resolve(String path) {
        return engine.baseDirectory.resolve(path);
    }

    private SortedMap<String, String> hashOutputs(PlanTask t) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String path : t.outputs()) {
            out.put(path, WorkFingerprints.content(resolve(path)));
        }
        return out;
    }

    // ------------------------------------------------------------------ what the run tells

    /** An attempt of the task at v starts: what it measures is its own. */
    void attemptStarted(int v) {
        measuredBy.remove(v);
    }

    void measured(int v, String metricIri, BigDecimal value) {
        measuredBy.computeIfAbsent(v, k -> new HashMap<>()).put(metricIri, value);
    }

    /**
     * The task at v succeeded with {@code output}: its outputs are hashed (for what depends on it) and, when it
     * declares outputs, its success is kept for later runs.
     */
    void succeeded(int v, int attempt, String attemptIri, Object output, Instant at) {
        PlanTask t = nodes.task[v];
        SortedMap<String, String> hashes = hashOutputs(t);
        outputs.put(t.iri(), hashes);
        if (t.outputs().isEmpty() || v >= nodes.n) {
            return;
        }
        SortedMap<String, String> counted = parts.computeIfAbsent(t.iri(), k -> partsOf(v));
        Map<String, String> measured = new TreeMap<>();
        measuredBy.getOrDefault(v, Map.of()).forEach((metric, value) -> measured.put(metric, value.toPlainString()));
        toKeep.add(TaskSuccess.of(runId, t.iri(), attemptIri, at, WorkFingerprints.of(counted), counted, hashes, measured,
                DurableOutputs.encode(output)));
    }

    /** A resumed run's journal said the task at v was checked: its fingerprint is the one computed then. */
    void replayed(CoreInput.TaskChecked c) {
        String iri = nodes.task[c.node()].iri();
        fingerprints.put(iri, c.fingerprint());
        if (!c.upToDate()) {
            ran.add(iri);
        }
    }

    /** After a resumed run's replay: the outputs of what succeeded or was cached before, hashed as they are now. */
    void replayedEnded(int v) {
        outputs.put(nodes.task[v].iri(), hashOutputs(nodes.task[v]));
    }

    /** Writes the successes kept since the last call to the store, in one write. */
    void flush() {
        if (!toKeep.isEmpty()) {
            engine.store.keepSuccesses(List.copyOf(toKeep));
            toKeep.clear();
        }
    }

    /** The record's form of a check's reasons. */
    static List<Recorder.Reason> recorded(List<CheckReason> reasons) {
        List<Recorder.Reason> out = new ArrayList<>(reasons.size());
        for (CheckReason r : reasons) {
            boolean path = switch (r.kind()) {
                case INPUT_CHANGED, OUTPUT_MISSING, OUTPUT_CHANGED -> true;
                default -> false;
            };
            boolean upstream = r.kind() == CheckReason.Kind.UPSTREAM_RERAN || r.kind() == CheckReason.Kind.UPSTREAM_CHANGED;
            boolean property = r.kind() == CheckReason.Kind.DEFINITION_CHANGED && !r.subject().isEmpty();
            out.add(new Recorder.Reason(r.kind().term, r.sentence(), path ? r.subject() : null, upstream ? r.subject() : null,
                    property ? r.subject() : null, r.before().isEmpty() ? null : r.before(), r.after().isEmpty() ? null : r.after(),
                    r.location().isEmpty() ? null : r.location()));
        }
        return out;
    }
}
