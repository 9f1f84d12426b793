package io.specgraph.run;

import io.specgraph.plan.PlanMetric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * One line of a run's SLO table: a metric's baseline, target and the last value measured in the run.
 *
 * @param metric   the planned metric (baseline, target, unit, direction)
 * @param measured the last value a task recorded, if any
 * @param cached   the value was carried over by a cached task from the earlier attempt it reused, not measured
 *                 in this run
 */
public record SloRow(PlanMetric metric, Optional<BigDecimal> measured, boolean cached) {
    /** A row whose value, if any, was measured in this run. */
    public SloRow(PlanMetric metric, Optional<BigDecimal> measured) {
        this(metric, measured, false);
    }

    /** Whether the measured value meets the target in the metric's direction; empty when not measured. */
    public Optional<Boolean> met() {
        if (measured.isEmpty() || metric.target() == null) {
            return Optional.empty();
        }
        int c = measured.get().compareTo(metric.target());
        return Optional.of(metric.minimize() ? c <= 0 : c >= 0);
    }

    /**
     * How many times better than the baseline the measured value is: baseline / measured for a metric to
     * minimise, measured / baseline for one to maximise. Empty when not measured or a value is zero.
     */
    public Optional<BigDecimal> improvement() {
        if (measured.isEmpty() || metric.baseline() == null) {
            return Optional.empty();
        }
        BigDecimal numerator = metric.minimize() ? metric.baseline() : measured.get();
        BigDecimal denominator = metric.minimize() ? measured.get() : metric.baseline();
        if (denominator.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(numerator.divide(denominator, MathContext.DECIMAL64));
    }
}
