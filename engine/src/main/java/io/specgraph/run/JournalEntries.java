package io.specgraph.run;

import io.specgraph.plan.PlanMetric;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the inputs of a {@link RunCore} into journal entries (one line each, tab-separated fields, no newline)
 * and back. A decoded input is equal in every respect the core looks at, so a fresh core fed the decoded
 * journal makes the same decisions: a handler's exception is kept as the description the core gives it, and
 * its output as {@link DurableOutputs} keeps it.
 */
final class JournalEntries {
    private JournalEntries() {}

    /** An exception read back from a journal: its description, exactly as the core described the original. */
    static final class JournaledFailure extends Exception {
        JournaledFailure(String description) {
            super(description, null, false, false);
        }
    }

    static String encode(CoreInput input) {
        List<String> f = new ArrayList<>();
        switch (input) {
            case CoreInput.Start s -> f.addAll(List.of("S", n(s.at()), n(s.instant().getEpochSecond()), n(s.instant().getNano())));
            case CoreInput.Dispatch d -> f.addAll(List.of("D", n(d.at())));
            case CoreInput.Resolve r -> f.addAll(List.of("R", n(r.at())));
            case CoreInput.Finish x -> f.addAll(List.of("F", n(x.at())));
            case CoreInput.AttemptEnded e -> {
                f.addAll(List.of("E", n(e.at()), n(e.node()), n(e.attempt())));
                f.add(e.error() == null ? null : RunCore.describe(e.error()));
                f.add(DurableOutputs.encode(e.output()));
            }
            case CoreInput.Measured m -> f.addAll(List.of("M", n(m.at()), n(m.node()), n(m.attempt()), m.metric().iri(),
                    m.value().toString(), n(m.stamped())));
            case CoreInput.GateAnswered g -> {
                f.addAll(List.of("G", n(g.at()), n(g.node()), n(g.evaluation()), n(g.conditions().size())));
                for (ConditionOutcome c : g.conditions()) {
                    f.add(c.kind().name());
                    f.add(c.value());
                    f.add(c.status().name());
                    f.add(c.detail());
                }
            }
            case CoreInput.GateDeadline g -> f.addAll(List.of("L", n(g.at()), n(g.node()), n(g.evaluation())));
            case CoreInput.TimersDue t -> {
                f.addAll(List.of("T", n(t.at()), n(t.timers().size())));
                for (CoreDecision.ArmTimer a : t.timers()) {
                    f.addAll(List.of(n(a.at()), a.kind().name(), n(a.node()), n(a.attempt())));
                }
            }
            case CoreInput.CancelRequested c -> {
                f.addAll(List.of("C", n(c.at())));
                f.add(c.why());
            }
            case CoreInput.ApprovalDecided a -> {
                f.addAll(List.of("A", n(a.at()), n(a.node()), a.approved() ? "1" : "0"));
                f.add(a.by());
                f.add(a.comment());
                f.addAll(List.of(n(a.instant().getEpochSecond()), n(a.instant().getNano())));
            }
            case CoreInput.AttemptInterrupted i -> f.addAll(List.of("I", n(i.at()), n(i.node()), n(i.attempt())));
            case CoreInput.Resumed r -> f.addAll(List.of("U", n(r.at()), n(r.instant().getEpochSecond()), n(r.instant().getNano())));
            case CoreInput.TaskChecked c -> {
                f.addAll(List.of("K", n(c.at()), n(c.node()), c.fingerprint(), c.upToDate() ? "1" : "0"));
                f.add(c.cachedFrom());
                f.add(DurableOutputs.encode(c.output()));
                f.add(n(c.reasons().size()));
                for (CheckReason why : c.reasons()) {
                    f.addAll(List.of(why.kind().name(), why.subject(), why.before(), why.after(), why.location(), why.from()));
                }
                f.add(n(c.measured().size()));
                new java.util.TreeMap<>(c.measured()).forEach((iri, value) -> {
                    f.add(iri);
                    f.add(value.toString());
                });
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
                line.append('\t');
            }
            escape(f.get(i), line);
        }
        return line.toString();
    }

    /**
     * Reads an entry back.
     *
     * @param metrics the plan's metrics by IRI
     * @throws IllegalArgumentException when the line is not an entry of this format
     */
    static CoreInput decode(String line, Map<String, PlanMetric> metrics) {
        List<String> f = fields(line);
        Reader r = new Reader(f);
        String kind = r.text();
        long at = r.number();
        CoreInput input = switch (kind) {
            case "S" -> new CoreInput.Start(at, Instant.ofEpochSecond(r.number(), r.number()));
            case "D" -> new CoreInput.Dispatch(at);
            case "R" -> new CoreInput.Resolve(at);
            case "F" -> new CoreInput.Finish(at);
            case "E" -> {
                int node = r.integer();
                int attempt = r.integer();
                String failure = r.text();
                Object output = DurableOutputs.decode(r.text());
                yield new CoreInput.AttemptEnded(at, node, attempt, output, failure == null ? null : new JournaledFailure(failure));
            }
            case "M" -> {
                int node = r.integer();
                int attempt = r.integer();
                String iri = r.text();
                PlanMetric metric = metrics.get(iri);
                if (metric == null) {
                    throw new IllegalArgumentException("the plan has no metric " + iri);
                }
                yield new CoreInput.Measured(at, node, attempt, metric, new BigDecimal(r.text()), r.number());
            }
            case "G" -> {
                int node = r.integer();
                int evaluation = r.integer();
                int count = r.integer();
                List<ConditionOutcome> conditions = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    conditions.add(new ConditionOutcome(ConditionOutcome.Kind.valueOf(r.text()), r.text(),
                            ConditionOutcome.Status.valueOf(r.text()), r.text()));
                }
                yield new CoreInput.GateAnswered(at, node, evaluation, List.copyOf(conditions));
            }
            case "L" -> new CoreInput.GateDeadline(at, r.integer(), r.integer());
            case "T" -> {
                int count = r.integer();
                List<CoreDecision.ArmTimer> timers = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    timers.add(new CoreDecision.ArmTimer(r.number(), CoreDecision.ArmTimer.Kind.valueOf(r.text()), r.integer(), r.integer()));
                }
                yield new CoreInput.TimersDue(at, List.copyOf(timers));
            }
            case "C" -> new CoreInput.CancelRequested(at, r.text());
            case "A" -> new CoreInput.ApprovalDecided(at, r.integer(), "1".equals(r.text()), r.text(), r.text(),
                    Instant.ofEpochSecond(r.number(), r.number()));
            case "I" -> new CoreInput.AttemptInterrupted(at, r.integer(), r.integer());
            case "U" -> new CoreInput.Resumed(at, Instant.ofEpochSecond(r.number(), r.number()));
            case "K" -> {
                int node = r.integer();
                String fingerprint = r.text();
                boolean upToDate = "1".equals(r.text());
                String cachedFrom = r.text();
                Object output = DurableOutputs.decode(r.text());
                int count = r.integer();
                List<CheckReason> reasons = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    reasons.add(new CheckReason(CheckReason.Kind.valueOf(r.text()), r.text(), r.text(), r.text(), r.text(), r.text()));
                }
                int values = r.integer();
                Map<String, BigDecimal> measured = new java.util.HashMap<>();
                for (int i = 0; i < values; i++) {
                    measured.put(r.text(), new BigDecimal(r.text()));
                }
                yield new CoreInput.TaskChecked(at, node, fingerprint, upToDate, reasons, cachedFrom, output, measured);
            }
            default -> throw new IllegalArgumentException("unknown journal entry kind '" + kind + "'");
        };
        if (r.next < f.size()) {
            throw new IllegalArgumentException("a journal entry of kind " + kind + " has " + (f.size() - r.next) + " fields too many");
        }
        return input;
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static void escape(String field, StringBuilder out) {
        if (field == null) {
            out.append("\\0");
            return;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean isNull = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                out.add(isNull ? null : field.toString());
                field.setLength(0);
                isNull = false;
            } else if (c == '\\') {
                if (++i >= line.length()) {
                    throw new IllegalArgumentException("a journal entry ends inside an escape");
                }
                switch (line.charAt(i)) {
                    case '\\' -> field.append('\\');
                    case 't' -> field.append('\t');
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case '0' -> isNull = true;
                    default -> throw new IllegalArgumentException("unknown escape \\" + line.charAt(i) + " in a journal entry");
                }
            } else {
                field.append(c);
            }
        }
        out.add(isNull ? null : field.toString());
        return out;
    }

    /** Reads the fields of an entry in order. */
    private static final class Reader {
        private final List<String> fields;
        int next;

        Reader(List<String> fields) {
            this.fields = fields;
        }

        String text() {
            if (next >= fields.size()) {
                throw new IllegalArgumentException("a journal entry has too few fields");
            }
            return fields.get(next++);
        }

        long number() {
            return Long.parseLong(text());
        }

        int integer() {
            return Integer.parseInt(text());
        }
    }
}
