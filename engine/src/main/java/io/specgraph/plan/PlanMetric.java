package io.specgraph.plan;

import java.math.BigDecimal;
import java.util.List;

/**
 * A success metric.
 *
 * @param iri        the metric's IRI
 * @param label      its {@code rdfs:label}, or its IRI's local name
 * @param baseline   the value before the work, or {@code null} in a plan of an unclosed spec
 * @param target     the value to reach, or {@code null} in a plan of an unclosed spec
 * @param unit       unit of baseline and target
 * @param minimize   true when lower is better ({@code sg:Minimize}), false for {@code sg:Maximize}
 * @param priority   rank (1 = most important), or 0 when not given
 * @param measuredBy tasks and gates that measure it (from {@code sg:measuredBy} and {@code sg:measures})
 */
public record PlanMetric(String iri, String label, BigDecimal baseline, BigDecimal target, String unit,
                         boolean minimize, int priority, List<String> measuredBy) {
    public PlanMetric {
        measuredBy = List.copyOf(measuredBy);
    }
}
