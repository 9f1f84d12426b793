package io.specgraph.run;

import io.specgraph.internal.Json;
import io.specgraph.plan.Action;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanFormat;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.vocab.SG;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;

/**
 * Writes a finished run as a Workflow Run RO-Crate following the Provenance Run Crate profile 0.5
 * (https://w3id.org/ro/wfrun/provenance/0.5), the form WorkflowHub, Nextflow's nf-prov and cwltool's run crates
 * take: a folder with {@code ro-crate-metadata.json}, the spec files, the plan ({@code plan.json}, the crate's
 * workflow) and the PROV-O run record ({@code record.ttl}).
 *
 * <p>In the crate the plan is a {@code ComputationalWorkflow} whose steps ({@code HowToStep}) are the tasks, each
 * carried out by a tool (the task's action, a {@code SoftwareApplication}); the run is a {@code CreateAction} of
 * the plan; each task attempt a {@code CreateAction} of its tool, with its agent, start, end, status, declared
 * inputs and outputs and measurements, orchestrated by a {@code ControlAction} of its step; the engine's work an
 * {@code OrganizeAction} of specgraph. An attempt's {@code @id} is its IRI in the run record, so the two can be
 * joined. Gate evaluations are in the record only: the profile has no place for a check between steps.
 */
public final class RunCrateWriter {
    /** The profiles the crate conforms to, with their names. */
    static final Map<String, String> PROFILES = profiles();

    private static final String METADATA = "ro-crate-metadata.json";
    private static final String PLAN = "plan.json";
    private static final String RECORD = "record.ttl";
    private static final String RUN = "#run";
    private static final String ENGINE = "#specgraph";
    private static final String ENGINE_RUN = "#specgraph-run";
    private static final String LANGUAGE = "#specgraph-plan";

    private RunCrateWriter() {}

    private static Map<String, String> profiles() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("https://w3id.org/ro/wfrun/process/0.5", "Process Run Crate");
        p.put("https://w3id.org/ro/wfrun/workflow/0.5", "Workflow Run Crate");
        p.put("https://w3id.org/ro/wfrun/provenance/0.5", "Provenance Run Crate");
        p.put("https://w3id.org/workflowhub/workflow-ro-crate/1.0", "Workflow RO-Crate");
        return p;
    }

    /**
     * Writes the crate of a finished run into {@code dir} (created if missing; files of the same names are
     * replaced). {@code sources} are the spec's files (as {@link io.specgraph.load.LoadedSpec#sources()} names
     * them); when one of them is not a readable file (a spec loaded from a string or a resource), the spec is
     * written as one Turtle file made from its graph instead.
     *
     * @throws UncheckedIOException when the folder or a file cannot be written
     */
    public static void write(Path dir, RunResult result, List<String> sources) {
        try {
            Files.createDirectories(dir);
            List<String> specFiles = writeSpec(dir, result.plan(), sources);
            Files.writeString(dir.resolve(PLAN), PlanWriter.write(result.plan(), PlanFormat.JSON, result.workers()),
                    StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(dir.resolve(RECORD))) {
                result.record().writeTurtle(out);
            }
            Files.writeString(dir.resolve(METADATA), Json.write(metadata(result, specFiles)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run crate to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Copies the spec's files under spec/, or writes the spec's graph when they are not all files; returns their paths. */
    private static List<String> writeSpec(Path dir, Plan plan, List<String> sources) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("spec"));
        List<Path> files = new ArrayList<>();
        for (String source : sources) {
            Path file = Path.of(source);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                files = null;
                break;
            }
            files.add(file);
        }
        List<String> written = new ArrayList<>();
        if (files == null || files.isEmpty()) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("spec.ttl"))) {
                RDFDataMgr.write(out, plan.specGraph(), Lang.TURTLE);
            }
            written.add("spec/spec.ttl");
            return written;
        }
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            for (int n = 2; !names.add(name); n++) { // two sources of one name from different folders
                name = n + "-" + file.getFileName();
            }
            Files.copy(file, folder.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            written.add("spec/" + name);
        }
        return written;
    }

    private static Map<String, Object> metadata(RunResult result, List<String> specFiles) {
        Plan plan = result.plan();
        Graph record = result.record().graph();
        List<Object> graph = new ArrayList<>();
        Instant ended = runEnd(record, result);

        graph.add(Json.object("@id", METADATA, "@type", "CreativeWork", "about", ref("./"),
                "conformsTo", List.of(ref("https://w3id.org/ro/crate/1.1"), ref("https://w3id.org/workflowhub/workflow-ro-crate/1.0"))));
        List<Object> parts = new ArrayList<>(List.of(ref(PLAN), ref(RECORD)));
        specFiles.forEach(f -> parts.add(ref(f)));
        String[] titleAndGoal = titleAndGoal(plan.specGraph());
        graph.add(Json.object("@id", "./", "@type", "Dataset",
                "name", "Run of " + titleAndGoal[0],
                "description", "A " + (result.timeScale().isPresent() || result.virtualTime() ? "simulated " : "")
                        + "specgraph run of " + titleAndGoal[0] + (titleAndGoal[1] == null ? "" : ": " + titleAndGoal[1]),
                "datePublished", ended.toString(),
                "conformsTo", PROFILES.keySet().stream().map(RunCrateWriter::ref).toList(),
                "hasPart", parts, "mainEntity", ref(PLAN), "mentions", List.of(ref(RUN))));
        PROFILES.forEach((iri, name) -> graph.add(Json.object("@id", iri, "@type", "CreativeWork", "name", name,
                "version", iri.substring(iri.lastIndexOf('/') + 1))));
        for (String file : specFiles) {
            graph.add(Json.object("@id", file, "@type", "File", "name", file.substring("spec/".length()),
                    "encodingFormat", "text/turtle"));
        }
        graph.add(Json.object("@id", RECORD, "@type", "File", "name", "PROV-O run record",
                "encodingFormat", "text/turtle", "conformsTo", ref("http://www.w3.org/ns/prov-o#")));
        graph.add(Json.object("@id", "http://www.w3.org/ns/prov-o#", "@type", "CreativeWork", "name", "PROV-O"));

        // the workflow: the plan, its steps (tasks) and their tools (the tasks' actions)
        List<PlanTask> tasks = plan.tasks();
        graph.add(Json.object("@id", PLAN, "@type", List.of("File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo"),
                "name", titleAndGoal[0], "encodingFormat", "application/json",
                "programmingLanguage", ref(LANGUAGE),
                "hasPart", Json.array(tasks, t -> ref(tool(t))),
                "step", Json.array(tasks, t -> ref(step(t)))));
        graph.add(Json.object("@id", LANGUAGE, "@type", "ComputerLanguage", "name", "specgraph plan",
                "identifier", ref(PlanWriter.JSON_SCHEMA), "url", ref("https://w3id.org/specgraph")));
        for (int i = 0; i < tasks.size(); i++) {
            PlanTask t = tasks.get(i);
            graph.add(Json.object("@id", step(t), "@type", "HowToStep", "name", t.label(), "position", Integer.toString(i),
                    "workExample", ref(tool(t))));
            graph.add(Json.object("@id", tool(t), "@type", "SoftwareApplication", "name", t.label(),
                    "description", describe(t.action()), "url", ref(t.iri())));
        }
        for (PlanAgent agent : plan.agents()) {
            graph.add(Json.object("@id", agent.iri(), "@type", "Organization", "name", agent.label(),
                    "description", "a worker role of the spec (sg:Agent)"
                            + (agent.responsibility() == null ? "" : ": " + agent.responsibility())));
        }

        // what happened: the run, each attempt, the steps orchestrating them, the engine organising it all
        Map<String, Node> attempts = attemptNodes(record);
        Map<Node, List<Object>> measured = measurements(record, plan, graph);
        List<Object> controls = new ArrayList<>();
        List<Object> outputs = new ArrayList<>();
        for (TaskRun run : result.tasks()) {
            PlanTask t = run.task();
            for (Attempt attempt : run.attempts()) {
                Node node = attempts.get(t.iri() + " " + attempt.number());
                String id = node != null ? node.getURI() : "#" + local(t) + "-attempt-" + attempt.number();
                Map<String, Object> action = Json.object("@id", id, "@type", "CreateAction",
                        "name", t.label() + (attempt.number() > 1 ? " (attempt " + attempt.number() + ")" : ""),
                        "instrument", ref(tool(t)), "agent", ref(t.agent()),
                        "startTime", attempt.startedAt().toString(), "endTime", attempt.endedAt().toString(),
                        "actionStatus", ref(attempt.state() == TaskState.SUCCEEDED
                                ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus"));
                if (attempt.state() != TaskState.SUCCEEDED && attempt.reason() != null && !attempt.reason().isEmpty()) {
                    action.put("error", attempt.reason());
                }
                List<Object> in = paths(graph, t, "inputs", t.inputs());
                if (!in.isEmpty()) {
                    action.put("object", in);
                }
                List<Object> out = new ArrayList<>();
                if (attempt.state() == TaskState.SUCCEEDED) {
                    out.addAll(paths(graph, t, "outputs", t.outputs()));
                    outputs.addAll(out);
                }
                if (node != null) {
                    out.addAll(measured.getOrDefault(node, List.of()));
                }
                if (!out.isEmpty()) {
                    action.put("result", out);
                }
                graph.add(action);
                String control = id.startsWith("#") ? id + "-control" : "#control-" + id.substring(id.lastIndexOf(":task:") + 1);
                graph.add(Json.object("@id", control, "@type", "ControlAction", "name", "orchestrate " + t.label(),
                        "instrument", ref(step(t)), "object", ref(id)));
                controls.add(ref(control));
            }
        }
        List<Object> results = new ArrayList<>(List.of(ref(RECORD)));
        results.addAll(outputs);
        Map<String, Object> run = Json.object("@id", RUN, "@type", "CreateAction", "name", "Run of " + titleAndGoal[0],
                "instrument", ref(PLAN), "object", specFiles.stream().map(RunCrateWriter::ref).toList(),
                "startTime", result.startedAt().toString(), "endTime", ended.toString(),
                "actionStatus", ref(result.succeeded()
                        ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus"),
                "result", results, "identifier", result.runIri());
        if (!result.succeeded()) {
            run.put("error", "the run " + result.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + "; the attempts' errors and the gates' outcomes are in " + RECORD);
        }
        graph.add(run);
        graph.add(Json.object("@id", ENGINE, "@type", "SoftwareApplication", "name", "specgraph",
                "url", ref("https://w3id.org/specgraph"), "version", version()));
        graph.add(Json.object("@id", ENGINE_RUN, "@type", "OrganizeAction", "name", "specgraph run",
                "instrument", ref(ENGINE), "object", controls, "result", ref(RUN),
                "startTime", result.startedAt().toString(), "endTime", ended.toString()));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("@context", List.of("https://w3id.org/ro/crate/1.1/context", "https://w3id.org/ro/terms/workflow-run/context"));
        root.put("@graph", graph);
        return root;
    }

    /** The declared paths of a task as PropertyValues (they are paths in the task's work folder, not in the crate). */
    private static List<Object> paths(List<Object> graph, PlanTask t, String kind, List<String> paths) {
        List<Object> refs = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String id = "#" + local(t) + "-" + kind + "-" + i;
            if (graph.stream().noneMatch(e -> e instanceof Map<?, ?> m && id.equals(m.get("@id")))) {
                graph.add(Json.object("@id", id, "@type", "PropertyValue", "name", kind.equals("inputs") ? "input" : "output",
                        "value", paths.get(i), "propertyID", ref(SG.NS + kind)));
            }
            refs.add(ref(id));
        }
        return refs;
    }

    /** Each measurement of the record as a PropertyValue, by the attempt that generated it. */
    private static Map<Node, List<Object>> measurements(Graph record, Plan plan, List<Object> graph) {
        Map<String, PlanMetric> metrics = new HashMap<>();
        plan.metrics().forEach(m -> metrics.put(m.iri(), m));
        Map<Node, List<Object>> byAttempt = new HashMap<>();
        Node generatedBy = NodeFactory.createURI("http://www.w3.org/ns/prov#wasGeneratedBy");
        for (Triple t : record.find(Node.ANY, RDF.type.asNode(), SG.Measurement).toList()) {
            Node m = t.getSubject();
            Node attempt = object(record, m, generatedBy);
            Node metric = object(record, m, SG.metric);
            Node value = object(record, m, SG.value);
            if (attempt == null || metric == null || value == null) {
                continue;
            }
            PlanMetric known = metrics.get(metric.getURI());
            Map<String, Object> entity = Json.object("@id", m.getURI(), "@type", "PropertyValue",
                    "name", known != null ? known.label() : PlanWriter.local(metric.getURI()),
                    "propertyID", ref(metric.getURI()), "value", value.getLiteralLexicalForm());
            if (known != null && known.unit() != null) {
                entity.put("unitText", known.unit());
            }
            graph.add(entity);
            byAttempt.computeIfAbsent(attempt, k -> new ArrayList<>()).add(ref(m.getURI()));
        }
        return byAttempt;
    }

    /** The record's attempt nodes by "task-IRI attempt-number". */
    private static Map<String, Node> attemptNodes(Graph record) {
        Map<String, Node> nodes = new HashMap<>();
        for (Triple t : record.find(Node.ANY, RDF.type.asNode(), SG.TaskAttempt).toList()) {
            Node task = object(record, t.getSubject(), SG.task);
            Node number = object(record, t.getSubject(), SG.attempt);
            if (task != null && number != null) {
                nodes.put(task.getURI() + " " + number.getLiteralLexicalForm(), t.getSubject());
            }
        }
        return nodes;
    }

    private static Instant runEnd(Graph record, RunResult result) {
        Node end = object(record, NodeFactory.createURI(result.runIri()),
                NodeFactory.createURI("http://www.w3.org/ns/prov#endedAtTime"));
        return end != null ? Instant.parse(end.getLiteralLexicalForm()) : result.startedAt().plus(result.wallTime());
    }

    private static String[] titleAndGoal(Graph spec) {
        Node title = NodeFactory.createURI("http://purl.org/dc/terms/title");
        for (Triple t : spec.find(Node.ANY, RDF.type.asNode(), SG.Spec).toList()) {
            Node name = object(spec, t.getSubject(), title);
            Node goal = object(spec, t.getSubject(), SG.goal);
            return new String[] {name != null ? name.getLiteralLexicalForm() : PlanWriter.local(t.getSubject().toString()),
                    goal != null ? goal.getLiteralLexicalForm() : null};
        }
        return new String[] {"a spec", null};
    }

    private static Node object(Graph graph, Node subject, Node predicate) {
        var it = graph.find(subject, predicate, Node.ANY);
        return it.hasNext() ? it.next().getObject() : null;
    }

    private static String describe(Action action) {
        return switch (action.kind()) {
            case COMMAND -> "runs the command: " + action.value();
            case HANDLER -> "runs the handler the host registered as \"" + action.value() + "\"";
            case NONE -> "the spec gives no action (planned with allowUnclosed)";
        };
    }

    private static String local(PlanTask t) {
        return PlanWriter.local(t.iri());
    }

    private static String step(PlanTask t) {
        return PLAN + "#step-" + local(t);
    }

    private static String tool(PlanTask t) {
        return PLAN + "#tool-" + local(t);
    }

    private static Map<String, Object> ref(String id) {
        return Json.object("@id", id);
    }

    private static String version() {
        String v = RunCrateWriter.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }
}
