package io.specgraph.plan;

import io.specgraph.internal.Iris;
import io.specgraph.internal.JsonStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link Plan} as a text summary, JSON (schema {@value #JSON_SCHEMA}, documented in
 * {@code docs/plan.md}), a Mermaid flowchart or a Graphviz digraph. The output depends only on the plan,
 * so the same spec always gives byte-identical output.
 */
public final class PlanWriter {
    /** Identifier of the JSON schema; changes when a field is removed or changes meaning. */
    public static final String JSON_SCHEMA = "https://w3id.org/specgraph/schema/plan/1";

    private PlanWriter() {}

    /**
     * The plan in the given format; {@code workers} sets the worker count of the bounds and estimates
     * in the text and JSON forms.
     */
    public static String write(Plan plan, PlanFormat format, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        return switch (format) {
            case TEXT -> text(plan, workers);
            case JSON -> json(plan, workers);
            case MERMAID -> mermaid(plan);
            case DOT -> dot(plan);
        };
    }

    // ------------------------------------------------------------------ text

    static String text(Plan plan, int workers) {
        StringBuilder out = new StringBuilder();
        long scheduled = plan.nodes().stream().filter(n -> n.kind() == PlanNode.Kind.TASK).count();
        out.append("plan: ").append(plan.phases().size()).append(" phases, ").append(scheduled).append(" tasks, ")
                .append(plan.gates().size()).append(" gates, ").append(plan.agents().size()).append(" agents; ")
                .append(plan.pipelined() ? "pipelined (declared edges only)" : "strict phases").append('\n');
        Map<String, Integer> level = levelOf(plan);
        for (PlanPhase phase : plan.phases()) {
            String title = phase.label().toLowerCase(Locale.ROOT).startsWith("phase " + phase.order())
                    ? phase.label() : "phase " + phase.order() + ": " + phase.label();
            out.append('\n').append(title);
            List<PlanNode> tasks = plan.nodes().stream()
                    .filter(n -> n.kind() == PlanNode.Kind.TASK && phase.iri().equals(n.phase())).toList();
            out.append(" (").append(tasks.size()).append(tasks.size() == 1 ? " task" : " tasks");
            if (phase.maxParallel() > 0) {
                out.append(", at most ").append(phase.maxParallel()).append(" at once");
            }
            out.append(")\n");
            Map<Integer, List<String>> byLevel = new java.util.TreeMap<>();
            for (PlanNode t : tasks) {
                byLevel.computeIfAbsent(level.get(t.id()), k -> new ArrayList<>())
                        .add(local(t.id()) + " " + human(t.duration()));
            }
            byLevel.forEach((l, names) -> out.append("  level ").append(l).append(": ").append(String.join(", ", names)).append('\n'));
            for (PlanGate g : plan.gates()) {
                if (phase.iri().equals(g.closes())) {
                    out.append("  closed by gate ").append(local(g.iri())).append(" (").append(g.conditions().size())
                            .append(g.conditions().size() == 1 ? " condition" : " conditions").append(")\n");
                }
            }
        }
        List<PlanGate> free = plan.gates().stream().filter(g -> g.closes() == null).toList();
        if (!free.isEmpty()) {
            out.append("\ngates closing no phase: ")
                    .append(String.join(", ", free.stream().map(g -> local(g.iri())).toList())).append('\n');
        }
        CriticalPath cp = plan.criticalPath();
        out.append("\ncritical path (").append(atLeast(plan, cp.length())).append("): ")
                .append(String.join(" → ", cp.nodes().stream().map(PlanWriter::local).toList())).append('\n');
        out.append("sequential ").append(atLeast(plan, plan.totalWork()))
                .append(", critical path ").append(atLeast(plan, cp.length()))
                .append(", lower bound with ").append(workers).append(workers == 1 ? " worker " : " workers ")
                .append(atLeast(plan, plan.lowerBound(workers)))
                .append(", estimated with ").append(workers).append(workers == 1 ? " worker " : " workers ")
                .append(plan.durationsKnown() ? human(plan.estimatedMakespan(workers)) : "unknown").append('\n');
        if (!plan.durationsKnown()) {
            out.append(plan.unknownDurations().size()).append(plan.unknownDurations().size() == 1 ? " task has" : " tasks have")
                    .append(" no estimated duration: figures of time are lower limits (see warnings)\n");
        }
        out.append("levels ").append(plan.levels().size()).append(", widest level ").append(plan.maxWidth())
                .append(plan.maxWidth() == 1 ? " task" : " tasks").append('\n');
        List<WriteConflict> conflicts = plan.writeConflicts();
        if (!conflicts.isEmpty()) {
            out.append("\nshared writes that may overlap:\n");
            for (WriteConflict c : conflicts) {
                out.append("  \"").append(c.resource()).append("\": ").append(local(c.first())).append(" ∥ ")
                        .append(local(c.second())).append(" — ")
                        .append(c.resolved() ? "declared, " + c.declared().resolution().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                                : "undeclared, serialized by the engine")
                        .append('\n');
            }
        }
        if (!plan.warnings().isEmpty()) {
            out.append("\nwarnings:\n");
            plan.warnings().forEach(w -> out.append("  ").append(w).append('\n'));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ JSON

    /**
     * The plan as {@link PlanFormat#JSON} has it, on one line without indentation: for a machine to keep (a run
     * store registers every run's plan), where the indentation would be most of the text.
     */
    public static String compactJson(Plan plan, int workers) {
        checkWorkers(workers);
        // about 850 characters a node (its task entry, its node entry and its edges): the buffer grows at most once
        StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, 1024L * (plan.nodes().size() + 8)));
        json(plan, workers, JsonStream.into(out, false));
        return out.toString();
    }

    /**
     * {@link #compactJson(Plan, int)} written to {@code out} as it is made: a store writing a large plan to a file
     * then holds no text of megabytes (nor its copy as bytes), only a piece of it at a time.
     */
    public static void compactJson(Plan plan, int workers, java.io.Writer out) throws java.io.IOException {
        checkWorkers(workers);
        JsonStream json = JsonStream.into(out, false);
        try {
            json(plan, workers, json);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        json.flush();
    }

    private static void checkWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
    }

    static String json(Plan plan, int workers) {
        StringBuilder out = new StringBuilder(1024 * (plan.nodes().size() + 8));
        json(plan, workers, JsonStream.into(out, true));
        return out.append('\n').toString();
    }

    /**
     * The plan's JSON, a member at a time: one description of the format for the indented and the compact text,
     * and no tree of maps for a plan of 100k tasks, whose JSON a run store writes for every run.
     */
    private static void json(Plan plan, int workers, JsonStream out) {
        out.beginObject();
        out.field("schema", JSON_SCHEMA);
        out.field("mode", plan.pipelined() ? "pipelined" : "strict");
        out.name("phases").beginArray();
        for (PlanPhase p : plan.phases()) {
            out.beginObject().field("id", p.iri()).field("label", p.label()).field("order", p.order())
                    .field("maxParallel", p.maxParallel() == 0 ? null : p.maxParallel())
                    .field("estimatedDuration", iso(p.estimatedDuration())).endObject();
        }
        out.endArray();
        out.name("agents").beginArray();
        for (PlanAgent a : plan.agents()) {
            out.beginObject().field("id", a.iri()).field("label", a.label()).field("responsibility", a.responsibility())
                    .field("concurrency", a.concurrency()).endObject();
        }
        out.endArray();
        out.name("tasks").beginArray();
        for (PlanTask t : plan.tasks()) {
            out.beginObject().field("id", t.iri()).field("label", t.label()).field("agent", t.agent()).field("phase", t.phase())
                    .field("dependsOn", t.dependsOn()).field("estimatedDuration", iso(t.estimatedDuration()))
                    .field("estimatedMillis", t.estimatedDuration().toMillis());
            out.name("action").beginObject().field("kind", t.action().kind().name().toLowerCase(Locale.ROOT))
                    .field("value", t.action().value()).endObject();
            out.field("inputs", t.inputs()).field("outputs", t.outputs()).field("writes", t.writes()).field("retries", t.retries())
                    .field("timeout", iso(t.timeout())).field("addresses", t.addresses()).field("measures", t.measures())
                    .field("compensatedBy", t.compensatedBy()).field("compensation", t.compensation()).endObject();
        }
        out.endArray();
        out.name("gates").beginArray();
        for (PlanGate g : plan.gates()) {
            out.beginObject().field("id", g.iri()).field("label", g.label()).field("requires", g.requires()).field("closes", g.closes())
                    .field("owner", g.owner());
            out.name("conditions").beginArray();
            g.conditions().forEach(c -> out.beginObject().field("kind", c.kind().name().toLowerCase(Locale.ROOT))
                    .field("value", c.value()).endObject());
            out.endArray().endObject();
        }
        out.endArray();
        out.name("metrics").beginArray();
        for (PlanMetric m : plan.metrics()) {
            out.beginObject().field("id", m.iri()).field("label", m.label())
                    .field("baseline", m.baseline() == null ? null : m.baseline().doubleValue())
                    .field("target", m.target() == null ? null : m.target().doubleValue()).field("unit", m.unit())
                    .field("direction", m.minimize() ? "minimize" : "maximize").field("priority", m.priority() == 0 ? null : m.priority())
                    .field("measuredBy", m.measuredBy()).endObject();
        }
        out.endArray();
        out.name("risks").beginArray();
        for (PlanRisk k : plan.risks()) {
            out.beginObject().field("id", k.iri()).field("label", k.label()).field("severity", k.severity())
                    .field("probability", k.probability() == null ? null : k.probability().doubleValue())
                    .field("mitigation", k.mitigation()).field("owner", k.owner()).endObject();
        }
        out.endArray();
        out.name("conflicts").beginArray();
        for (PlanConflict c : plan.conflicts()) {
            out.beginObject().field("id", c.iri()).field("label", c.label()).field("between", c.between()).field("resource", c.resource())
                    .field("resolution", c.resolution().name().toLowerCase(Locale.ROOT)).endObject();
        }
        out.endArray();
        Map<String, Integer> level = levelOf(plan);
        out.name("nodes").beginArray();
        for (PlanNode n : plan.nodes()) {
            out.beginObject().field("id", n.id()).field("kind", n.kind().name().toLowerCase(Locale.ROOT))
                    .field("durationMillis", n.duration().toMillis()).field("phase", n.phase()).field("level", level.get(n.id()))
                    .endObject();
        }
        out.endArray();
        out.name("edges").beginArray();
        for (PlanEdge e : plan.edges()) {
            out.beginObject().field("from", e.from()).field("to", e.to()).field("reason", e.reason().name().toLowerCase(Locale.ROOT))
                    .endObject();
        }
        out.endArray();
        out.name("criticalPath").beginObject().field("nodes", plan.criticalPath().nodes())
                .field("lengthMillis", plan.criticalPath().length().toMillis()).field("length", iso(plan.criticalPath().length()))
                .endObject();
        Map<String, Object> load = new LinkedHashMap<>();
        plan.agentLoad().forEach((agent, d) -> load.put(agent, d.toMillis()));
        out.name("figures").beginObject().field("workers", workers).field("totalWorkMillis", plan.totalWork().toMillis())
                .field("levels", plan.levels().size()).field("maxWidth", plan.maxWidth())
                .field("lowerBoundMillis", plan.lowerBound(workers).toMillis())
                .field("estimatedMakespanMillis", plan.estimatedMakespan(workers).toMillis()).field("agentLoadMillis", load)
                .endObject();
        out.name("writeConflicts").beginArray();
        for (WriteConflict c : plan.writeConflicts()) {
            out.beginObject().field("resource", c.resource()).field("first", c.first()).field("second", c.second())
                    .field("declared", c.declared() == null ? null : c.declared().iri()).endObject();
        }
        out.endArray();
        out.field("unknownDurations", plan.unknownDurations().stream().sorted().toList());
        out.field("warnings", plan.warnings());
        out.endObject();
    }

    // ------------------------------------------------------------------ Mermaid

    static String mermaid(Plan plan) {
        Map<String, String> id = shortIds(plan);
        Set<String> critical = new HashSet<>(plan.criticalPath().nodes());
        Map<String, String> drawnIn = drawnIn(plan);
        // left to right: phases follow each other across the page and the parallel tasks of a phase stack up, so a
        // plan with many parallel tasks grows downwards instead of shrinking to fit the renderer's default width
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (PlanPhase phase : plan.phases()) {
            out.append("  subgraph phase_").append(phase.order()).append("[\"").append(mermaidText(phase.label())).append("\"]\n");
            for (PlanNode n : plan.nodes()) {
                if (phase.iri().equals(drawnIn.get(n.id()))) {
                    out.append("    ").append(mermaidNode(n, id.get(n.id()), plan)).append('\n');
                }
            }
            out.append("  end\n");
        }
        for (PlanNode n : plan.nodes()) {
            if (drawnIn.get(n.id()) == null) {
                out.append("  ").append(mermaidNode(n, id.get(n.id()), plan)).append('\n');
            }
        }
        for (PlanEdge e : plan.edges()) {
            String arrow = switch (e.reason()) {
                case DEPENDENCY, REQUIREMENT -> " --> ";
                case PHASE_CLOSURE, PHASE_BARRIER -> " -.-> ";
            };
            out.append("  ").append(id.get(e.from())).append(arrow).append(id.get(e.to())).append('\n');
        }
        out.append("  classDef gate fill:#fff3e0,stroke:#e65100\n");
        out.append("  classDef critical stroke:#c62828,stroke-width:3px\n");
        List<String> gates = plan.nodes().stream().filter(n -> n.kind() == PlanNode.Kind.GATE).map(n -> id.get(n.id())).toList();
        if (!gates.isEmpty()) {
            out.append("  class ").append(String.join(",", gates)).append(" gate\n");
        }
        List<String> onPath = plan.nodes().stream().filter(n -> critical.contains(n.id())).map(n -> id.get(n.id())).toList();
        if (!onPath.isEmpty()) {
            out.append("  class ").append(String.join(",", onPath)).append(" critical\n");
        }
        return out.toString();
    }

    private static String mermaidNode(PlanNode n, String id, Plan plan) {
        String label = mermaidText(labelOf(plan, n));
        return switch (n.kind()) {
            case TASK -> id + "[\"" + label + "<br/>" + human(n.duration()) + "\"]";
            case GATE -> id + "{{\"" + label + "\"}}";
            case BARRIER -> id + "((\" \"))";
        };
    }

    private static String mermaidText(String s) {
        // '#' first: Mermaid reads #…; as an entity, so a literal '#' must itself be one
        return s.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", " ");
    }

    // ------------------------------------------------------------------ DOT

    static String dot(Plan plan) {
        Map<String, String> id = shortIds(plan);
        Set<String> critical = new HashSet<>(plan.criticalPath().nodes());
        Map<String, String> drawnIn = drawnIn(plan);
        // one font for everything: the graph attribute is what cluster labels use, the node one only nodes
        StringBuilder out = new StringBuilder("digraph plan {\n  rankdir=LR;\n  graph [fontname=\"" + DOT_FONT + "\"];\n"
                + "  node [shape=box, fontname=\"" + DOT_FONT + "\"];\n  edge [fontname=\"" + DOT_FONT + "\"];\n");
        for (PlanPhase phase : plan.phases()) {
            out.append("  subgraph cluster_").append(phase.order()).append(" {\n    label=\"").append(dotText(phase.label())).append("\";\n");
            for (PlanNode n : plan.nodes()) {
                if (phase.iri().equals(drawnIn.get(n.id()))) {
                    out.append("    ").append(dotNode(n, id.get(n.id()), plan, critical)).append('\n');
                }
            }
            out.append("  }\n");
        }
        for (PlanNode n : plan.nodes()) {
            if (drawnIn.get(n.id()) == null) {
                out.append("  ").append(dotNode(n, id.get(n.id()), plan, critical)).append('\n');
            }
        }
        for (PlanEdge e : plan.edges()) {
            String style = switch (e.reason()) {
                case DEPENDENCY -> "solid";
                case REQUIREMENT -> "bold";
                case PHASE_CLOSURE -> "dashed";
                case PHASE_BARRIER -> "dotted";
            };
            out.append("  ").append(id.get(e.from())).append(" -> ").append(id.get(e.to()))
                    .append(" [style=").append(style).append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String dotNode(PlanNode n, String id, Plan plan, Set<String> critical) {
        String highlight = critical.contains(n.id()) ? ", color=\"#c62828\", penwidth=2.5" : "";
        return switch (n.kind()) {
            case TASK -> id + " [label=\"" + dotText(labelOf(plan, n)) + "\\n" + human(n.duration()) + "\"" + highlight + "];";
            case GATE -> id + " [shape=hexagon, label=\"" + dotText(labelOf(plan, n)) + "\"" + highlight + "];";
            case BARRIER -> id + " [shape=point, label=\"\"" + highlight + "];";
        };
    }

    private static String dotText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    // ------------------------------------------------------------------ shared

    /** The font of every text of a DOT plan: cluster labels, nodes and edges. */
    static final String DOT_FONT = "Helvetica";

    /**
     * The phase whose box a node is drawn in, or null for none: a task in its phase; a gate in the phase it closes,
     * or else in the latest phase of what it requires (it checks the end of that work); a barrier in the phase it
     * ends. Drawn outside every box, a gate reads as if it belonged to no phase.
     */
    static Map<String, String> drawnIn(Plan plan) {
        Map<String, Integer> order = new HashMap<>();
        plan.phases().forEach(p -> order.put(p.iri(), p.order()));
        Map<String, String> drawn = new HashMap<>();
        for (PlanNode n : plan.nodes()) {
            if (n.kind() != PlanNode.Kind.GATE || n.phase() != null) {
                drawn.put(n.id(), n.phase()); // a barrier's phase is the one it ends
            }
        }
        for (PlanNode n : plan.nodes()) {
            if (n.kind() == PlanNode.Kind.GATE && n.phase() == null) {
                drawn.put(n.id(), requiredPhase(n.id(), plan, drawn, order, new HashSet<>()));
            }
        }
        return drawn;
    }

    /** The latest phase among what a gate requires (through the gates it requires), or null. */
    private static String requiredPhase(String gate, Plan plan, Map<String, String> drawn, Map<String, Integer> order,
                                        Set<String> visiting) {
        if (drawn.containsKey(gate) || !visiting.add(gate)) {
            return drawn.get(gate);
        }
        String latest = null;
        for (String required : plan.gate(gate).map(PlanGate::requires).orElse(List.of())) {
            String phase = drawn.containsKey(required) ? drawn.get(required)
                    : plan.gate(required).isPresent() ? requiredPhase(required, plan, drawn, order, visiting) : null;
            if (phase != null && order.containsKey(phase)
                    && (latest == null || order.get(phase) > order.get(latest))) {
                latest = phase;
            }
        }
        drawn.put(gate, latest);
        return latest;
    }

    /** n0, n1, … for tasks, g0, … for gates, b0, … for barriers: identifiers every tool accepts. */
    private static Map<String, String> shortIds(Plan plan) {
        Map<String, String> ids = new HashMap<>();
        int t = 0;
        int g = 0;
        int b = 0;
        for (PlanNode n : plan.nodes()) {
            ids.put(n.id(), switch (n.kind()) {
                case TASK -> "t" + t++;
                case GATE -> "g" + g++;
                case BARRIER -> "b" + b++;
            });
        }
        return ids;
    }

    private static String labelOf(Plan plan, PlanNode n) {
        if (n.kind() == PlanNode.Kind.TASK) {
            return plan.task(n.id()).map(PlanTask::label).orElse(local(n.id()));
        }
        if (n.kind() == PlanNode.Kind.GATE) {
            return plan.gate(n.id()).map(PlanGate::label).orElse(local(n.id()));
        }
        return "barrier";
    }

    private static Map<String, Integer> levelOf(Plan plan) {
        Map<String, Integer> level = new HashMap<>();
        for (int l = 0; l < plan.levels().size(); l++) {
            for (String id : plan.levels().get(l)) {
                level.put(id, l);
            }
        }
        return level;
    }

    /**
     * A task's, gate's or barrier's IRI as plans and progress lines show it: its local name (after the last
     * {@code #} or {@code /}), or "(end of phase N)" for a phase barrier.
     */
    public static String local(String iri) {
        if (iri.startsWith("urn:specgraph:barrier:")) {
            return "(end of phase " + iri.substring("urn:specgraph:barrier:".length()) + ")";
        }
        return Iris.localName(iri);
    }

    /**
     * A figure of time that counts tasks of unknown duration as zero: itself when every duration is known,
     * otherwise "unknown" when it is zero and "at least …" when it is not.
     */
    private static String atLeast(Plan plan, Duration d) {
        if (plan.durationsKnown()) {
            return human(d);
        }
        return d.isZero() ? "unknown" : "at least " + human(d);
    }

    /** A duration as a person reads it: 450 ms, 1.6 s, 17 min, 23.5 h, 2.5 d. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return decimal(ms / 1000.0) + " s";
        }
        if (ms < 3_600_000) {
            return decimal(ms / 60_000.0) + " min";
        }
        if (ms < 48 * 3_600_000L) {
            return decimal(ms / 3_600_000.0) + " h";
        }
        return decimal(ms / 86_400_000.0) + " d";
    }

    private static String decimal(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String iso(Duration d) {
        return d == null ? null : d.toString();
    }

}
