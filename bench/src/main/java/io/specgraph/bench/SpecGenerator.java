package io.specgraph.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a synthetic spec that is closed under the built-in rules: {@code feature.ttl} (the spec, the agents,
 * one metric per phase), {@code entities.ttl} (one gate closing each phase when there are several) and
 * {@code plan.ttl} (the phases and the tasks). The same settings and seed always give the same files.
 *
 * <p>Tasks are split into phases in order, so a dependency never points to a later phase. The {@link Shape}
 * decides the dependencies: a chain, one fan-out to every task and back in (fan-in), or a random DAG in
 * which each task depends on a Poisson-distributed number (mean {@code meanInDegree}) of distinct earlier
 * tasks of its phase, drawn from the {@code window} tasks just before it. A narrow window gives long
 * dependency chains, a wide one a shallow, wide graph.
 *
 * <pre>{@code
 * SpecGenerator.Generated spec = SpecGenerator.builder().tasks(10_000).phases(4).agents(20)
 *         .meanInDegree(2).seed(42).build().writeTo(folder);
 * Plan plan = Specgraph.load(spec.folder()).plan();
 * }</pre>
 *
 * <p>Also a command: {@code java -cp bench/target/benchmarks.jar io.specgraph.bench.SpecGenerator
 * --tasks 100000 --phases 10 --agents 50 --in-degree 2 --seed 1 --shape random --out /tmp/spec}.
 */
public final class SpecGenerator {
    /** The dependency structure of the generated tasks. */
    public enum Shape {
        /** Each task depends on the one before it: no parallelism at all. */
        CHAIN,
        /** The first task fans out to every middle task, and the last task waits for all of them. */
        FAN,
        /** Each task depends on a random number of random earlier tasks of its phase. */
        RANDOM
    }

    /** What {@link #writeTo} wrote: the folder and the size of the graph of tasks. */
    public record Generated(Path folder, int tasks, int phases, int agents, long dependencies, long triplesApprox) {}

    static final String NS = "https://w3id.org/specgraph/bench#";

    private final int tasks;
    private final int phases;
    private final int agents;
    private final int agentConcurrency;
    private final double meanInDegree;
    private final int window;
    private final long seed;
    private final Shape shape;
    private final int minMinutes;
    private final int maxMinutes;

    private SpecGenerator(Builder b) {
        this.tasks = b.tasks;
        this.phases = b.phases;
        this.agents = b.agents;
        this.agentConcurrency = b.agentConcurrency;
        this.meanInDegree = b.meanInDegree;
        this.window = b.window;
        this.seed = b.seed;
        this.shape = b.shape;
        this.minMinutes = b.minMinutes;
        this.maxMinutes = b.maxMinutes;
    }

    /** Settings start at 1,000 random tasks in 4 phases, 10 agents, mean in-degree 2, seed 1. */
    public static Builder builder() {
        return new Builder();
    }

    /** The phase (1-based) of task i: tasks are split into phases in order, as evenly as possible. */
    int phaseOf(int i) {
        return 1 + (int) ((long) i * phases / tasks);
    }

    /**
     * The dependencies of every task, as indices of earlier tasks. Deterministic for a seed; drawn before
     * anything is written so that the plan file and the tests see the same graph.
     */
    int[][] dependencies() {
        int[][] deps = new int[tasks][];
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] firstOfPhase = new int[phases + 2];
        for (int i = tasks - 1; i >= 0; i--) {
            firstOfPhase[phaseOf(i)] = i;
        }
        for (int i = 0; i < tasks; i++) {
            deps[i] = switch (shape) {
                case CHAIN -> i == 0 ? new int[0] : new int[] {i - 1};
                case FAN -> fanIn(i);
                case RANDOM -> randomEarlier(rnd, i, firstOfPhase[phaseOf(i)]);
            };
        }
        return deps;
    }

    private int[] fanIn(int i) {
        if (i == 0) {
            return new int[0];
        }
        if (i < tasks - 1 || tasks == 2) {
            return new int[] {0};
        }
        int[] all = new int[tasks - 2];
        Arrays.setAll(all, k -> k + 1);
        return all;
    }

    private int[] randomEarlier(SplittableRandom rnd, int i, int phaseStart) {
        int lo = Math.max(phaseStart, i - window);
        int choices = i - lo;
        int k = Math.min(choices, poisson(rnd, meanInDegree));
        int[] picked = new int[k];
        int count = 0;
        while (count < k) { // k ≤ choices, and usually far smaller: rejection terminates quickly
            int j = lo + rnd.nextInt(choices);
            boolean seen = false;
            for (int c = 0; c < count && !seen; c++) {
                seen = picked[c] == j;
            }
            if (!seen) {
                picked[count++] = j;
            }
        }
        Arrays.sort(picked);
        return picked;
    }

    private static int poisson(SplittableRandom rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = rnd.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= rnd.nextDouble();
            k++;
        }
        return k;
    }

    /** Writes feature.ttl, entities.ttl and plan.ttl into {@code folder} (created when missing). */
    public Generated writeTo(Path folder) {
        try {
            Files.createDirectories(folder);
            int[][] deps = dependencies();
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            int[] lastOfPhase = new int[phases + 1];
            for (int i = 0; i < tasks; i++) {
                lastOfPhase[phaseOf(i)] = i;
            }
            writeFeature(folder.resolve("feature.ttl"), lastOfPhase);
            writeEntities(folder.resolve("entities.ttl"));
            long edges = writePlan(folder.resolve("plan.ttl"), deps, rnd);
            long triples = 6L + 6L * agents + 8L * phases + 6L * tasks + edges + (phases > 1 ? 5L * phases : 0);
            return new Generated(folder, tasks, phases, agents, edges, triples);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic spec to " + folder, e);
        }
    }

    private static final String PREFIXES = """
            @prefix :     <%s> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

            """.formatted(NS);

    private void writeFeature(Path file, int[] lastOfPhase) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("# feature.ttl: a synthetic spec written by io.specgraph.bench.SpecGenerator (" + describe() + ")\n");
            w.write(PREFIXES);
            w.write(":spec a sg:Spec ;\n    rdfs:label \"Synthetic spec, " + tasks + " tasks\" ;\n"
                    + "    sg:goal \"Measure specgraph on a generated plan of " + tasks + " tasks.\" .\n\n");
            for (int p = 1; p <= phases; p++) {
                // measured by the phase's last task, so that every metric has a measuring task
                w.write(":m" + p + " a sg:Metric ;\n    rdfs:label \"Phase " + p + " quality\" ;\n"
                        + "    sg:baseline 0.0 ; sg:target 1.0 ; sg:unit \"score\" ; sg:direction sg:Maximize ;\n"
                        + "    sg:measuredBy :t" + lastOfPhase[p] + " .\n");
            }
            w.write('\n');
            for (int a = 0; a < agents; a++) {
                w.write(":a" + a + " a sg:Agent ; rdfs:label \"Agent " + a + "\" ; sg:concurrency " + agentConcurrency + " .\n");
            }
        }
    }

    private void writeEntities(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("# entities.ttl: one gate closing each phase (none with a single phase)\n");
            w.write(PREFIXES);
            if (phases > 1) {
                for (int p = 1; p <= phases; p++) {
                    w.write(":g" + p + " a sg:Gate ; rdfs:label \"Phase " + p + " done\" ; sg:closes :p" + p
                            + " ;\n    sg:condition [ sg:metricMet :m" + p + " ] .\n");
                }
            }
        }
    }

    private long writePlan(Path file, int[][] deps, SplittableRandom rnd) throws IOException {
        long edges = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            w.write("# plan.ttl: the phases and the tasks\n");
            w.write(PREFIXES);
            for (int p = 1; p <= phases; p++) {
                w.write(":p" + p + " a sg:Phase ; rdfs:label \"Phase " + p + "\" ; sg:order " + p + " .\n");
            }
            w.write('\n');
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < tasks; i++) {
                int agent = i < agents ? i : rnd.nextInt(agents); // every agent gets a task, or it would be unused
                int minutes = minMinutes + rnd.nextInt(maxMinutes - minMinutes + 1);
                line.setLength(0);
                line.append(":t").append(i).append(" a sg:Task ; rdfs:label \"Task ").append(i)
                        .append("\" ; sg:agent :a").append(agent).append(" ; sg:phase :p").append(phaseOf(i))
                        .append(" ;\n    sg:estimatedDuration \"PT").append(minutes).append("M\"^^xsd:duration ; sg:handler \"noop\"");
                int[] d = deps[i];
                for (int k = 0; k < d.length; k++) {
                    line.append(k == 0 ? " ;\n    sg:dependsOn :t" : " , :t").append(d[k]);
                }
                edges += d.length;
                line.append(" .\n");
                w.append(line);
            }
        }
        return edges;
    }

    private String describe() {
        return String.format(Locale.ROOT, "%d tasks, %d phases, %d agents of concurrency %d, shape %s, mean in-degree %.2f,"
                + " window %d, seed %d", tasks, phases, agents, agentConcurrency, shape.name().toLowerCase(Locale.ROOT),
                meanInDegree, window, seed);
    }

    @Override
    public String toString() {
        return "SpecGenerator[" + describe() + "]";
    }

    /** Settings of a {@link SpecGenerator}; each is checked when set. */
    public static final class Builder {
        private int tasks = 1_000;
        private int phases = 4;
        private int agents = 10;
        private int agentConcurrency = 1;
        private double meanInDegree = 2;
        private int window = 256;
        private long seed = 1;
        private Shape shape = Shape.RANDOM;
        private int minMinutes = 1;
        private int maxMinutes = 60;

        private Builder() {}

        /** How many tasks (at least 1). */
        public Builder tasks(int tasks) {
            this.tasks = atLeast(1, tasks, "tasks");
            return this;
        }

        /** How many phases (at least 1); every phase gets at least one task, so no more than the tasks. */
        public Builder phases(int phases) {
            this.phases = atLeast(1, phases, "phases");
            return this;
        }

        /** How many agents (at least 1); every agent gets at least one task, so no more than the tasks. */
        public Builder agents(int agents) {
            this.agents = atLeast(1, agents, "agents");
            return this;
        }

        /** How many tasks each agent may run at once ({@code sg:concurrency}, default 1). */
        public Builder agentConcurrency(int concurrency) {
            this.agentConcurrency = atLeast(1, concurrency, "agent concurrency");
            return this;
        }

        /** The mean number of dependencies per task of a {@link Shape#RANDOM} graph (default 2). */
        public Builder meanInDegree(double mean) {
            if (!(mean >= 0) || Double.isInfinite(mean)) {
                throw new IllegalArgumentException("the mean in-degree must be a number ≥ 0, got " + mean);
            }
            this.meanInDegree = mean;
            return this;
        }

        /** How far back a random dependency may reach, in tasks (default 256). */
        public Builder window(int window) {
            this.window = atLeast(1, window, "window");
            return this;
        }

        /** The random seed (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The dependency structure (default {@link Shape#RANDOM}). */
        public Builder shape(Shape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** The range of estimated durations, in whole minutes, drawn uniformly (default 1 to 60). */
        public Builder minutes(int min, int max) {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("durations need 0 ≤ min ≤ max minutes, got " + min + " to " + max);
            }
            this.minMinutes = min;
            this.maxMinutes = max;
            return this;
        }

        public SpecGenerator build() {
            if (phases > tasks || agents > tasks) {
                throw new IllegalArgumentException("every phase and every agent needs a task: " + tasks + " tasks for "
                        + phases + " phases and " + agents + " agents");
            }
            return new SpecGenerator(this);
        }

        private static int atLeast(int min, int value, String what) {
            if (value < min) {
                throw new IllegalArgumentException("the number of " + what + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }

    /** The command: writes a spec to {@code --out}; see the class comment for the options. */
    public static void main(String[] args) {
        Builder b = builder();
        Path out = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    System.out.println(USAGE);
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--tasks" -> b.tasks(Integer.parseInt(value));
                    case "--phases" -> b.phases(Integer.parseInt(value));
                    case "--agents" -> b.agents(Integer.parseInt(value));
                    case "--concurrency" -> b.agentConcurrency(Integer.parseInt(value));
                    case "--in-degree" -> b.meanInDegree(Double.parseDouble(value));
                    case "--window" -> b.window(Integer.parseInt(value));
                    case "--seed" -> b.seed(Long.parseLong(value));
                    case "--shape" -> b.shape(Shape.valueOf(value.toUpperCase(Locale.ROOT)));
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out FOLDER is required");
            }
            Generated g = b.build().writeTo(out);
            System.out.println("wrote " + g.tasks() + " tasks, " + g.dependencies() + " dependencies to " + g.folder());
        } catch (IllegalArgumentException e) {
            System.err.println("specgraph-bench generate: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
    }

    private static final String USAGE = """
            usage: SpecGenerator --out FOLDER [--tasks N] [--phases P] [--agents A] [--concurrency C]
                                 [--in-degree D] [--window W] [--seed S] [--shape chain|fan|random]""";
}
