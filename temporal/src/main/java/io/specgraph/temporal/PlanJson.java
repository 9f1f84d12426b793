package io.specgraph.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specgraph.plan.Action;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanConflict;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanRisk;
import io.specgraph.plan.PlanTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A plan as a Jena-free value: its parts as JSON, gzipped, which is what a run's workflow is started with. The
 * workflow rebuilds the same plan from it ({@link Plan#fromParts}), so it never loads a spec; the same plan always
 * gives the same bytes, and its SHA-256 names it when it travels by reference.
 */
final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {}

    /** The plan's parts, gzipped JSON. */
    static byte[] encode(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipelined", plan.pipelined());
        ArrayNode phases = root.putArray("phases");
        for (PlanPhase p : plan.phases()) {
            phases.addObject().put("iri", p.iri()).put("label", p.label()).put("order", p.order()).put("maxParallel", p.maxParallel())
                    .put("estimatedDuration", text(p.estimatedDuration()));
        }
        ArrayNode agents = root.putArray("agents");
        for (PlanAgent a : plan.agents()) {
            agents.addObject().put("iri", a.iri()).put("label", a.label()).put("responsibility", a.responsibility())
                    .put("concurrency", a.concurrency());
        }
        ArrayNode tasks = root.putArray("tasks");
        for (PlanTask t : plan.tasks()) {
            ObjectNode o = tasks.addObject().put("iri", t.iri()).put("label", t.label()).put("agent", t.agent()).put("phase", t.phase());
            strings(o, "dependsOn", t.dependsOn());
            o.put("estimatedDuration", text(t.estimatedDuration()));
            o.put("actionKind", t.action().kind().name()).put("actionValue", t.action().value());
            strings(o, "inputs", t.inputs());
            strings(o, "outputs", t.outputs());
            strings(o, "writes", t.writes());
            if (t.retries() != null) {
                o.put("retries", t.retries());
            }
            o.put("timeout", text(t.timeout()));
            strings(o, "addresses", t.addresses());
            strings(o, "measures", t.measures());
            o.put("compensatedBy", t.compensatedBy()).put("compensation", t.compensation());
        }
        ArrayNode gates = root.putArray("gates");
        for (PlanGate g : plan.gates()) {
            ObjectNode o = gates.addObject().put("iri", g.iri()).put("label", g.label()).put("closes", g.closes()).put("owner", g.owner());
            strings(o, "requires", g.requires());
            ArrayNode conditions = o.putArray("conditions");
            for (PlanGate.Condition c : g.conditions()) {
                ObjectNode co = conditions.addObject().put("kind", c.kind().name()).put("value", c.value());
                if (c.approval() != null) {
                    strings(co, "approvers", c.approval().approvers());
                    co.put("timeout", text(c.approval().timeout())).put("passOnTimeout", c.approval().passOnTimeout());
                }
            }
        }
        ArrayNode metrics = root.putArray("metrics");
        for (PlanMetric m : plan.metrics()) {
            ObjectNode o = metrics.addObject().put("iri", m.iri()).put("label", m.label()).put("baseline", text(m.baseline()))
                    .put("target", text(m.target())).put("unit", m.unit()).put("minimize", m.minimize()).put("priority", m.priority());
            strings(o, "measuredBy", m.measuredBy());
        }
        ArrayNode risks = root.putArray("risks");
        for (PlanRisk r : plan.risks()) {
            risks.addObject().put("iri", r.iri()).put("label", r.label()).put("severity", r.severity())
                    .put("probability", text(r.probability())).put("mitigation", r.mitigation()).put("owner", r.owner());
        }
        ArrayNode conflicts = root.putArray("conflicts");
        for (PlanConflict c : plan.conflicts()) {
            ObjectNode o = conflicts.addObject().put("iri", c.iri()).put("label", c.label()).put("resource", c.resource())
                    .put("resolution", c.resolution() == null ? null : c.resolution().name());
            strings(o, "between", c.between());
        }
        strings(root, "unknownDurations", new ArrayList<>(new TreeSet<>(plan.unknownDurations())));
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(JSON.writeValueAsBytes(root));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plan back from {@link #encode}: the same nodes, edges and order, without a spec graph. */
    static Plan decode(byte[] gzipped) {
        JsonNode root;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            root = JSON.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a plan of specgraph-temporal: " + e.getMessage(), e);
        }
        List<PlanPhase> phases = list(root, "phases", p -> new PlanPhase(str(p, "iri"), str(p, "label"), p.get("order").asInt(),
                p.get("maxParallel").asInt(), duration(p, "estimatedDuration")));
        List<PlanAgent> agents = list(root, "agents", a -> new PlanAgent(str(a, "iri"), str(a, "label"), str(a, "responsibility"),
                a.get("concurrency").asInt()));
        List<PlanTask> tasks = list(root, "tasks", t -> new PlanTask(str(t, "iri"), str(t, "label"), str(t, "agent"), str(t, "phase"),
                strings(t, "dependsOn"), duration(t, "estimatedDuration"),
                new Action(Action.Kind.valueOf(str(t, "actionKind")), str(t, "actionValue")), strings(t, "inputs"),
                strings(t, "outputs"), strings(t, "writes"), t.hasNonNull("retries") ? t.get("retries").asInt() : null,
                duration(t, "timeout"), strings(t, "addresses"), strings(t, "measures"), str(t, "compensatedBy"),
                t.get("compensation").asBoolean()));
        List<PlanGate> gates = list(root, "gates", g -> new PlanGate(str(g, "iri"), str(g, "label"), strings(g, "requires"),
                str(g, "closes"), list(g, "conditions", c -> {
                    PlanGate.Condition.Kind kind = PlanGate.Condition.Kind.valueOf(str(c, "kind"));
                    return kind == PlanGate.Condition.Kind.APPROVAL
                            ? new PlanGate.Condition(kind, str(c, "value"), new PlanGate.Approval(strings(c, "approvers"),
                                    duration(c, "timeout"), c.get("passOnTimeout").asBoolean()))
                            : new PlanGate.Condition(kind, str(c, "value"));
                }), str(g, "owner")));
        List<PlanMetric> metrics = list(root, "metrics", m -> new PlanMetric(str(m, "iri"), str(m, "label"), decimal(m, "baseline"),
                decimal(m, "target"), str(m, "unit"), m.get("minimize").asBoolean(), m.get("priority").asInt(), strings(m, "measuredBy")));
        List<PlanRisk> risks = list(root, "risks", r -> new PlanRisk(str(r, "iri"), str(r, "label"), str(r, "severity"),
                decimal(r, "probability"), str(r, "mitigation"), str(r, "owner")));
        List<PlanConflict> conflicts = list(root, "conflicts", c -> new PlanConflict(str(c, "iri"), str(c, "label"), strings(c, "between"),
                str(c, "resource"), str(c, "resolution") == null ? null : PlanConflict.Resolution.valueOf(str(c, "resolution"))));
        return Plan.fromParts(phases, agents, tasks, gates, metrics, risks, conflicts, root.get("pipelined").asBoolean(),
                new TreeSet<>(strings(root, "unknownDurations")));
    }

    /** The SHA-256 of the value, in hex: what names a plan passed by reference. */
    static String digest(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value instanceof BigDecimal d ? d.toString() : value.toString();
    }

    private static void strings(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    private static String str(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Duration duration(JsonNode o, String field) {
        String v = str(o, field);
        return v == null ? null : Duration.parse(v);
    }

    private static BigDecimal decimal(JsonNode o, String field) {
        String v = str(o, field);
        return v == null ? null : new BigDecimal(v);
    }

    private static List<String> strings(JsonNode o, String field) {
        List<String> out = new ArrayList<>();
        o.get(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static <T> List<T> list(JsonNode o, String field, Function<JsonNode, T> item) {
        List<T> out = new ArrayList<>();
        o.get(field).forEach(v -> out.add(item.apply(v)));
        return out;
    }

}
