package io.specgraph.bench;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import io.specgraph.run.TaskOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makespan quality (issue 6, item 3): the engine's schedule in virtual time against the plan's lower bound,
 * with its critical-path order and with plain FIFO order, for W = 2, 4 and 8 workers, on the four example
 * specs and on a set of random specs. Virtual time makes every figure exact and repeatable: there is no
 * timing noise, so "worse" means worse.
 *
 * <p>Run with {@code bench/run.sh quality}, or {@code java -cp bench/target/benchmarks.jar
 * io.specgraph.bench.MakespanQuality [repo folder] [random specs]}.
 */
public final class MakespanQuality {
    static final int[] WORKERS = {2, 4, 8};
    static final List<String> EXAMPLES = List.of("build-optimization", "review-all", "codegen", "gadugi-v03");

    /** One plan run with one worker count in both orders. */
    public record Row(String spec, int workers, long lowerBound, long criticalPath, long fifo) {
        public double criticalPathRatio() {
            return ratio(criticalPath, lowerBound);
        }

        public double fifoRatio() {
            return ratio(fifo, lowerBound);
        }

        /** Critical-path makespan over FIFO makespan: below 1 means the engine's order did better. */
        public double versusFifo() {
            return ratio(criticalPath, fifo);
        }
    }

    private MakespanQuality() {}

    /** The makespans of one plan with W workers, in both orders, in virtual time. */
    public static Row measure(String name, Plan plan, int workers) {
        return new Row(name, workers, plan.lowerBound(workers).toMillis(), makespan(plan, workers, TaskOrder.CRITICAL_PATH),
                makespan(plan, workers, TaskOrder.FIFO));
    }

    static long makespan(Plan plan, int workers, TaskOrder order) {
        RunResult result = Engine.builder().workers(workers).order(order).simulateInVirtualTime().build().run(plan);
        if (result.outcome() != RunResult.Outcome.SUCCEEDED) {
            throw new IllegalStateException("the simulated run did not succeed: " + result.outcome());
        }
        long makespan = result.simulatedMakespan().orElseThrow().toMillis();
        if (makespan < plan.lowerBound(workers).toMillis()) {
            throw new IllegalStateException("a schedule beat the lower bound: the bound is wrong (" + makespan + " ms < "
                    + plan.lowerBound(workers).toMillis() + " ms with " + workers + " workers)");
        }
        return makespan;
    }

    /** The examples, each with every worker count. */
    public static List<Row> examples(Path repo) {
        List<Row> rows = new ArrayList<>();
        for (String name : EXAMPLES) {
            Plan plan = Specgraph.load(repo.resolve("specs").resolve(name)).plan();
            for (int w : WORKERS) {
                rows.add(measure(name, plan, w));
            }
        }
        return rows;
    }

    /**
     * Random specs of 50 to 400 tasks: 1 to 4 strict phases, 3 to 12 agents of concurrency 1 or 2, mean
     * in-degree 0.5 to 3 within a window of 5 to 60 tasks, durations of 1 to 120 minutes. Seeded: the same
     * count gives the same set.
     */
    public static List<Row> random(int count) {
        List<Row> rows = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(20261121);
        Path root = TempFolders.create("specgraph-quality-");
        try {
            for (int i = 0; i < count; i++) {
                int tasks = 50 + rnd.nextInt(351);
                SpecGenerator generator = SpecGenerator.builder().tasks(tasks).phases(1 + rnd.nextInt(4))
                        .agents(3 + rnd.nextInt(10)).agentConcurrency(1 + rnd.nextInt(2))
                        .meanInDegree(0.5 + rnd.nextDouble() * 2.5).window(5 + rnd.nextInt(56)).minutes(1, 120)
                        .seed(rnd.nextLong()).build();
                Path folder = root.resolve("r" + i);
                generator.writeTo(folder);
                Plan plan = Specgraph.load(folder).plan();
                for (int w : WORKERS) {
                    rows.add(measure("random-" + i + " (" + tasks + " tasks)", plan, w));
                }
            }
        } finally {
            TempFolders.delete(root);
        }
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| spec | W | lower bound | critical path | ÷ bound | FIFO | ÷ bound | CP ÷ FIFO |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.3f | %s | %.3f | %.3f |%n", r.spec(), r.workers(),
                    hours(r.lowerBound()), hours(r.criticalPath()), r.criticalPathRatio(), hours(r.fifo()), r.fifoRatio(),
                    r.versusFifo()));
        }
        return out.toString();
    }

    static String summary(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| W | specs | CP ÷ bound (mean, max) | FIFO ÷ bound (mean, max) | CP ÷ FIFO (mean) | CP better | equal | CP worse (max) |\n");
        out.append("|---:|---:|---|---|---:|---:|---:|---|\n");
        for (int w : WORKERS) {
            List<Row> set = rows.stream().filter(r -> r.workers() == w).toList();
            long better = set.stream().filter(r -> r.criticalPath() < r.fifo()).count();
            long equal = set.stream().filter(r -> r.criticalPath() == r.fifo()).count();
            List<Row> worse = set.stream().filter(r -> r.criticalPath() > r.fifo()).toList();
            double worst = worse.stream().mapToDouble(Row::versusFifo).max().orElse(1);
            out.append(String.format(Locale.ROOT, "| %d | %d | %.3f, %.3f | %.3f, %.3f | %.3f | %d | %d | %d (%.3f) |%n", w, set.size(),
                    mean(set, Row::criticalPathRatio), max(set, Row::criticalPathRatio), mean(set, Row::fifoRatio),
                    max(set, Row::fifoRatio), mean(set, Row::versusFifo), better, equal, worse.size(), worst));
        }
        return out.toString();
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double max(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1 : (double) a / b;
    }

    private static String hours(long millis) {
        return millis >= 3_600_000 ? String.format(Locale.ROOT, "%.2f h", millis / 3_600_000.0)
                : millis >= 60_000 ? String.format(Locale.ROOT, "%.1f min", millis / 60_000.0)
                : String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }

    /** Prints the example table, the random set's summary, and the random rows where the orders differ. */
    public static void main(String[] args) {
        Path repo = Path.of(args.length > 0 ? args[0] : ".");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        System.out.println("## Makespan quality: example specs (virtual time)\n");
        System.out.println(table(examples(repo)));
        List<Row> random = random(count);
        System.out.println("## Makespan quality: " + count + " random specs\n");
        System.out.println(summary(random));
    }
}
