package io.specgraph.cli;

import io.specgraph.record.RecordedChecks;
import io.specgraph.vocab.SG;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Graph;

/**
 * What {@code specgraph why RUN TASK} prints, from the checks the run's record keeps ({@link RecordedChecks}).
 */
final class WhyReasons {
    private WhyReasons() {}

    /**
     * What {@code specgraph why RUN TASK} prints: whether the task ran or was cached in the run, and each reason.
     *
     * @throws io.specgraph.store.StoreException when the run has no such task or no record yet
     */
    static List<String> answer(io.specgraph.store.RunStore store, String runId, String task) {
        Graph spec = store.registration(runId).specGraph();
        String wanted = task.startsWith(":") ? task.substring(1) : task;
        List<String> tasks = spec.find(org.apache.jena.graph.Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), SG.term("Task"))
                .mapWith(t -> t.getSubject()).filterKeep(n -> n.isURI()).mapWith(n -> n.getURI()).toList();
        String iri = tasks.stream().filter(t -> t.equals(wanted) || io.specgraph.plan.PlanWriter.local(t).equals(wanted)).findFirst()
                .orElseThrow(() -> new io.specgraph.store.StoreException("run " + runId + " has no task " + task
                        + "; give a task's local name or IRI"));
        Graph record = store.record(runId).orElseThrow(() -> new io.specgraph.store.StoreException("run " + runId
                + " has no record yet (it is saved when the run stops); ask again when it has stopped"));
        RecordedChecks.Check why = RecordedChecks.of(record).get(iri);
        String name = io.specgraph.plan.PlanWriter.local(iri);
        if (why == null) {
            return List.of(name + " was not checked for being up to date in run " + runId + " (a run with --store none or"
                    + " --simulate, or one that stopped before the task was reached): it runs whenever the run reaches it.");
        }
        List<String> out = new ArrayList<>();
        out.add(name + (why.reused() ? " was cached (not run) in run " : " ran in run ") + runId + ":");
        why.reasons().forEach(r -> out.add("  " + r));
        return out;
    }
}
