package io.specgraph.closure;

import io.specgraph.internal.Timings;
import io.specgraph.vocab.SG;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

/**
 * Checks every duration ({@code sg:estimatedDuration}, {@code sg:timeout}) and retry count
 * ({@code sg:retries}) with the reading the plan uses ({@link Timings}), so that what validate accepts,
 * warns about or refuses is exactly what the plan uses, uses with a warning, or leaves out. A refused value is
 * a violation; a value used as read but written loosely (a plain string for a duration) is a warning.
 */
final class TimingRule {
    static final String CATEGORY = "executability";
    static final String DURATION = "duration-valid";
    static final String TIMEOUT = "task-timeout";
    static final String RETRIES = "task-retries";

    private TimingRule() {}

    static void run(Findings findings) {
        check(findings, SG.estimatedDuration, DURATION, o -> Timings.duration(o, Timings.Use.ESTIMATE));
        check(findings, SG.timeout, TIMEOUT, o -> Timings.duration(o, Timings.Use.TIMEOUT));
        check(findings, SG.retries, RETRIES, Timings::retries);
    }

    private static void check(Findings findings, Node property, String ruleId, Function<Node, Timings.Reading<?>> read) {
        Map<Node, List<Node>> valuesBySubject = findings.data().find(Node.ANY, property, Node.ANY).toList().stream()
                .collect(Collectors.groupingBy(Triple::getSubject, Collectors.mapping(Triple::getObject, Collectors.toList())));
        String path = findings.name(property);
        for (Map.Entry<Node, List<Node>> entry : valuesBySubject.entrySet()) {
            Node subject = entry.getKey();
            List<Node> values = entry.getValue();
            if (values.size() > 1) {
                // the plan would use one of them, which one depending on the order of the files
                findings.fail(ruleId, CATEGORY, Severity.VIOLATION, subject, path, values.get(0),
                        "has " + values.size() + " values of " + path + "; give exactly one", Origin.rule(Origin.TIMING, property));
            }
            for (Node value : values) {
                Timings.Reading<?> reading = read.apply(value);
                if (reading.problem() != null) {
                    findings.fail(ruleId, CATEGORY, reading.refused() ? Severity.VIOLATION : Severity.WARNING, subject,
                            path, value, "has " + path + " " + Timings.show(value) + ", which " + reading.problem()
                                    + (reading.refused() ? "" : " (a warning: the value is used)"),
                            Origin.rule(Origin.TIMING, property));
                }
            }
        }
        findings.tally().checks(ruleId, CATEGORY, valuesBySubject.size());
    }
}
