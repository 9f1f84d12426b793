package io.specgraph.bench;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureOptions;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.ClosureValidator;
import io.specgraph.load.LoadedSpec;
import io.specgraph.plan.Plan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.graph.GraphFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The spec pipeline (issue 6, item 1) on generated specs of 1k, 10k and 100k tasks, each stage against the
 * floor: Jena parsing the same three Turtle files into one plain in-memory graph.
 *
 * <ul>
 *   <li>{@code parse}: the floor.</li>
 *   <li>{@code load}: {@link Specgraph#load(Path)}: parse with source positions, limits, the union graph.</li>
 *   <li>{@code closure}: the built-in closure rules (SHACL and SPARQL) on a loaded spec.</li>
 *   <li>{@code plan}: deriving the plan from a spec whose closure report is known (the derivation alone).</li>
 *   <li>{@code pipeline}: what {@code specgraph plan} does: load, check closure, derive.</li>
 * </ul>
 *
 * <p>Every spec has 10 phases with a gate each, 50 agents and a random DAG of mean in-degree 2, so that the
 * sizes differ only in the number of tasks and time(100k) / time(10k) shows how the pipeline scales.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PipelineBench {
    @Param({"1000", "10000", "100000"})
    public int tasks;

    private Path folder;
    private List<Path> files;
    private LoadedSpec loaded;
    private Spec checked;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        folder = TempFolders.create("specgraph-pipeline-");
        pipelineSpec(tasks).writeTo(folder);
        files = List.of(folder.resolve("feature.ttl"), folder.resolve("entities.ttl"), folder.resolve("plan.ttl"));
        Spec spec = Specgraph.load(folder);
        loaded = spec.loaded();
        checked = spec;
        if (!checked.validate().closed()) {
            throw new IllegalStateException("the generated spec is not closed: " + checked.validate().summary());
        }
    }

    /** The generator settings of every pipeline benchmark; also used by the memory check. */
    static SpecGenerator pipelineSpec(int tasks) {
        return SpecGenerator.builder().tasks(tasks).phases(10).agents(50).agentConcurrency(2).meanInDegree(2)
                .window(256).seed(2026).build();
    }

    @TearDown(Level.Trial)
    public void delete() {
        TempFolders.delete(folder);
    }

    @Benchmark
    public long parse() {
        Graph graph = GraphFactory.createDefaultGraph();
        for (Path f : files) {
            RDFParser.source(f).lang(Lang.TURTLE).parse(graph);
        }
        return graph.size();
    }

    @Benchmark
    public long load() {
        return Specgraph.load(folder).loaded().union().size();
    }

    @Benchmark
    public int closure() {
        ClosureReport report = new ClosureValidator(ClosureOptions.defaults()).validate(loaded);
        return report.checks();
    }

    @Benchmark
    public int plan() {
        return checked.plan().nodes().size();
    }

    @Benchmark
    public int pipeline() {
        Plan plan = Specgraph.load(folder).plan();
        return plan.nodes().size();
    }
}
