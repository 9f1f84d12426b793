package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanWriter;
import io.specgraph.store.NewRun;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import io.specgraph.store.RunWriter;
import io.specgraph.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run as its store keeps it, for the engine: what a new run is registered with (its origin, the engine's
 * settings, the plan and each node's fingerprint), the check that a resumed or inspected run has the same plan
 * and settings, and its journal read back.
 */
final class StoredRun {
    private StoredRun() {}

    /**
     * What a new run of {@code plan} is registered with. The plan's JSON is written when the store asks for it: the
     * disk store writes it at once, the in-memory store only for a history query.
     */
    static NewRun registration(Engine engine, Plan plan, RunOrigin origin) {
        SortedMap<String, String> options = new TreeMap<>(origin.options());
        options.putAll(settings(engine));
        int workers = engine.workers;
        return NewRun.withPlanWrittenWhenAsked(origin.spec(), options, origin.sources(), plan.specGraph(),
                out -> PlanWriter.compactJson(plan, workers, out), TaskFingerprints.of(plan), engine.clock.instant());
    }

    /** The run a user named, or a clear refusal. */
    static RunInfo find(RunStore store, String runId) {
        return store.find(runId).orElseThrow(() -> new StoreException("no run " + runId + " in " + store.location()
                + "; `specgraph runs` lists the runs"));
    }

    /**
     * Refuses a plan or settings that differ from the run's.
     *
     * @throws RunRefusedException naming what differs, and for a changed spec the nodes concerned
     */
    static void checkSame(Engine engine, NewRun registered, Plan plan) {
        List<String> changedNodes = new ArrayList<>();
        List<String> problems = changes(engine, registered, plan, changedNodes);
        if (!problems.isEmpty()) {
            throw new RunRefusedException(problems, changedNodes);
        }
    }

    /** The journal of a run, read back. */
    static List<CoreInput> journal(RunStore store, Plan plan, String runId) {
        Map<String, PlanMetric> metrics = new HashMap<>();
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        List<CoreInput> journal = new ArrayList<>();
        List<String> entries = store.journal(runId);
        for (int i = 0; i < entries.size(); i++) {
            try {
                journal.add(JournalEntries.decode(entries.get(i), metrics));
            } catch (RuntimeException e) {
                throw new StoreException("entry " + (i + 1) + " of the journal of run " + runId + " in " + store.location()
                        + " cannot be read (" + e.getMessage() + "); the run cannot be resumed, start it again", e);
            }
        }
        return journal;
    }

    /** Names the run being inspected; nothing is written. */
    record ReadOnlyWriter(String runId) implements RunWriter {
        @Override
        public void append(List<String> entries) {
            throw new IllegalStateException("an inspected run is not written");
        }

        @Override
        public void sync() {
        }

        @Override
        public void progress(RunInfo.Progress progress) {
        }

        @Override
        public List<io.specgraph.store.GateDecision> decisionsAfter(int seen) {
            return List.of();
        }

        @Override
        public void saveRecord(org.apache.jena.graph.Graph record, RunInfo.Progress progress) {
        }

        @Override
        public void saveRecord(io.specgraph.record.RunRecord record, RunInfo.Progress progress) {
        }

        @Override
        public void close() {
        }
    }

    /** What differs between a registered run and this plan and engine, for a person; empty when nothing does. */
    private static List<String> changes(Engine engine, NewRun registered, Plan plan, List<String> changedNodes) {
        List<String> out = new ArrayList<>();
        Map<String, String> now = settings(engine);
        String incremental = RunOrigin.ENGINE_PREFIX + "incremental";
        if (registered.options().containsKey(incremental) && !now.containsKey(incremental)) {
            out.add("the run was started incremental (tasks checked for being up to date), this engine is not; resume it with the same settings");
        }
        now.forEach((k, v) -> {
            String was = registered.options().get(k);
            if (!v.equals(was)) {
                out.add("the run was started with " + k.substring(RunOrigin.ENGINE_PREFIX.length()) + " " + was + ", this engine has " + v
                        + "; resume it with the same settings");
            }
        });
        Map<String, String> fingerprints = TaskFingerprints.of(plan);
        List<String> changed = new ArrayList<>();
        registered.fingerprints().forEach((iri, fp) -> {
            String current = fingerprints.get(iri);
            if (current == null) {
                changed.add(iri + " (removed)");
                changedNodes.add(iri);
            } else if (!current.equals(fp)) {
                changed.add(iri + " (changed)");
                changedNodes.add(iri);
            }
        });
        fingerprints.keySet().stream().filter(iri -> !registered.fingerprints().containsKey(iri)).forEach(iri -> {
            changed.add(iri + " (added)");
            changedNodes.add(iri);
        });
        if (!changed.isEmpty()) {
            out.add("the spec changed since the run started, for " + String.join(", ", changed)
                    + "; resume runs exactly the plan it started with: restore the spec, or start a new run");
        }
        return out;
    }

    /** The settings a resumed run must share with the run it continues (they decide what the core decides). */
    static SortedMap<String, String> settings(Engine e) {
        SortedMap<String, String> s = new TreeMap<>();
        String p = RunOrigin.ENGINE_PREFIX;
        s.put(p + "workers", Integer.toString(e.workers));
        s.put(p + "failurePolicy", e.failurePolicy.name());
        s.put(p + "retries", Integer.toString(e.retries));
        s.put(p + "backoff", e.backoff.toString());
        s.put(p + "maxBackoff", e.maxBackoff.toString());
        s.put(p + "timeout", String.valueOf(e.timeout));
        s.put(p + "gateTimeout", e.gateTimeout.toString());
        s.put(p + "cancelGrace", e.cancelGrace.toString());
        s.put(p + "simulate", e.simulate ? (e.virtualTime ? "virtual" : Double.toString(e.timeScale)) : "no");
        s.put(p + "order", e.order.name());
        if (e.checksUpToDate()) {
            // only when on, so that runs registered before incremental runs existed resume as they were
            s.put(p + "incremental", "yes");
        }
        return s;
    }

}
