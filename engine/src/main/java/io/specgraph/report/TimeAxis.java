package io.specgraph.report;

import io.specgraph.plan.PlanWriter;
import java.time.Duration;

/**
 * Maps offsets from the start of a run (in milliseconds) to x positions, and draws the axis with ticks at round
 * times (1, 2, 5 … s, min, h) so a person can read a bar's time off the chart.
 */
final class TimeAxis {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] STEPS = {1, 2, 5, 10, 20, 50, 100, 200, 500, SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND,
        15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR,
        3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 365 * DAY};
    private static final int MAX_TICKS = 12;

    private final double spanMs;
    private final double left;
    private final double width;

    /** An axis from 0 to {@code spanMs} drawn from {@code left} over {@code width} pixels. */
    TimeAxis(double spanMs, double left, double width) {
        this.spanMs = spanMs > 0 ? spanMs : 1;
        this.left = left;
        this.width = width;
    }

    double span() {
        return spanMs;
    }

    /** The x position of an offset. */
    double x(double ms) {
        return left + Math.max(0, Math.min(ms, spanMs)) / spanMs * width;
    }

    /** How many pixels a duration takes. */
    double pixels(double ms) {
        return ms / spanMs * width;
    }

    /** The tick step: the smallest round time that gives at most a dozen ticks. */
    long step() {
        for (long s : STEPS) {
            if (spanMs / s <= MAX_TICKS) {
                return s;
            }
        }
        return (long) Math.ceil(spanMs / MAX_TICKS);
    }

    /** Tick lines over {@code top}..{@code bottom}, with labels above {@code top}. */
    void draw(Markup m, double top, double bottom) {
        long step = step();
        m.open("g", "class", "axis");
        for (long t = 0; t <= spanMs + 1e-9; t += step) {
            double x = x(t);
            m.empty("line", "x1", num(x), "y1", num(top), "x2", num(x), "y2", num(bottom));
            m.element("text", PlanWriter.human(Duration.ofMillis(t)), "x", num(x), "y", num(top - 4),
                    "text-anchor", t == 0 ? "start" : "middle");
        }
        m.close("g");
    }

    /** A time in milliseconds as a person reads it. */
    static String human(double ms) {
        return PlanWriter.human(Duration.ofNanos(Math.round(ms * 1e6)));
    }

    /** A coordinate with at most one decimal, as SVG reads it whatever the default locale. */
    static String num(double v) {
        long tenths = Math.round(v * 10);
        String whole = Long.toString(Math.abs(tenths) / 10);
        String sign = tenths < 0 ? "-" : "";
        long fraction = Math.abs(tenths) % 10;
        // String.format is slow, and a large report writes hundreds of thousands of coordinates
        return fraction == 0 ? sign + whole : sign + whole + "." + fraction;
    }
}
