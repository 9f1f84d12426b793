package io.specgraph.report;

import static io.specgraph.report.TimeAxis.num;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Draws one Gantt chart as inline SVG: a row of phases, a row of gate milestones, then one lane per worker or
 * agent with a bar per attempt (or per estimated task), a thin whisker for the time a ready task waited, and the
 * critical path outlined. Beyond {@value #MAX_BARS} bars, bars of one lane that touch (less than a pixel apart)
 * and look alike are drawn as one, so a 10,000-task run stays a few hundred kilobytes and opens at once.
 */
final class Gantt {
    /** Beyond this many bars, neighbouring alike bars are merged. */
    static final int MAX_BARS = 1500;
    /** Beyond this many gates, milestones lose their labels and lines. */
    private static final int MAX_LABELLED_GATES = 40;
    static final double LABEL_WIDTH = 190;
    static final double CHART_WIDTH = 880;
    static final double WIDTH = LABEL_WIDTH + CHART_WIDTH + 30;
    private static final double PITCH = 22;
    private static final double BAR = 16;
    private static final int LABEL_CHARS = 28;
    private static final int LABEL_ROWS = 3;
    /** The width of a character of a 10 px label, on average, for laying labels out without measuring them. */
    private static final double CHAR_WIDTH = 5.6;

    /**
     * An attempt (or an estimated task) on a lane; {@code count} is more than 1 for merged bars. The title is
     * written only for a bar that is drawn: most bars of a large run are merged away.
     */
    record Bar(int lane, double start, double end, String css, boolean critical, Supplier<String> title, int count) {
        Bar(int lane, double start, double end, String css, boolean critical, Supplier<String> title) {
            this(lane, start, end, css, critical, title, 1);
        }
    }

    /** The time a task was ready but not started (a full worker pool, a phase, agent or resource limit). */
    record Wait(int lane, double from, double to, String css, String title) {}

    /** A gate, when it was evaluated. */
    record Milestone(double at, String css, String label, String title) {}

    /** A phase, from its first start to its last end. */
    record Span(String label, double from, double to) {}

    private final String css;
    private final String caption;
    private final List<String> lanes;
    private final TimeAxis axis;

    Gantt(String css, String caption, List<String> lanes, TimeAxis axis) {
        this.css = css;
        this.caption = caption;
        this.lanes = List.copyOf(lanes);
        this.axis = axis;
    }

    /** Draws the chart; returns how many bars it drew (fewer than given when it merged them). */
    int render(Markup m, List<Bar> bars, List<Wait> waits, List<Milestone> milestones, List<Span> phases) {
        boolean merge = bars.size() > MAX_BARS;
        List<Bar> shown = merge ? merge(bars) : bars;
        // waits are drawn bar by bar; once bars are merged, they would be most of the page and say little
        List<Wait> whiskers = merge ? List.of() : waits;
        boolean labelled = milestones.size() <= MAX_LABELLED_GATES;
        double gatesTop = 40;
        double lanesTop = milestones.isEmpty() ? gatesTop : gatesTop + (labelled ? 12 * LABEL_ROWS + 8 : 18);
        double height = lanesTop + lanes.size() * PITCH + 8;
        m.open("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "gantt " + css, "role", "img",
                "width", num(WIDTH), "height", num(height), "viewBox", "0 0 " + num(WIDTH) + " " + num(height));
        m.element("title", caption);
        for (int i = 0; i < lanes.size(); i++) {
            double y = lanesTop + i * PITCH;
            m.empty("rect", "class", i % 2 == 0 ? "lane even" : "lane odd", "x", "0", "y", num(y),
                    "width", num(WIDTH), "height", num(PITCH));
            m.open("text", "class", "lane-label", "x", num(LABEL_WIDTH - 8), "y", num(y + 15), "text-anchor", "end");
            m.element("title", lanes.get(i));
            m.text(shorten(lanes.get(i), LABEL_CHARS)).close("text");
        }
        axis.draw(m, 18, height - 4);
        for (int i = 0; i < phases.size(); i++) {
            Span p = phases.get(i);
            double x = axis.x(p.from());
            double w = Math.max(1, axis.x(p.to()) - x);
            m.open("g", "class", "phase");
            m.empty("rect", "class", i % 2 == 0 ? "phase-band even" : "phase-band odd", "x", num(x), "y", "20",
                    "width", num(w), "height", "16");
            m.open("text", "x", num(x + 3), "y", "32");
            m.element("title", p.label());
            m.text(shorten(p.label(), Math.max(0, (int) (w / 6.5)))).close("text");
            m.close("g");
        }
        m.element("text", "phases", "class", "row-label", "x", num(LABEL_WIDTH - 8), "y", "32", "text-anchor", "end");
        if (!milestones.isEmpty()) {
            m.element("text", "gates", "class", "row-label", "x", num(LABEL_WIDTH - 8), "y", num(gatesTop + 12),
                    "text-anchor", "end");
        }
        for (Bar b : shown) {
            double x = axis.x(b.start());
            double w = Math.max(1.5, axis.x(b.end()) - x);
            String cls = "bar " + b.css() + (b.critical() ? " critical" : "") + (b.count() > 1 ? " merged" : "");
            m.open("rect", "class", cls, "x", num(x), "y", num(lanesTop + b.lane() * PITCH + (PITCH - BAR) / 2),
                    "width", num(w), "height", num(BAR), "rx", "2");
            m.element("title", b.title().get()).close("rect");
        }
        for (Wait w : whiskers) {
            double y = lanesTop + w.lane() * PITCH + PITCH - 1.5;
            m.open("line", "class", w.css(), "x1", num(axis.x(w.from())), "y1", num(y),
                    "x2", num(axis.x(w.to())), "y2", num(y));
            m.element("title", w.title()).close("line");
        }
        double[] rowEnds = new double[LABEL_ROWS];
        Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
        double[] diamonds = milestones.stream().mapToDouble(g -> axis.x(g.at())).toArray();
        for (Milestone g : milestones) {
            double x = axis.x(g.at());
            double y = gatesTop + 8;
            m.open("g", "class", "milestone " + g.css());
            m.element("title", g.title());
            if (labelled) {
                m.empty("line", "class", "gate-line", "x1", num(x), "y1", num(y), "x2", num(x), "y2", num(height - 4));
            }
            m.empty("polygon", "points", num(x) + "," + num(y - 7) + " " + num(x + 7) + "," + num(y) + " " + num(x) + ","
                    + num(y + 7) + " " + num(x - 7) + "," + num(y));
            if (labelled) {
                // a label goes on the first row where it clears the labels before it; without room it is left to the tooltip
                String label = shorten(g.label(), 26);
                double w = label.length() * CHAR_WIDTH;
                boolean left = x + 9 + w > WIDTH;
                double from = left ? x - 9 - w : x + 9;
                for (int row = 0; row < LABEL_ROWS; row++) {
                    // the first row is level with the diamonds: a label there must not run over another one
                    if (from > rowEnds[row] + 4 && (row > 0 || clear(diamonds, x, from - 8, from + w + 8))) {
                        rowEnds[row] = from + w;
                        m.element("text", label, "x", num(left ? x - 9 : x + 9), "y", num(y + 4 + row * 12),
                                "text-anchor", left ? "end" : "start");
                        break;
                    }
                }
            }
            m.close("g");
        }
        m.close("svg");
        return shown.size();
    }

    /** True when no diamond but the one at {@code own} lies between {@code from} and {@code to}. */
    private static boolean clear(double[] diamonds, double own, double from, double to) {
        for (double d : diamonds) {
            if (d != own && d > from && d < to) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bars of one lane that look alike and touch, as one bar per group; when that still leaves more than
     * {@value #MAX_BARS}, bars closer than a few pixels are joined too (the gap between them could not be seen in
     * a lane that busy anyway), each title saying so.
     */
    List<Bar> merge(List<Bar> bars) {
        List<Bar> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparingInt(Bar::lane).thenComparingDouble(Bar::start));
        List<Bar> out = List.of();
        for (int gap : new int[] {1, 3, 8, 20}) {
            out = merge(sorted, gap);
            if (out.size() <= MAX_BARS) {
                break;
            }
        }
        return out;
    }

    private List<Bar> merge(List<Bar> sorted, int gapPixels) {
        List<Bar> out = new ArrayList<>();
        double gap = gapPixels / axis.pixels(1);
        Bar current = null;
        for (Bar b : sorted) {
            if (current != null && current.lane() == b.lane() && current.css().equals(b.css())
                    && current.critical() == b.critical() && b.start() - current.end() < gap) {
                current = new Bar(current.lane(), current.start(), Math.max(current.end(), b.end()), current.css(),
                        current.critical(), current.title(), current.count() + b.count());
            } else {
                if (current != null) {
                    out.add(titled(current, gapPixels));
                }
                current = b;
            }
        }
        if (current != null) {
            out.add(titled(current, gapPixels));
        }
        return out;
    }

    private Bar titled(Bar b, int gapPixels) {
        if (b.count() == 1) {
            return b;
        }
        String state = b.css().startsWith("s-") ? b.css().substring(2).replace('_', ' ') : b.css();
        return new Bar(b.lane(), b.start(), b.end(), b.css(), b.critical(), () ->
                b.count() + " bars drawn as one (" + state + (b.critical() ? ", on the critical path" : "") + ") from "
                        + TimeAxis.human(b.start()) + " to " + TimeAxis.human(b.end())
                        + (gapPixels > 1 ? "; gaps narrower than " + gapPixels + " pixels between them are not drawn" : ""),
                b.count());
    }

    static String shorten(String s, int chars) {
        if (s.length() <= chars) {
            return s;
        }
        return chars <= 1 ? "" : s.substring(0, chars - 1) + "…";
    }
}
