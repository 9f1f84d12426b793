package io.specgraph.report;

import static io.specgraph.report.TimeAxis.num;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanEdge;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.GateOutcome;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The plan graph section: the DAG as SVG, a column per topological level, each phase a cluster around its tasks
 * and the gates that close it, gates drawn as gates, each node coloured by how it ended in the run, the critical
 * path outlined. A plan too large to draw node by node (more than {@value #MAX_NODES} nodes or
 * {@value #MAX_LEVELS} levels) is drawn phase by phase instead.
 */
final class PlanGraph {
    static final int MAX_NODES = 400;
    static final int MAX_LEVELS = 60;
    private static final double COLUMN = 170;
    private static final double ROW = 32;
    private static final double BOX_W = 140;
    private static final double BOX_H = 22;
    private static final double PAD = 12;
    private static final double HEADER = 22;

    private final RunResult result;
    private final Plan plan;
    private final List<String> criticalPath;
    private final Set<String> critical;
    private final Set<String> criticalEdges = new HashSet<>();

    PlanGraph(RunResult result) {
        this.result = result;
        this.plan = result.plan();
        this.criticalPath = plan.criticalPath().nodes();
        this.critical = new HashSet<>(criticalPath);
        for (int i = 0; i + 1 < criticalPath.size(); i++) {
            criticalEdges.add(criticalPath.get(i) + " " + criticalPath.get(i + 1));
        }
    }

    void render(Markup m) {
        m.open("section", "id", "plan").element("h2", "Plan");
        m.open("p", "class", "note").text(plan.nodes().size() + " nodes (" + count(PlanNode.Kind.TASK) + " tasks, "
                + count(PlanNode.Kind.GATE) + " gates), " + plan.edges().size() + " edges, " + plan.levels().size()
                + " levels, " + (plan.pipelined() ? "pipelined" : "strict phases") + "; critical path "
                + PlanWriter.human(plan.criticalPath().length()) + ", total work " + PlanWriter.human(plan.totalWork()) + ".")
                .close("p");
        m.open("div", "class", "scroll");
        if (plan.nodes().size() <= MAX_NODES && plan.levels().size() <= MAX_LEVELS) {
            full(m);
        } else {
            byPhase(m);
        }
        m.close("div");
        m.open("p", "class", "critical-path").element("strong", "Critical path: ")
                .text(String.join(" → ", shortened(criticalPath.stream().map(this::label).toList()))).close("p");
        m.close("section").newline();
    }

    private List<String> shortened(List<String> labels) {
        if (labels.size() <= 40) {
            return labels;
        }
        List<String> out = new ArrayList<>(labels.subList(0, 20));
        out.add("… " + (labels.size() - 40) + " more …");
        out.addAll(labels.subList(labels.size() - 20, labels.size()));
        return out;
    }

    private long count(PlanNode.Kind kind) {
        return plan.nodes().stream().filter(n -> n.kind() == kind).count();
    }

    // ---------------------------------------------------------------- node by node

    /** A cluster: the nodes of one phase (or of none), the levels they span, and where it is drawn. */
    private static final class Cluster {
        final String label;
        final List<PlanNode> nodes = new ArrayList<>();
        int first = Integer.MAX_VALUE;
        int last = -1;
        int rows;
        double top;

        Cluster(String label) {
            this.label = label;
        }
    }

    private void full(Markup m) {
        Map<String, Integer> level = new HashMap<>();
        for (int l = 0; l < plan.levels().size(); l++) {
            for (String id : plan.levels().get(l)) {
                level.put(id, l);
            }
        }
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (PlanPhase p : plan.phases()) {
            clusters.put(p.iri(), new Cluster(p.label()));
        }
        Cluster none = new Cluster("no phase");
        Map<String, List<String>> before = new HashMap<>();
        plan.edges().forEach(e -> before.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
        Map<String, String> phaseOf = new HashMap<>();
        for (List<String> ids : plan.levels()) {
            for (String id : ids) {
                PlanNode n = plan.dag().node(plan.dag().indexOf(id));
                phaseOf.put(id, n.phase() != null ? n.phase() : commonPhase(before.get(id), phaseOf));
            }
        }
        for (PlanNode n : plan.nodes()) {
            String phase = phaseOf.get(n.id());
            Cluster c = phase == null ? none : clusters.computeIfAbsent(phase, k -> new Cluster(PlanWriter.local(k)));
            c.nodes.add(n);
            c.first = Math.min(c.first, level.get(n.id()));
            c.last = Math.max(c.last, level.get(n.id()));
        }
        if (!none.nodes.isEmpty()) {
            clusters.put("", none);
        }
        List<Cluster> drawn = clusters.values().stream().filter(c -> !c.nodes.isEmpty()).toList();
        for (Cluster c : drawn) {
            Map<Integer, Integer> perLevel = new HashMap<>();
            c.nodes.forEach(n -> perLevel.merge(level.get(n.id()), 1, Integer::sum));
            c.rows = perLevel.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        }
        // clusters whose levels do not overlap (strict phases) share a band; overlapping ones (pipelined) stack
        List<Cluster> byFirst = drawn.stream().sorted(Comparator.comparingInt((Cluster c) -> c.first)).toList();
        int[] band = Lanes.pack(byFirst.stream().mapToDouble(c -> c.first).toArray(),
                byFirst.stream().mapToDouble(c -> c.last + 0.5).toArray());
        int bands = Lanes.count(band);
        double[] bandHeight = new double[bands];
        for (int i = 0; i < byFirst.size(); i++) {
            bandHeight[band[i]] = Math.max(bandHeight[band[i]], HEADER + byFirst.get(i).rows * ROW + PAD);
        }
        double[] bandTop = new double[bands];
        double y = 10;
        for (int b = 0; b < bands; b++) {
            bandTop[b] = y;
            y += bandHeight[b] + 14;
        }
        for (int i = 0; i < byFirst.size(); i++) {
            byFirst.get(i).top = bandTop[band[i]];
        }
        double height = y;
        double width = 20 + plan.levels().size() * COLUMN;

        // rows within a cluster's column: by the mean row of the predecessors, to keep edges short and straight
        Map<String, List<String>> predecessors = new HashMap<>();
        plan.edges().forEach(e -> predecessors.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
        Map<String, Cluster> clusterOf = new HashMap<>();
        drawn.forEach(c -> c.nodes.forEach(n -> clusterOf.put(n.id(), c)));
        Map<String, Double> yOf = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < plan.nodes().size(); i++) {
            order.put(plan.nodes().get(i).id(), i);
        }
        for (List<String> ids : plan.levels()) {
            Map<Cluster, List<String>> groups = new LinkedHashMap<>();
            ids.forEach(id -> groups.computeIfAbsent(clusterOf.get(id), k -> new ArrayList<>()).add(id));
            groups.forEach((c, group) -> {
                Map<String, Double> mean = new HashMap<>();
                for (String id : group) {
                    mean.put(id, predecessors.getOrDefault(id, List.of()).stream().filter(yOf::containsKey)
                            .mapToDouble(yOf::get).average().orElse(Double.MAX_VALUE));
                }
                List<String> sorted = new ArrayList<>(group);
                sorted.sort(Comparator.comparingDouble(mean::get).thenComparingInt(order::get));
                for (int r = 0; r < sorted.size(); r++) {
                    yOf.put(sorted.get(r), c.top + HEADER + r * ROW + ROW / 2);
                }
            });
        }
        Map<String, Double> xOf = new HashMap<>();
        level.forEach((id, l) -> xOf.put(id, 20 + l * COLUMN));

        m.open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "plan-graph", "role", "img",
                "width", num(width), "height", num(height), "viewBox", "0 0 " + num(width) + " " + num(height));
        m.element("title", "The plan's DAG: phases as clusters, gates as gates, the critical path outlined");
        for (Cluster c : drawn) {
            double x = 20 + c.first * COLUMN - PAD;
            double w = (c.last - c.first) * COLUMN + BOX_W + 2 * PAD;
            m.open("g", "class", "cluster");
            m.empty("rect", "x", num(x), "y", num(c.top), "width", num(w), "height", num(HEADER + c.rows * ROW + PAD / 2),
                    "rx", "6");
            m.element("text", Gantt.shorten(c.label, (int) (w / 7)), "x", num(x + 8), "y", num(c.top + 15));
            m.close("g");
        }
        m.open("g", "class", "edges");
        Map<String, PlanNode.Kind> kind = new HashMap<>();
        plan.nodes().forEach(n -> kind.put(n.id(), n.kind()));
        for (PlanEdge e : plan.edges()) {
            double x1 = xOf.get(e.from()) + (kind.get(e.from()) == PlanNode.Kind.BARRIER ? BOX_W / 2 + 5 : BOX_W);
            double y1 = yOf.get(e.from());
            double x2 = xOf.get(e.to()) + (kind.get(e.to()) == PlanNode.Kind.BARRIER ? BOX_W / 2 - 5 : 0);
            double y2 = yOf.get(e.to());
            double mid = (x1 + x2) / 2;
            String cls = "edge " + e.reason().name().toLowerCase(Locale.ROOT)
                    + (criticalEdges.contains(e.from() + " " + e.to()) ? " critical" : "");
            m.empty("path", "class", cls, "d", "M" + num(x1) + " " + num(y1) + " C" + num(mid) + " " + num(y1) + " "
                    + num(mid) + " " + num(y2) + " " + num(x2) + " " + num(y2));
        }
        m.close("g");
        for (PlanNode n : plan.nodes()) {
            node(m, n, xOf.get(n.id()), yOf.get(n.id()));
        }
        m.close("svg");
        m.open("ul", "class", "legend");
        for (String[] entry : new String[][] {{"node-task", "task"}, {"node-gate", "gate"},
            {"critical", "on the critical path"}, {"s-succeeded", "succeeded / passed"},
            {"s-failed", "failed"}, {"s-skipped", "skipped, blocked or not run"}}) {
            m.open("li").element("span", "", "class", "swatch " + entry[0]).text(entry[1]).close("li");
        }
        m.close("ul");
    }

    /** The phase all these nodes are in, so a gate that closes no phase sits with what it waits for; else null. */
    private static String commonPhase(List<String> ids, Map<String, String> phaseOf) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        String phase = phaseOf.get(ids.get(0));
        for (String id : ids) {
            if (phase == null || !phase.equals(phaseOf.get(id))) {
                return null;
            }
        }
        return phase;
    }

    private void node(Markup m, PlanNode n, double x, double y) {
        String crit = critical.contains(n.id()) ? " critical" : "";
        switch (n.kind()) {
            case TASK -> {
                PlanTask t = plan.task(n.id()).orElseThrow();
                String state = result.task(n.id()).map(TaskRun::state).map(s -> s.name().toLowerCase(Locale.ROOT))
                        .orElse("pending");
                m.open("g", "class", "node task s-" + state + crit);
                m.element("title", t.label() + " — " + state.replace('_', ' ') + "\nestimated "
                        + PlanWriter.human(t.estimatedDuration()) + (crit.isEmpty() ? "" : "; on the critical path")
                        + "\n" + t.iri());
                m.empty("rect", "x", num(x), "y", num(y - BOX_H / 2), "width", num(BOX_W), "height", num(BOX_H), "rx", "4");
                m.element("text", Gantt.shorten(t.label(), 21), "x", num(x + 6), "y", num(y + 4));
                m.close("g");
            }
            case GATE -> {
                PlanGate g = plan.gate(n.id()).orElseThrow();
                String state = result.gate(n.id()).map(GateOutcome::state).map(s -> s.name().toLowerCase(Locale.ROOT))
                        .orElse("pending");
                m.open("g", "class", "node gate g-" + state + crit);
                m.element("title", "gate " + g.label() + " — " + state + "\n" + g.conditions().size()
                        + (g.conditions().size() == 1 ? " condition" : " conditions") + "\n" + g.iri());
                double h = BOX_H / 2;
                m.empty("polygon", "points", num(x) + "," + num(y) + " " + num(x + h) + "," + num(y - h) + " "
                        + num(x + BOX_W - h) + "," + num(y - h) + " " + num(x + BOX_W) + "," + num(y) + " "
                        + num(x + BOX_W - h) + "," + num(y + h) + " " + num(x + h) + "," + num(y + h));
                m.element("text", "◆ " + Gantt.shorten(g.label(), 18), "x", num(x + h + 2), "y", num(y + 4));
                m.close("g");
            }
            case BARRIER -> {
                m.open("g", "class", "node barrier" + crit);
                m.element("title", "phase barrier: the next phase waits for all of this one");
                m.empty("circle", "cx", num(x + BOX_W / 2), "cy", num(y), "r", "5");
                m.close("g");
            }
        }
    }

    // ---------------------------------------------------------------- phase by phase

    private void byPhase(Markup m) {
        List<PlanPhase> phases = plan.phases();
        double boxW = 210;
        double gap = 70;
        double width = 20 + Math.max(1, phases.size()) * (boxW + gap);
        double height = 150;
        m.open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "plan-graph by-phase", "role", "img",
                "width", num(width), "height", num(height), "viewBox", "0 0 " + num(width) + " " + num(height));
        m.element("title", "The plan phase by phase (too large to draw node by node)");
        for (int i = 0; i < phases.size(); i++) {
            PlanPhase p = phases.get(i);
            List<PlanTask> tasks = plan.tasks().stream().filter(t -> !t.compensation() && p.iri().equals(t.phase())).toList();
            List<PlanGate> gates = plan.gates().stream().filter(g -> p.iri().equals(g.closes())).toList();
            Duration work = tasks.stream().map(PlanTask::estimatedDuration).reduce(Duration.ZERO, Duration::plus);
            long onPath = tasks.stream().filter(t -> critical.contains(t.iri())).count();
            long succeeded = tasks.stream().filter(t -> result.task(t.iri()).map(r -> r.state().name().equals("SUCCEEDED"))
                    .orElse(false)).count();
            double x = 20 + i * (boxW + gap);
            m.open("g", "class", "cluster phase-summary" + (onPath > 0 ? " critical" : ""));
            m.element("title", p.label() + ": " + tasks.size() + " tasks, " + gates.size() + " gates");
            m.empty("rect", "x", num(x), "y", "20", "width", num(boxW), "height", "100", "rx", "6");
            m.element("text", Gantt.shorten(p.label(), 28), "x", num(x + 10), "y", "40", "class", "title");
            m.element("text", tasks.size() + " tasks, " + succeeded + " succeeded", "x", num(x + 10), "y", "62");
            m.element("text", "work " + PlanWriter.human(work), "x", num(x + 10), "y", "80");
            m.element("text", onPath + " on the critical path", "x", num(x + 10), "y", "98");
            m.element("text", gates.size() + (gates.size() == 1 ? " gate closes it" : " gates close it"), "x", num(x + 10),
                    "y", "114");
            m.close("g");
            if (i + 1 < phases.size()) {
                double x1 = x + boxW;
                m.empty("path", "class", "edge phase_barrier critical", "d", "M" + num(x1) + " 70 L" + num(x1 + gap) + " 70");
            }
        }
        m.close("svg");
    }

    private String label(String id) {
        return plan.task(id).map(PlanTask::label)
                .or(() -> plan.gate(id).map(g -> "◆ " + g.label()))
                .orElse(id.startsWith("urn:specgraph:barrier:") ? "barrier" : PlanWriter.local(id));
    }
}
