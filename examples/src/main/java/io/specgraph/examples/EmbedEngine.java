package io.specgraph.examples;

import io.specgraph.Specgraph;
import io.specgraph.load.SpecLoadException;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanRefusedException;
import io.specgraph.plan.PlanTask;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.ConditionOutcome;
import io.specgraph.run.ContextStore;
import io.specgraph.run.Engine;
import io.specgraph.run.GateContext;
import io.specgraph.run.GateOutcome;
import io.specgraph.run.RunEvent;
import io.specgraph.run.RunListener;
import io.specgraph.run.RunRefusedException;
import io.specgraph.run.RunResult;
import io.specgraph.run.SloRow;
import io.specgraph.run.TaskContext;
import io.specgraph.run.TaskRun;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;

/**
 * Embeds the run engine in a Java program: runs {@code specs/review-all} (1 codebase analyser → 5 parallel
 * reviewers → 1 synthesis) with a Java handler for every task, on a real folder of source code.
 *
 * <ul>
 *   <li>{@code analyse-codebase} computes a {@link CodebaseAnalysis} of the folder once and puts it in the
 *       run's shared {@link ContextStore} under {@value #ANALYSIS_KEY} (one miss);</li>
 *   <li>the five reviewers read it back from the store (five hits), each derive a one-line finding from
 *       it, and record the store's cumulative hit rate ({@code :context-cache-hit-rate});</li>
 *   <li>{@code synthesise} merges the reviews it gets from {@link TaskContext#upstream()} into a report and
 *       records the run's wall time, the number of analyses and the progress coverage;</li>
 *   <li>the Analysis Gate's {@code sg:predicate "codebase-analysis-cached"} is answered in Java; the
 *       Reviews Complete Gate's metric and SPARQL conditions are checked by the engine itself.</li>
 * </ul>
 *
 * <p>{@code main} prints live progress, then the report, the timeline, the gates, the SLO table and the
 * store's hit and miss counts, and exits 0 when the run succeeded, 1 when it did not, 2 on bad input.
 *
 * <p>Run from the repository root: {@code mvn -q -pl examples -am compile exec:exec -Dexample=EmbedEngine
 * -Dexample.args="engine/src specs/review-all"} (both arguments optional: the folder to review, the spec).
 */
public final class EmbedEngine {
    /** The namespace of {@code specs/review-all}. */
    public static final String NS = "https://w3id.org/specgraph/example/review-all#";
    /** The key of the shared context entry, as {@code :codebase-analysis-entry} declares it. */
    public static final String ANALYSIS_KEY = "codebase-analysis";
    /** The key of the Analysis Gate's {@code sg:predicate} condition. */
    public static final String CACHED_PREDICATE = "codebase-analysis-cached";
    /** The worker count: the review phase allows 5 at once ({@code sg:maxParallel 5}), so all 5 reviewers overlap. */
    public static final int WORKERS = 5;

    private static final String ANALYSE = NS + "analyse-codebase";
    private static final String HIT_RATE = NS + "context-cache-hit-rate";
    private static final String WALL_TIME = NS + "review-wall-time";
    private static final String ANALYSES = NS + "codebase-analyses-per-run";
    private static final String PROGRESS = NS + "progress-visibility";
    private static final String ENTRY = NS + "codebase-analysis-entry";

    /** The five reviewers: handler key (as in plan.ttl), the area in the report, how the area reads the analysis. */
    private static final List<Reviewer> REVIEWERS = List.of(
            new Reviewer("review-quality", "quality", EmbedEngine::quality),
            new Reviewer("review-best-practices", "best practices", EmbedEngine::bestPractices),
            new Reviewer("review-architecture", "architecture", EmbedEngine::architecture),
            new Reviewer("review-performance", "performance", EmbedEngine::performance),
            new Reviewer("review-security", "security", EmbedEngine::security));

    private EmbedEngine() {}

    /**
     * What one reviewer found: the output of a review task, which the synthesis reads.
     *
     * @param area    quality, best practices, architecture, performance or security
     * @param finding one sentence derived from the shared codebase analysis
     */
    public record Review(String area, String finding) {}

    /**
     * A finished run of the review.
     *
     * @param result the engine's account of the run: timeline, gates, SLOs, store
     * @param report the synthesis task's output, or null when the synthesis did not run; kept here because
     *               {@link RunResult} does not carry task outputs
     */
    public record Outcome(RunResult result, String report) {}

    private record Reviewer(String key, String area, Function<CodebaseAnalysis, String> finding) {}

    /** Runs the review and exits with the code {@link #run(String[], PrintStream)} returns. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the review with {@code args} = [folder to review (default {@code engine/src})] [spec folder
     * (default {@code specs/review-all})], prints everything to {@code out}, and returns the exit code:
     * 0 when the run succeeded, 1 when it did not, 2 on bad input (no such folder, spec not loadable or
     * not closed, run refused).
     */
    public static int run(String[] args, PrintStream out) {
        Path codebase = Path.of(args.length > 0 ? args[0] : "engine/src");
        Path spec = Path.of(args.length > 1 ? args[1] : "specs/review-all");
        if (!Files.isDirectory(codebase)) {
            // checked here rather than left to fail the analysis task: a wrong argument is bad input, not a failed run
            out.println(codebase + " is not a folder; give the folder to review as the first argument");
            return 2;
        }
        Outcome outcome;
        try {
            outcome = review(spec, codebase, out);
        } catch (SpecLoadException | PlanRefusedException | RunRefusedException e) {
            out.println(e.getMessage());
            return 2;
        }
        print(outcome, out);
        return outcome.result().succeeded() ? 0 : 1;
    }

    /**
     * Loads the spec, derives its plan and runs it with this example's handlers on {@code codebase}.
     *
     * @param progress where to print each event as it happens, or null for none
     * @throws SpecLoadException    when the spec cannot be read
     * @throws PlanRefusedException when the spec is not closed
     * @throws RunRefusedException  when a task of the spec has no handler here, or a gate a predicate nobody
     *                              registered (for a spec that is not review-all)
     */
    public static Outcome review(Path specFolder, Path codebase, PrintStream progress) {
        Plan plan = Specgraph.load(specFolder).plan();
        ProgressTracker tracker = new ProgressTracker(plan, progress);
        AtomicReference<String> report = new AtomicReference<>();
        // Each reviewer reads the store and records the hit rate under this lock: the engine keeps the last
        // value recorded, so reads and records must happen in the same order, or a reviewer that read early
        // (rate 3/4) but recorded late would overwrite the final 5/6 and fail the Reviews Complete Gate.
        Object hitRateLock = new Object();
        long started = System.nanoTime();

        Engine.Builder engine = Engine.builder()
                .workers(WORKERS)
                .listener(tracker)
                // the analysis is both stored (for the reviewers) and returned (for the gate, which must
                // look at it without reading the store: a read would count as a sixth hit)
                .handler("analyse-codebase", ctx -> analysis(ctx.store(), codebase))
                .predicate(CACHED_PREDICATE, EmbedEngine::analysisCachedAndFresh)
                .handler("synthesise", ctx -> {
                    String text = synthesise(ctx);
                    ctx.measure(ANALYSES, ctx.store().misses()); // each miss is one computation of the analysis
                    ctx.measure(PROGRESS, tracker.coverage());
                    // the synthesis is the last task, so the time up to here is the run's wall time
                    ctx.measure(WALL_TIME, minutes(System.nanoTime() - started));
                    report.set(text);
                    return text;
                });
        for (Reviewer r : REVIEWERS) {
            engine.handler(r.key(), ctx -> {
                CodebaseAnalysis analysis;
                synchronized (hitRateLock) {
                    analysis = analysis(ctx.store(), codebase);
                    ctx.measure(HIT_RATE, hitRate(ctx.store()));
                }
                return new Review(r.area(), r.finding().apply(analysis));
            });
        }
        RunResult result = engine.build().run(plan);
        return new Outcome(result, report.get());
    }

    /**
     * The shared analysis: computed by whoever asks first, read from the store by everyone else. The
     * analyser asks first (the reviewers depend on it); were the entry missing, a reviewer would
     * re-analyse, like the seed's cache after expiry, and the extra miss would show in the metrics.
     */
    private static CodebaseAnalysis analysis(ContextStore store, Path codebase) {
        return store.computeIfAbsent(ANALYSIS_KEY, CodebaseAnalysis.class, () -> CodebaseAnalysis.of(codebase));
    }

    /**
     * The Analysis Gate's predicate: the entry is in the store, and the analysis is younger than the
     * entry's TTL as the spec declares it ({@code :codebase-analysis-entry :ttl "PT1H"}).
     */
    private static boolean analysisCachedAndFresh(GateContext ctx) {
        // keys(), not get(): a get would count a hit, and the hit rate is about the reviewers' reads
        if (!ctx.store().keys().contains(ANALYSIS_KEY)) {
            throw new IllegalStateException("nothing is stored under \"" + ANALYSIS_KEY + "\"");
        }
        CodebaseAnalysis analysis = ctx.output(ANALYSE).map(CodebaseAnalysis.class::cast)
                .orElseThrow(() -> new IllegalStateException("the analyser returned no analysis"));
        Duration age = Duration.between(analysis.analysedAt(), Instant.now());
        Duration ttl = ttl(ctx.spec());
        if (age.compareTo(ttl) >= 0) {
            throw new IllegalStateException("the cached analysis is " + age + " old, beyond its TTL of " + ttl);
        }
        return true;
    }

    /** The entry's time to live, read from the spec so that changing the TTL there changes the gate. */
    private static Duration ttl(Graph spec) {
        Node subject = NodeFactory.createURI(ENTRY);
        Node predicate = NodeFactory.createURI(NS + "ttl");
        List<Triple> found = spec.find(subject, predicate, Node.ANY).toList();
        if (found.size() != 1 || !found.get(0).getObject().isLiteral()) {
            throw new IllegalStateException("the spec should give " + ENTRY + " exactly one :ttl literal, found " + found.size());
        }
        return Duration.parse(found.get(0).getObject().getLiteralLexicalForm());
    }

    /** The store's share of reads that found a value, in percent, as the hit-rate metric is declared (unit %). */
    private static BigDecimal hitRate(ContextStore store) {
        long reads = store.hits() + store.misses();
        return reads == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(100 * store.hits()).divide(BigDecimal.valueOf(reads), 1, RoundingMode.HALF_UP);
    }

    private static BigDecimal minutes(long nanos) {
        return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(60_000_000_000L), 6, RoundingMode.HALF_UP);
    }

    /** The report: one line per review, in a fixed order so that the same folder gives the same text. */
    private static String synthesise(TaskContext ctx) {
        Map<String, Review> byArea = ctx.upstream().values().stream()
                .map(Review.class::cast)
                .collect(Collectors.toMap(Review::area, Function.identity()));
        CodebaseAnalysis analysis = ctx.output(ANALYSE).map(CodebaseAnalysis.class::cast).orElseThrow();
        StringBuilder text = new StringBuilder();
        text.append("review of ").append(analysis.root()).append(": ").append(byArea.size())
                .append(" reviews built on one analysis of ").append(analysis.files()).append(" files, ")
                .append(analysis.lines()).append(" lines\n");
        for (Reviewer r : REVIEWERS) {
            Review review = byArea.get(r.area());
            // a missing review cannot happen in this spec (the synthesis waits for all five), but say so if it does
            text.append("  ").append(r.area()).append(": ")
                    .append(review == null ? "(no review)" : review.finding()).append('\n');
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ the five findings

    private static String quality(CodebaseAnalysis a) {
        double perFile = a.files() == 0 ? 0 : (double) a.lines() / a.files();
        return String.format(Locale.ROOT, "%s in %s (%.0f per file); the largest is %s (%s); %s over 500 lines",
                count(a.lines(), "line"), count(a.files(), "file"), perFile, a.largestFile(),
                count(a.largestFileLines(), "line"), count(a.filesOver500Lines(), "file"));
    }

    private static String bestPractices(CodebaseAnalysis a) {
        return String.format(Locale.ROOT, "TODO or FIXME on %s, %s of Exception or Throwable, %d of %s without a Javadoc comment",
                count(a.marker("TODO") + a.marker("FIXME"), "line"),
                count(a.marker("catch (Exception") + a.marker("catch (Throwable"), "broad catch", "broad catches"),
                a.javaFilesWithoutJavadoc(), count(a.javaFiles(), "Java file"));
    }

    private static String architecture(CodebaseAnalysis a) {
        String largest = a.largestPackage();
        return largest == null ? "no Java files"
                : String.format(Locale.ROOT, "%s in %s; the largest, %s, holds %d",
                        count(a.javaFiles(), "Java file"), count(a.packages().size(), "package"), largest,
                        a.packages().get(largest));
    }

    private static String performance(CodebaseAnalysis a) {
        return String.format(Locale.ROOT, "synchronized on %s, Thread.sleep on %s, new Thread( on %s",
                count(a.marker("synchronized"), "line"), count(a.marker("Thread.sleep"), "line"),
                count(a.marker("new Thread("), "line"));
    }

    private static String security(CodebaseAnalysis a) {
        return String.format(Locale.ROOT, "processes started (ProcessBuilder, Runtime.exec) on %s, setAccessible(true) on %s",
                count(a.marker("ProcessBuilder") + a.marker("Runtime.getRuntime().exec"), "line"),
                count(a.marker("setAccessible(true)"), "line"));
    }

    private static String count(long n, String one) {
        return count(n, one, one + "s");
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    // ------------------------------------------------------------------ printing

    /** Prints the report, the timeline, the gates, the SLO table and the store's counts. */
    public static void print(Outcome outcome, PrintStream out) {
        RunResult r = outcome.result();
        out.println();
        out.println(outcome.report() == null ? "no report: the synthesis did not run" : outcome.report().stripTrailing());
        out.println();
        out.printf(Locale.ROOT, "timeline: %s in %s on %d workers (the spec's own estimate: %s along the critical path)%n",
                r.outcome(), ms(r.wallTime()), r.workers(), PlanWriter.human(r.plan().criticalPath().length()));
        List<TaskRun> byStart = r.tasks().stream()
                .sorted(Comparator.comparing((TaskRun t) -> t.start().orElse(Duration.ZERO)).thenComparing(TaskRun::iri))
                .toList();
        for (TaskRun t : byStart) {
            out.printf(Locale.ROOT, "  %10s %10s  %-9s %s%s%n", t.start().map(EmbedEngine::ms).orElse("-"),
                    t.end().map(EmbedEngine::ms).orElse("-"), t.state(), t.task().label(),
                    t.reason().isEmpty() ? "" : " (" + t.reason() + ")");
        }
        out.println("gates:");
        for (GateOutcome g : r.gates()) {
            out.printf("  %-7s %s%s%n", g.state(), g.gate().label(), g.reason().isEmpty() ? "" : " (" + g.reason() + ")");
            for (ConditionOutcome c : g.conditions()) {
                out.printf("    %-6s %s: %s%n", c.status(), c.kind().name().toLowerCase(Locale.ROOT), c.detail());
            }
        }
        out.println("metrics:");
        for (SloRow row : r.slos()) {
            String unit = row.metric().unit() == null ? "" : " " + row.metric().unit();
            out.printf("  %s: %s (baseline %s, target %s %s%s)%s%n", row.metric().label(),
                    row.measured().map(v -> v.stripTrailingZeros().toPlainString() + unit).orElse("not measured"),
                    row.metric().baseline().stripTrailingZeros().toPlainString(),
                    row.metric().minimize() ? "≤" : "≥", row.metric().target().stripTrailingZeros().toPlainString(), unit,
                    row.met().map(met -> met ? ": met" : ": NOT met").orElse(""));
        }
        out.printf("context store: %d hits, %d %s (keys: %s)%n", r.store().hits(), r.store().misses(),
                r.store().misses() == 1 ? "miss" : "misses", String.join(", ", r.store().keys().stream().sorted().toList()));
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    /**
     * Prints each event as it happens and remembers which tasks were seen starting: the progress list whose
     * coverage the synthesis records as {@code :progress-visibility}. Events come from the engine's
     * scheduling thread, the coverage is read from a handler's thread, hence the concurrent set.
     */
    private static final class ProgressTracker implements RunListener {
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final long scheduled;
        private final PrintStream out;

        ProgressTracker(Plan plan, PrintStream out) {
            // compensation tasks run only when a gate fails, so they are not part of the work to track
            this.scheduled = plan.tasks().stream().filter(t -> !t.compensation()).count();
            this.out = out;
        }

        /**
         * The share of the scheduled tasks that showed up in the progress list, in percent. The engine
         * delivers a task's start event before it starts the handler, so a task asking sees itself counted.
         */
        BigDecimal coverage() {
            return BigDecimal.valueOf(100 * seen.size()).divide(BigDecimal.valueOf(scheduled), 1, RoundingMode.HALF_UP);
        }

        @Override
        public void onEvent(RunEvent event) {
            if (event instanceof RunEvent.TaskStarted s) {
                seen.add(s.task().iri());
            }
            if (out == null) {
                return;
            }
            String line = switch (event) {
                case RunEvent.TaskStarted s -> "started  " + label(s.task()) + (s.attempt() > 1 ? " (attempt " + s.attempt() + ")" : "");
                case RunEvent.TaskFinished f -> "finished " + label(f.task()) + ": " + f.state()
                        + (f.reason().isEmpty() ? "" : " (" + f.reason() + ")");
                case RunEvent.GateEvaluated g -> "gate     " + g.outcome().gate().label() + ": " + g.outcome().state();
                case RunEvent.MetricRecorded m -> "measured " + m.metric().label() + " = "
                        + m.value().stripTrailingZeros().toPlainString() + (m.metric().unit() == null ? "" : " " + m.metric().unit());
                default -> null; // run and phase events add nothing the lines above do not show
            };
            if (line != null) {
                out.printf(Locale.ROOT, "[%10s] %s%n", ms(event.at()), line);
            }
        }

        private static String label(PlanTask t) {
            return t.label();
        }
    }
}
