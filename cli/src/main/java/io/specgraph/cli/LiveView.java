package io.specgraph.cli;

import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanTask;
import io.specgraph.run.GateState;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunListener;
import io.specgraph.run.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress of a run on a terminal: a compact view redrawn in place with ANSI escapes at most ten times a
 * second — the phases under way, task counts by state, the running tasks and the elapsed time. Tasks that
 * fail and gates that do not pass are also printed as lines above the view, so they stay on the screen.
 *
 * <p>The engine calls {@link #onEvent} from the thread taking its scheduling step, which only updates
 * counters; a daemon thread draws. {@link #close()} stops it and erases the view, leaving the lines.
 */
final class LiveView implements RunListener, AutoCloseable {
    private static final long FRAME_MILLIS = 100;
    private static final String UP = "\033[%dA";
    private static final String CLEAR_DOWN = "\033[J";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";

    private final PrintWriter out;
    private final int width;
    private final double timeScale;
    private final int scheduledTasks;
    private final int gates;
    private final Map<String, Boolean> compensation = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();

    // guarded by this
    private final Map<TaskState, Integer> ended = new EnumMap<>(TaskState.class);
    private final Map<GateState, Integer> gateStates = new EnumMap<>(GateState.class);
    private final Map<String, String> running = new LinkedHashMap<>();
    private final Map<String, String> phases = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private int runningScheduled;
    private boolean changed = true;
    private boolean finished;
    private long lastSecond = -1;

    // touched by the drawing thread only (and close, after it stopped)
    private int drawn;
    private final Thread painter;

    LiveView(PrintWriter out, Plan plan, double timeScale, int width) {
        this.out = out;
        this.width = Math.max(40, width);
        this.timeScale = timeScale;
        this.scheduledTasks = (int) plan.tasks().stream().filter(t -> !t.compensation()).count();
        this.gates = plan.gates().size();
        plan.tasks().forEach(t -> compensation.put(t.iri(), t.compensation()));
        out.print(HIDE_CURSOR);
        out.flush();
        this.painter = Thread.ofPlatform().daemon().name("specgraph-live-view").start(this::paintLoop);
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        switch (event) {
            case RunEvent.PhaseStarted e -> phases.put(e.phase().iri(), ProgressLines.title(e.phase()));
            case RunEvent.PhaseFinished e -> phases.remove(e.phase().iri());
            case RunEvent.TaskStarted e -> {
                running.put(e.task().iri(), ProgressLines.local(e.task().iri()));
                if (!compensation.getOrDefault(e.task().iri(), false)) {
                    runningScheduled++;
                }
            }
            case RunEvent.TaskFinished e -> {
                PlanTask t = e.task();
                if (running.remove(t.iri()) != null && !compensation.getOrDefault(t.iri(), false)) {
                    runningScheduled--;
                }
                boolean bad = e.state() == TaskState.FAILED || e.state() == TaskState.TIMED_OUT;
                if (e.willRetry() || bad) {
                    lines.add(ProgressLines.elapsed(e.at(), timeScale) + "  " + ProgressLines.describe(e));
                }
                if (!e.willRetry() && !compensation.getOrDefault(t.iri(), false)) {
                    ended.merge(e.state(), 1, Integer::sum);
                }
            }
            case RunEvent.GateEvaluated e -> {
                gateStates.merge(e.outcome().state(), 1, Integer::sum);
                if (!e.outcome().state().passed()) {
                    lines.add(ProgressLines.elapsed(e.at(), timeScale) + "  " + ProgressLines.describe(e));
                }
            }
            case RunEvent.GateWaiting e -> lines.add(ProgressLines.elapsed(e.at(), timeScale) + "  " + ProgressLines.describe(e));
            case RunEvent.RunFinished e -> finished = true;
            default -> {
                return;
            }
        }
        changed = true;
    }

    private void paintLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                paint();
                Thread.sleep(FRAME_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Redraws the view when something changed, and at least every second for the clock. */
    private void paint() {
        List<String> permanent;
        List<String> view;
        synchronized (this) {
            long now = System.nanoTime();
            boolean tick = (now - startNanos) / 1_000_000_000L != lastSecond;
            if (!changed && !tick) {
                return;
            }
            lastSecond = (now - startNanos) / 1_000_000_000L;
            changed = false;
            permanent = List.copyOf(lines);
            lines.clear();
            view = finished ? List.of() : view(Duration.ofNanos(now - startNanos));
        }
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append('\r').append(String.format(UP, drawn));
        }
        frame.append(CLEAR_DOWN);
        permanent.forEach(l -> frame.append(l).append('\n'));
        view.forEach(l -> frame.append(fit(l)).append('\n'));
        drawn = view.size();
        out.print(frame);
        out.flush();
    }

    private List<String> view(Duration elapsed) {
        List<String> view = new ArrayList<>();
        view.add("running " + (phases.isEmpty() ? "" : String.join(", ", phases.values()) + " · ")
                + ProgressLines.elapsed(elapsed, timeScale));
        int done = ended.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder counts = new StringBuilder("  tasks: ")
                .append(ended.getOrDefault(TaskState.SUCCEEDED, 0)).append('/').append(scheduledTasks).append(" succeeded, ")
                .append(running.size()).append(" running, ")
                .append(Math.max(0, scheduledTasks - done - runningScheduled)).append(" pending");
        ended.forEach((s, c) -> {
            if (s != TaskState.SUCCEEDED) {
                counts.append(", ").append(c).append(' ').append(ProgressLines.state(s));
            }
        });
        if (gates > 0) {
            counts.append(" · gates: ").append(gateStates.getOrDefault(GateState.PASSED, 0)).append('/').append(gates)
                    .append(" passed");
            gateStates.forEach((s, c) -> {
                if (s != GateState.PASSED) {
                    counts.append(", ").append(c).append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT));
                }
            });
        }
        view.add(counts.toString());
        if (!running.isEmpty()) {
            view.add("  now: " + String.join(", ", running.values()));
        }
        return view;
    }

    private String fit(String line) {
        return line.length() < width ? line : line.substring(0, width - 2) + "…";
    }

    /** Stops drawing, prints what is left to print, erases the view and shows the cursor again. */
    @Override
    public void close() {
        painter.interrupt();
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            finished = true;
            changed = true;
        }
        paint();
        out.print(SHOW_CURSOR);
        out.flush();
    }
}
