package io.specgraph.run;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanNode;
import io.specgraph.plan.PlanTask;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per plan node (task, gate or barrier), a SHA-256 of everything that decides what it does and where it sits:
 * its action, agent, phase, dependencies, inputs, outputs, writes, retries, timeout, estimate, compensation, and
 * for a gate its requirements and conditions, plus the node's position in the plan (a resumed run replays its
 * journal by position). Labels do not count. Equal fingerprints for every node mean a journal written under
 * one plan replays under the other.
 */
final class TaskFingerprints {
    private TaskFingerprints() {}

    static Map<String, String> of(Plan plan) {
        MessageDigest sha256 = sha256();
        Map<String, String> out = new LinkedHashMap<>();
        List<PlanNode> nodes = plan.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            PlanNode node = nodes.get(i);
            String canonical = "node " + i + " " + node.kind() + " " + node.id() + "\n" + switch (node.kind()) {
                case TASK -> task(plan.task(node.id()).orElseThrow());
                case GATE -> gate(plan.gate(node.id()).orElseThrow());
                case BARRIER -> "";
            };
            out.put(node.id(), hex(sha256, canonical));
        }
        plan.tasks().stream().filter(PlanTask::compensation).forEach(t -> out.put(t.iri(), hex(sha256, "compensation\n" + task(t))));
        return out;
    }

    private static String task(PlanTask t) {
        return String.join("\n", "action " + t.action().kind() + " " + t.action().value(), "agent " + t.agent(), "phase " + t.phase(),
                "dependsOn " + t.dependsOn(), "estimate " + t.estimatedDuration(), "inputs " + t.inputs(), "outputs " + t.outputs(),
                "writes " + t.writes(), "retries " + t.retries(), "timeout " + t.timeout(), "measures " + t.measures(),
                "compensatedBy " + t.compensatedBy());
    }

    private static String gate(PlanGate g) {
        return String.join("\n", "requires " + g.requires(), "closes " + g.closes(), "conditions " + g.conditions(), "owner " + g.owner());
    }

    /** The digest of {@code text} (digest() resets it, so one instance serves a whole plan). */
    private static String hex(MessageDigest sha256, String text) {
        return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
