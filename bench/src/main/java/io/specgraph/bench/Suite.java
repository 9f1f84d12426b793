package io.specgraph.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a JMH suite with short settings fit for a shared 2-core machine and prints its ratios as Markdown
 * tables: every figure is divided by its floor measured in the same run (the bare parse for the pipeline,
 * the CompletableFuture executor for the scheduler), so machine noise between runs cancels out as far as it
 * can. Used by {@code bench/run.sh}; the raw JMH results go to {@code bench/target/<suite>.json}.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.specgraph.bench.Suite pipeline|scheduler [quick]</pre>
 */
public final class Suite {
    private Suite() {}

    public static void main(String[] args) throws RunnerException {
        if (args.length < 1 || !(args[0].equals("pipeline") || args[0].equals("scheduler"))) {
            System.err.println("usage: Suite pipeline|scheduler [quick]");
            System.exit(2);
        }
        String suite = args[0];
        boolean quick = args.length > 1 && args[1].equals("quick");
        ChainedOptionsBuilder options = base(suite, quick);
        if (suite.equals("pipeline")) {
            options.include(PipelineBench.class.getName().replace(".", "\\.") + "\\.");
            if (quick) {
                options.param("tasks", "1000", "10000");
            }
            System.out.println(pipelineTables(new Runner(options.build()).run()));
        } else {
            List<RunResult> results = new ArrayList<>();
            results.addAll(new Runner(options.include("SchedulerBench\\.(engine|completableFuture)$")
                    .param("tasks", quick ? new String[] {"10000"} : new String[] {"10000", "100000"}).build()).run());
            // Dexecutor takes seconds to minutes per run: one run each, no warmup, is plenty to rank it
            results.addAll(new Runner(base(suite, quick).include("SchedulerBench\\.dexecutor$")
                    .param("tasks", quick ? new String[] {"10000"} : new String[] {"10000", "100000"})
                    .warmupIterations(0).measurementIterations(1).mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
                    .timeUnit(java.util.concurrent.TimeUnit.MILLISECONDS).result("bench/target/scheduler-dexecutor.json")
                    .build()).run());
            System.out.println(schedulerTable(results));
        }
    }

    /** The settings every pass shares: short, for a shared 2-core machine. */
    private static ChainedOptionsBuilder base(String suite, boolean quick) {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .measurementIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldDoGC(true) // a collection between iterations: garbage of one does not bill the next
                .resultFormat(ResultFormatType.JSON)
                .result("bench/target/" + suite + ".json");
    }

    /** Mean ms per operation, and its 99.9% error, by benchmark method and parameter values. */
    record Score(String method, Map<String, String> params, double ms, double error) {}

    static List<Score> scores(Collection<RunResult> results) {
        List<Score> out = new ArrayList<>();
        for (RunResult r : results) {
            String full = r.getParams().getBenchmark();
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            out.add(new Score(full.substring(full.lastIndexOf('.') + 1), params, r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError()));
        }
        return out;
    }

    static String pipelineTables(Collection<RunResult> results) {
        Map<String, Map<String, Score>> bySize = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (Score s : scores(results)) {
            bySize.computeIfAbsent(s.params().get("tasks"), k -> new LinkedHashMap<>()).put(s.method(), s);
        }
        StringBuilder out = new StringBuilder("## Spec pipeline (ms per operation; × = ratio to the bare parse)\n\n");
        out.append("| tasks | parse | load | closure | plan | load + closure + plan | pipeline (one call) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> sums = new LinkedHashMap<>();
        for (var size : bySize.entrySet()) {
            Map<String, Score> m = size.getValue();
            double parse = m.get("parse").ms();
            double sum = m.get("load").ms() + m.get("closure").ms() + m.get("plan").ms();
            sums.put(size.getKey(), sum);
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.0f (%.2f×) | %s |%n", size.getKey(), cell(m.get("parse"), 0),
                    cell(m.get("load"), parse), cell(m.get("closure"), parse), cell(m.get("plan"), parse), sum, sum / parse,
                    cell(m.get("pipeline"), parse)));
        }
        List<String> sizes = new ArrayList<>(bySize.keySet());
        out.append('\n');
        for (int i = 1; i < sizes.size(); i++) {
            String small = sizes.get(i - 1);
            String large = sizes.get(i);
            out.append(String.format(Locale.ROOT, "time(%s) / time(%s): load + closure + plan %.1f, pipeline %.1f, parse %.1f%n",
                    large, small, sums.get(large) / sums.get(small),
                    bySize.get(large).get("pipeline").ms() / bySize.get(small).get("pipeline").ms(),
                    bySize.get(large).get("parse").ms() / bySize.get(small).get("parse").ms()));
        }
        return out.toString();
    }

    static String schedulerTable(Collection<RunResult> results) {
        Map<String, Map<String, Score>> byCase = new LinkedHashMap<>();
        for (Score s : scores(results)) {
            String key = s.params().get("shape") + " | " + s.params().get("tasks") + " | " + s.params().get("workers");
            byCase.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(s.method(), s);
        }
        StringBuilder out = new StringBuilder("## Scheduler overhead, no-op tasks (ms per run of the whole DAG)\n\n");
        out.append("| shape | tasks | workers | CompletableFuture floor | Dexecutor 2.1.2 | specgraph engine | engine ÷ floor | engine ÷ Dexecutor |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var c : byCase.entrySet()) {
            Score floor = c.getValue().get("completableFuture");
            Score dexecutor = c.getValue().get("dexecutor");
            Score engine = c.getValue().get("engine");
            // a benchmark that failed or was refused (Dexecutor on the 100k fan) has no score: shown as –
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", c.getKey(), cell(floor, 0), cell(dexecutor, 0),
                    cell(engine, 0), ratio(engine, floor), ratio(engine, dexecutor)));
        }
        return out.toString();
    }

    private static String ratio(Score a, Score b) {
        return a == null || b == null ? "–" : String.format(Locale.ROOT, "%.2f", a.ms() / b.ms());
    }

    private static String cell(Score s, double floor) {
        if (s == null) {
            return "–";
        }
        String value = String.format(Locale.ROOT, "%.1f ± %.1f", s.ms(), Double.isNaN(s.error()) ? 0 : s.error());
        return floor > 0 ? value + String.format(Locale.ROOT, " (%.2f×)", s.ms() / floor) : value;
    }
}
