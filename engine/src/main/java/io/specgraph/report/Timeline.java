package io.specgraph.report;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.plan.ScheduledTask;
import io.specgraph.run.Attempt;
import io.specgraph.run.Contention;
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
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The timeline section: the run as a Gantt chart by worker and by agent (switched with two radio buttons and CSS,
 * no script), and beside it the plan's estimated schedule for the same number of workers. A simulated run is
 * shown in spec time, on the same scale as the estimate, so the two read against each other.
 */
final class Timeline {
    /** Beyond this many lanes, lanes are shared (workers) or the least busy agents share one lane. */
    static final int MAX_LANES = 60;

    private final RunResult result;
    private final Plan plan;
    private final double scale;
    private final Set<String> critical;
    private final Map<String, String> agentLabel = new HashMap<>();
    private final Map<String, String> phaseLabel = new HashMap<>();

    private final Estimate expected;

    Timeline(RunResult result, Estimate expected) {
        this.result = result;
        this.expected = expected;
        this.plan = result.plan();
        // a run simulated at a time scale is drawn in spec time: the same time as the estimate beside it
        this.scale = result.virtualTime() || result.timeScale().isEmpty() ? 1 : result.timeScale().getAsDouble();
        this.critical = new HashSet<>(plan.criticalPath().nodes());
        plan.agents().forEach(a -> agentLabel.put(a.iri(), a.label()));
        plan.phases().forEach(p -> phaseLabel.put(p.iri(), p.label()));
    }

    /** True when the run's times are in the spec's time (simulated), so they compare with the estimate directly. */
    boolean specTime() {
        return result.timeScale().isPresent();
    }

    void render(Markup m) {
        List<Item> items = items();
        List<ScheduledTask> estimate = expected.schedule();
        double runSpan = Math.max(ms(result.wallTime()), items.stream().mapToDouble(Item::end).max().orElse(0));
        double estimateSpan = estimate.stream().mapToDouble(s -> millis(s.end())).max().orElse(0);
        double span = specTime() ? Math.max(runSpan, estimateSpan) : runSpan;
        TimeAxis axis = new TimeAxis(span, Gantt.LABEL_WIDTH, Gantt.CHART_WIDTH);

        Map<String, Double> done = doneTimes(items);
        List<Gantt.Milestone> milestones = milestones();
        List<Gantt.Span> phases = phaseSpans(items);

        m.open("section", "id", "timeline").element("h2", "Timeline");
        m.open("p", "class", "note").text(timeNote(estimateSpan)).close("p");
        m.empty("input", "type", "radio", "name", "lanes", "id", "lanes-worker", "checked", "checked");
        m.element("label", "lane per worker", "for", "lanes-worker");
        m.empty("input", "type", "radio", "name", "lanes", "id", "lanes-agent");
        m.element("label", "lane per agent", "for", "lanes-agent");

        // by worker
        double[] starts = items.stream().mapToDouble(Item::start).toArray();
        double[] ends = items.stream().mapToDouble(Item::end).toArray();
        int[] lane = Lanes.pack(starts, ends);
        int workerLanes = Lanes.count(lane);
        int share = Math.max(1, (workerLanes + MAX_LANES - 1) / MAX_LANES);
        List<String> labels = new ArrayList<>();
        for (int l = 0; l < workerLanes; l += share) {
            labels.add(share == 1 ? "worker " + (l + 1) : "workers " + (l + 1) + "–" + Math.min(workerLanes, l + share));
        }
        List<Gantt.Bar> bars = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            bars.add(items.get(i).bar(lane[i] / share));
        }
        // a chart that merges its bars draws no waits: do not compute them
        boolean merged = items.size() > Gantt.MAX_BARS;
        List<Gantt.Wait> waits = merged ? List.of() : waits(items, lane, share, done);
        m.open("div", "class", "chart by-worker");
        int drawn = new Gantt("by-worker", "The run, a lane per worker", labels, axis).render(m, bars, waits, milestones, phases);
        m.close("div");
        String mergedWorker = drawn < bars.size() ? bars.size() + " attempts drawn as " + drawn + " bars: attempts that touch"
                + " on a lane and ended alike are merged, and waits are not drawn" : null;

        // by agent
        Map<String, Integer> agentLane = agentLanes(items);
        List<String> agentLabels = new ArrayList<>(agentLaneLabels(agentLane).values());
        // an agent with a concurrency above 1 overlaps on its own lane: sub-lanes would multiply the lanes of large runs
        int[] laneArray = new int[items.size()];
        List<Gantt.Bar> agentBars = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            laneArray[i] = agentLane.get(String.valueOf(items.get(i).task().agent()));
            agentBars.add(items.get(i).bar(laneArray[i]));
        }
        m.open("div", "class", "chart by-agent");
        int agentDrawn = new Gantt("by-agent", "The run, a lane per agent", agentLabels, axis)
                .render(m, agentBars, merged ? List.of() : waits(items, laneArray, 1, done), milestones, phases);
        m.close("div");
        if (mergedWorker != null || agentDrawn < agentBars.size()) {
            m.element("p", (mergedWorker != null ? mergedWorker : items.size() + " attempts drawn as " + agentDrawn
                    + " bars on the agent lanes") + ".", "class", "note");
        }
        legend(m);

        m.element("h3", "Estimated schedule");
        m.element("p", "What the plan expects on " + result.workers() + (result.workers() == 1 ? " worker" : " workers")
                + ", every task taking exactly its estimate (" + PlanWriter.human(expected.makespan())
                + ", lower bound " + PlanWriter.human(expected.lowerBound()) + ")"
                + (specTime() ? ", on the same time scale as the run above." : ", in the spec's time.")
                + (plan.durationsKnown() ? "" : " Some tasks have no estimate and count as zero."), "class", "note");
        renderEstimate(m, estimate, specTime() ? axis : new TimeAxis(estimateSpan, Gantt.LABEL_WIDTH, Gantt.CHART_WIDTH));
        m.close("section").newline();
    }

    private String timeNote(double estimateSpan) {
        String workers = result.workers() + (result.workers() == 1 ? " worker" : " workers");
        if (result.virtualTime()) {
            return "Simulated in virtual time with " + workers + ": every time is spec time (each task took exactly its"
                    + " estimate). Hover a bar for its task, state and times.";
        }
        if (result.timeScale().isPresent()) {
            return "Simulated with " + workers + " at time scale " + String.format(Locale.ROOT, "%.3g", scale)
                    + "; times are shown in spec time (the run took " + PlanWriter.human(result.wallTime())
                    + "). Hover a bar for its task, state and times.";
        }
        return "Wall time with " + workers + ", from the start of the run (" + result.startedAt()
                + "). Hover a bar for its task, state and times.";
    }

    private void legend(Markup m) {
        m.open("ul", "class", "legend");
        for (String[] entry : new String[][] {{"s-succeeded", "succeeded"}, {"s-failed", "failed"},
            {"s-timed_out", "timed out"}, {"s-cancelled", "cancelled"}, {"retry", "attempt that was retried"},
            {"critical", "on the plan's critical path"}, {"wait slot", "ready, waiting for a worker or a limit"},
            {"wait resource", "waiting for a resource another task was writing"}, {"g-passed", "gate passed"},
            {"g-failed", "gate failed or blocked"}}) {
            m.open("li").element("span", "", "class", "swatch " + entry[0]).text(entry[1]).close("li");
        }
        m.close("ul");
    }

    private void renderEstimate(Markup m, List<ScheduledTask> estimate, TimeAxis axis) {
        double[] starts = estimate.stream().mapToDouble(s -> millis(s.start())).toArray();
        double[] ends = estimate.stream().mapToDouble(s -> millis(s.end())).toArray();
        int[] lane = Lanes.pack(starts, ends);
        int count = Lanes.count(lane);
        int share = Math.max(1, (count + MAX_LANES - 1) / MAX_LANES);
        List<String> labels = new ArrayList<>();
        for (int l = 0; l < count; l += share) {
            labels.add(share == 1 ? "worker " + (l + 1) : "workers " + (l + 1) + "–" + Math.min(count, l + share));
        }
        List<Gantt.Bar> bars = new ArrayList<>();
        Map<String, Double> done = new HashMap<>();
        Map<String, double[]> phase = new LinkedHashMap<>();
        for (int i = 0; i < estimate.size(); i++) {
            ScheduledTask s = estimate.get(i);
            PlanTask t = plan.task(s.task()).orElseThrow();
            bars.add(new Gantt.Bar(lane[i] / share, starts[i], ends[i], "est", critical.contains(t.iri()),
                    () -> t.label() + " — estimated " + PlanWriter.human(t.estimatedDuration()) + ", from "
                            + PlanWriter.human(s.start()) + " to " + PlanWriter.human(s.end())
                            + (critical.contains(t.iri()) ? "; on the critical path" : "")));
            done.put(t.iri(), ends[i]);
            if (t.phase() != null) {
                phase.merge(t.phase(), new double[] {starts[i], ends[i]},
                        (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        Map<String, Double> finish = finishTimes(done, Map.of());
        List<Gantt.Milestone> gates = new ArrayList<>();
        plan.gates().forEach(g -> {
            Double at = finish.get(g.iri());
            if (at != null) {
                gates.add(new Gantt.Milestone(at, "g-est", g.label(), g.label() + " — expected at " + human(at)));
            }
        });
        gates.sort(Comparator.comparingDouble(Gantt.Milestone::at));
        new Gantt("estimate", "The plan's estimated schedule", labels, axis).render(m, bars, List.of(), gates, spans(phase));
    }

    // ---------------------------------------------------------------- the run's items

    /** One attempt of a task, in spec time when the run was simulated. */
    private record Item(TaskRun run, Attempt attempt, double start, double end, Supplier<String> title, boolean critical) {
        PlanTask task() {
            return run.task();
        }

        Gantt.Bar bar(int lane) {
            return new Gantt.Bar(lane, start, end, "s-" + attempt.state().name().toLowerCase(Locale.ROOT)
                    + (attempt.number() < run.attempts().size() ? " retry" : ""), critical, title);
        }
    }

    private List<Item> items() {
        List<Item> items = new ArrayList<>();
        for (TaskRun t : result.tasks()) {
            for (Attempt a : t.attempts()) {
                double start = ms(a.start());
                double end = Math.max(start, ms(a.end()));
                items.add(new Item(t, a, start, end, () -> title(t, a, start, end), critical.contains(t.iri())));
            }
        }
        items.sort(Comparator.comparingDouble(Item::start));
        return items;
    }

    private String title(TaskRun t, Attempt a, double start, double end) {
        StringBuilder s = new StringBuilder(t.task().label()).append(" — ")
                .append(a.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (t.attempts().size() > 1) {
            s.append(", attempt ").append(a.number()).append(" of ").append(t.attempts().size());
        }
        if (t.compensation()) {
            s.append(" (compensation)");
        }
        s.append("\nagent ").append(agentLabel.getOrDefault(t.task().agent(), String.valueOf(t.task().agent())))
                .append(", phase ").append(phaseLabel.getOrDefault(t.task().phase(), String.valueOf(t.task().phase())))
                .append("\nfrom ").append(human(start)).append(" to ").append(human(end)).append(" (")
                .append(human(end - start)).append("; estimated ")
                .append(PlanWriter.human(t.task().estimatedDuration())).append(')');
        if (critical.contains(t.iri())) {
            s.append("\non the critical path");
        }
        if (!a.reason().isEmpty()) {
            s.append('\n').append(Gantt.shorten(a.reason(), 300));
        }
        return s.toString();
    }

    /** When each task's last attempt ended, and when each gate was evaluated. */
    private Map<String, Double> doneTimes(List<Item> items) {
        Map<String, Double> done = new HashMap<>();
        for (Item i : items) {
            done.merge(i.task().iri(), i.end(), Math::max);
        }
        Map<String, Double> gates = new HashMap<>();
        for (GateOutcome g : result.gates()) {
            g.evaluatedAt().ifPresent(at -> gates.put(g.iri(), ms(at)));
        }
        return finishTimes(done, gates);
    }

    /**
     * When each node of the DAG was done: a task when its last attempt ended, a gate when it was evaluated (or,
     * for the estimate, when everything before it was done), a barrier when everything before it was done.
     */
    private Map<String, Double> finishTimes(Map<String, Double> tasks, Map<String, Double> gates) {
        Map<String, List<String>> predecessors = new HashMap<>();
        plan.edges().forEach(e -> predecessors.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
        Map<String, PlanNode.Kind> kinds = new HashMap<>();
        plan.nodes().forEach(n -> kinds.put(n.id(), n.kind()));
        Map<String, Double> finish = new HashMap<>();
        for (List<String> level : plan.levels()) {
            for (String id : level) {
                Double at = switch (kinds.get(id)) {
                    case TASK -> tasks.get(id);
                    case GATE -> gates.containsKey(id) ? gates.get(id) : latest(predecessors.get(id), finish);
                    case BARRIER -> latest(predecessors.get(id), finish);
                };
                if (at != null) {
                    finish.put(id, at);
                }
            }
        }
        return finish;
    }

    /** The latest time among the nodes, or null when one of them was never done (or there are none). */
    private static Double latest(List<String> ids, Map<String, Double> finish) {
        if (ids == null || ids.isEmpty()) {
            return 0.0;
        }
        double max = 0;
        for (String id : ids) {
            Double at = finish.get(id);
            if (at == null) {
                return null;
            }
            max = Math.max(max, at);
        }
        return max;
    }

    /** Whiskers for the time each task was ready (everything before it done) but not yet started. */
    private List<Gantt.Wait> waits(List<Item> items, int[] lane, int share, Map<String, Double> done) {
        Map<String, List<String>> predecessors = new HashMap<>();
        plan.edges().forEach(e -> predecessors.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
        Map<String, List<Contention>> contentions = new HashMap<>();
        for (Contention c : result.contentions()) {
            contentions.computeIfAbsent(c.waiter(), k -> new ArrayList<>()).add(c);
        }
        double minimum = 0.004 * (items.isEmpty() ? 1 : items.stream().mapToDouble(Item::end).max().orElse(1));
        List<Gantt.Wait> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.attempt().number() != 1 || item.run().compensation()) {
                continue;
            }
            Double ready = latest(predecessors.get(item.task().iri()), done);
            if (ready == null || item.start() - ready < minimum) {
                continue;
            }
            Contention c = heldDuring(contentions.get(item.task().iri()), items, ready, item.start());
            String waited = human(item.start() - ready);
            out.add(c != null
                    ? new Gantt.Wait(lane[i] / share, ready, item.start(), "wait resource", item.task().label() + " waited "
                            + waited + " for \"" + c.resource() + "\", which " + plan.task(c.holder()).map(PlanTask::label)
                                    .orElse(c.holder()) + " was writing")
                    : new Gantt.Wait(lane[i] / share, ready, item.start(), "wait slot", item.task().label() + " was ready "
                            + waited + " before it started: every worker was busy, or its phase, agent or a resource was"
                            + " at its limit"));
        }
        return out;
    }

    /**
     * The contention that explains a wait from {@code from} to {@code to}: one whose holder was writing (had an
     * attempt running) in that time. A task can wait for a resource on a later attempt only (a retry waiting for
     * the other writer): that contention does not explain its first wait, which is then a wait for a slot.
     */
    private static Contention heldDuring(List<Contention> candidates, List<Item> items, double from, double to) {
        if (candidates == null) {
            return null;
        }
        for (Contention c : candidates) {
            for (Item other : items) {
                if (other.task().iri().equals(c.holder()) && other.start() < to && other.end() > from) {
                    return c;
                }
            }
        }
        return null;
    }

    private List<Gantt.Milestone> milestones() {
        List<Gantt.Milestone> out = new ArrayList<>();
        for (GateOutcome g : result.gates()) {
            if (g.evaluatedAt().isEmpty()) {
                continue;
            }
            double at = ms(g.evaluatedAt().get());
            String state = g.state().name().toLowerCase(Locale.ROOT);
            out.add(new Gantt.Milestone(at, "g-" + state, g.gate().label(), g.gate().label() + " — " + state
                    + " at " + human(at) + (g.reason().isEmpty() ? "" : "\n" + Gantt.shorten(g.reason(), 300))));
        }
        out.sort(Comparator.comparingDouble(Gantt.Milestone::at));
        return out;
    }

    private List<Gantt.Span> phaseSpans(List<Item> items) {
        Map<String, double[]> spans = new LinkedHashMap<>();
        for (Item i : items) {
            if (i.task().phase() != null && !i.run().compensation()) {
                spans.merge(i.task().phase(), new double[] {i.start(), i.end()},
                        (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        return spans(spans);
    }

    private List<Gantt.Span> spans(Map<String, double[]> byPhase) {
        List<Gantt.Span> out = new ArrayList<>();
        for (PlanPhase p : plan.phases()) {
            double[] s = byPhase.get(p.iri());
            if (s != null) {
                out.add(new Gantt.Span(p.label(), s[0], s[1]));
            }
        }
        return out;
    }

    /** Agent IRI → lane: one per agent that ran, the least busy sharing the last lane when there are too many. */
    private Map<String, Integer> agentLanes(List<Item> items) {
        Map<String, Double> busy = new LinkedHashMap<>();
        for (PlanAgent a : plan.agents()) {
            busy.put(a.iri(), 0.0);
        }
        for (Item i : items) {
            busy.merge(String.valueOf(i.task().agent()), i.end() - i.start(), Double::sum);
        }
        List<String> ran = new ArrayList<>();
        Set<String> worked = new HashSet<>();
        items.forEach(i -> worked.add(String.valueOf(i.task().agent())));
        busy.keySet().stream().filter(worked::contains).forEach(ran::add);
        Map<String, Integer> lanes = new LinkedHashMap<>();
        if (ran.size() <= MAX_LANES) {
            for (int i = 0; i < ran.size(); i++) {
                lanes.put(ran.get(i), i);
            }
            return lanes;
        }
        List<String> busiest = ran.stream().sorted(Comparator.comparingDouble((String a) -> -busy.get(a))).limit(MAX_LANES - 1)
                .toList();
        Set<String> kept = new HashSet<>(busiest);
        int l = 0;
        for (String a : ran) {
            lanes.put(a, kept.contains(a) ? l++ : MAX_LANES - 1);
        }
        return lanes;
    }

    private Map<Integer, String> agentLaneLabels(Map<String, Integer> lanes) {
        Map<Integer, String> labels = new TreeMap<>();
        int others = 0;
        for (Map.Entry<String, Integer> e : lanes.entrySet()) {
            if (e.getValue() == MAX_LANES - 1 && lanes.size() > MAX_LANES) {
                others++;
            } else {
                labels.put(e.getValue(), agentLabel.getOrDefault(e.getKey(), e.getKey()));
            }
        }
        if (others > 0) {
            labels.put(MAX_LANES - 1, others + " other agents");
        }
        return labels;
    }

    private double ms(Duration d) {
        return d.toNanos() / 1e6 / scale;
    }

    /** An offset of the run as the report shows it: in spec time when the run was simulated at a time scale. */
    static Duration shown(RunResult result, Duration offset) {
        if (result.virtualTime() || result.timeScale().isEmpty()) {
            return offset;
        }
        return Duration.ofNanos(Math.round(offset.toNanos() / result.timeScale().getAsDouble()));
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static String human(double ms) {
        return TimeAxis.human(ms);
    }
}
