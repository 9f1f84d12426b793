package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental runs of the example {@code specs/codegen-incremental} through the command line, on a copy of it in a
 * temporary folder with its own store: which commands ran is counted by the commands themselves (each appends its
 * task's name to {@code build/commands.log} before it works).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IncrementalRunCommandTest {
    private static final Pattern STARTED = Pattern.compile("run (\\w+) started");
    private static final List<String> ALL = List.of("compile-templates", "generate-bloom", "generate-spectrum", "generate-pulse",
            "compile-generated", "write-output");

    @TempDir
    Path dir;

    private Path spec;
    private int commandsSoFar;

    @BeforeEach
    void copyTheExample() throws IOException {
        spec = dir.resolve("codegen-incremental");
        Path example = Path.of("..", "specs", "codegen-incremental");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path from : files.toList()) {
                Path to = spec.resolve(example.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }

    /** Runs the example; returns the run's id and the tasks whose commands ran, as the commands logged them. */
    private Ran run(String... extra) throws IOException {
        String[] args = Stream.concat(Stream.of("run", spec.toString(), "--allow-commands", "--progress", "none",
                "--store", dir.resolve("store").toString()), Stream.of(extra)).toArray(String[]::new);
        Run r = Run.of(args);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Matcher m = STARTED.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        Path log = spec.resolve("build/commands.log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        List<String> ran = lines.subList(commandsSoFar, lines.size());
        commandsSoFar = lines.size();
        return new Ran(m.group(1), List.copyOf(ran), r.out());
    }

    private record Ran(String id, List<String> commands, String out) {}

    private String why(String runId, String task) {
        Run r = Run.of("why", runId, task, "--store", dir.resolve("store").toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void aSecondRunRunsNoCommandAndSaysEveryTaskIsUpToDate() throws IOException {
        Ran first = run();
        assertThat(first.commands()).containsExactlyInAnyOrderElementsOf(ALL);
        assertThat(why(first.id(), "compile-templates")).contains("ran in run " + first.id()).contains("no earlier successful run");

        Ran second = run();
        assertThat(second.commands()).isEmpty();
        assertThat(second.out()).contains("6 tasks (6 cached)").contains("up to date: 6 of 6 tasks cached (not run), 0 tasks ran")
                // the gate still evaluates, on the measurement the cached compile task carried over
                .contains("bundle-gate  passed").contains("met (cached)");
        assertThat(why(second.id(), "write-output")).contains("was cached (not run) in run " + second.id())
                .contains("same fingerprint and outputs as its success in run " + first.id());
        Run show = Run.of("show", second.id(), "--store", dir.resolve("store").toString());
        assertThat(show.out()).contains("why each task ran or was cached:")
                .containsPattern("compile-generated +cached +up to date: same fingerprint");
    }

    @Test
    void theReportPageListsTheCachedTasksWhereTheyCameFromAndWhyTheOthersRan() throws IOException {
        Ran first = run();
        Files.writeString(spec.resolve("patterns/bloom.txt"), "NAME=Bloom\nCOLOR=#000000\nSPEED=1\n");
        Path page = dir.resolve("second.html");
        Ran second = run("--report", page.toString());
        assertThat(second.commands()).containsExactlyInAnyOrder("generate-bloom", "compile-generated", "write-output");

        String html = Files.readString(page);
        String section = html.substring(html.indexOf("<section id=\"cached\">"));
        section = section.substring(0, section.indexOf("</section>"));
        assertThat(section).contains("3 of 6 checked tasks were up to date and did not run; 3 ran.");
        // cached rows first, each naming the run whose work it reused; then the rows that ran, with their reason
        assertThat(section).containsPattern("Generate the Pulse pattern</td><td><span class=\"state s-cached\">cached</span></td><td>[^<]*same fingerprint[^<]*</td><td>run " + first.id());
        assertThat(section).containsPattern("<span class=\"state s-ran\">ran</span></td><td>[^<]*input patterns/bloom.txt changed");
        assertThat(section.indexOf("s-cached")).isLessThan(section.indexOf("s-ran"));
        // the page made later from the store says the same
        Path later = dir.resolve("later.html");
        Run report = Run.of("report", second.id(), "--out", later.toString(), "--store", dir.resolve("store").toString());
        assertThat(report.code()).as(report.err()).isZero();
        String again = Files.readString(later);
        assertThat(again.substring(again.indexOf("<section id=\"cached\">"))).startsWith(section);
    }

    @Test
    void changingOneTemplateRerunsWhatIsDownstreamOfItAndWhyNamesTheFileAndBothHashes() throws IOException {
        run();
        Path template = spec.resolve("templates/pattern.tmpl");
        String before = sha256(template);
        Files.writeString(template, Files.readString(template).replace("color", "colour"));
        Ran changed = run();
        assertThat(changed.commands()).containsExactlyInAnyOrderElementsOf(ALL);
        assertThat(why(changed.id(), "compile-templates"))
                .contains("input templates/pattern.tmpl changed (sha256 " + before.substring(0, 4) + "…→" + sha256(template).substring(0, 4) + "…)");
        assertThat(why(changed.id(), "generate-pulse")).contains("upstream :compile-templates re-ran");

        // a pattern's own file: only that generation and what follows it
        Files.writeString(spec.resolve("patterns/bloom.txt"), "NAME=Bloom\nCOLOR=#000000\nSPEED=1\n");
        assertThat(run().commands()).containsExactlyInAnyOrder("generate-bloom", "compile-generated", "write-output");
    }

    @Test
    void reformattingTheTurtleRerunsNothing() throws IOException {
        run();
        Path plan = spec.resolve("plan.ttl");
        String text = Files.readString(plan);
        // another prefix name, other indentation, the statements of every task in another order, a label changed
        String reformatted = text.replace("@prefix :     <https://w3id.org/specgraph/example/codegen-incremental#> .",
                        "@prefix cg: <https://w3id.org/specgraph/example/codegen-incremental#> .")
                .replaceAll("(?m)(^|[\\s(,])(:)([a-z])", "$1cg:$3")
                .replace("\n    ", "\n\t\t")
                .replace("Write the output", "Write the final output");
        StringBuilder reordered = new StringBuilder();
        for (String block : reformatted.split("\n\n")) {
            if (block.startsWith("cg:") && block.contains("sg:Task")) {
                String[] lines = block.split(" ;\n");
                String last = lines[lines.length - 1];
                StringBuilder b = new StringBuilder(lines[0]);
                for (int i = lines.length - 2; i >= 1; i--) {
                    b.append(" ;\n").append(lines[i]);
                }
                block = b.append(" ;\n").append(last).toString();
            }
            reordered.append(block).append("\n\n");
        }
        Files.writeString(plan, reordered.toString());
        Run validate = Run.of("validate", spec.toString());
        assertThat(validate.code()).as(validate.out()).isZero();
        assertThat(run().commands()).isEmpty();
    }

    @Test
    void changingOneCommandRerunsItsTaskAndWhatDependsOnIt() throws IOException {
        run();
        Path plan = spec.resolve("plan.ttl");
        Files.writeString(plan, Files.readString(plan).replace("cat gen/bloom.ts gen/spectrum.ts gen/pulse.ts > build/bundle.ts",
                "cat gen/bloom.ts gen/spectrum.ts gen/pulse.ts | cat > build/bundle.ts"));
        Ran changed = run();
        assertThat(changed.commands()).containsExactlyInAnyOrder("compile-generated", "write-output");
        int line = Files.readAllLines(plan).indexOf(Files.readAllLines(plan).stream().filter(l -> l.contains("| cat >")).findFirst().orElseThrow()) + 1;
        assertThat(why(changed.id(), "compile-generated")).contains("command changed (plan.ttl:" + line + ")");
        assertThat(why(changed.id(), "write-output")).contains("upstream :compile-generated re-ran");
    }

    @Test
    void deletingOneOutputRerunsItsProducerOnly() throws IOException {
        run();
        Files.delete(spec.resolve("gen/spectrum.ts"));
        Ran ran = run();
        assertThat(ran.commands()).containsExactly("generate-spectrum");
        assertThat(why(ran.id(), "generate-spectrum")).contains("output gen/spectrum.ts missing");
    }

    @Test
    void rerunAndRerunAllForceWorkAndNotCacheableAlwaysRuns() throws IOException {
        run();
        Ran one = run("--rerun", "generate-pulse");
        assertThat(one.commands()).containsExactly("generate-pulse");
        assertThat(why(one.id(), "generate-pulse")).contains("asked to run (--rerun)");
        assertThat(run("--rerun-all").commands()).containsExactlyInAnyOrderElementsOf(ALL);

        Path plan = spec.resolve("plan.ttl");
        Files.writeString(plan, Files.readString(plan).replace("    sg:outputs \"dist/codegen.ts\" ;",
                "    sg:outputs \"dist/codegen.ts\" ;\n    sg:cacheable false ;"));
        Ran notCacheable = run();
        assertThat(notCacheable.commands()).containsExactly("write-output");
        assertThat(why(notCacheable.id(), "write-output")).contains("not cacheable (sg:cacheable false)");

        Run unknown = Run.of("run", spec.toString(), "--allow-commands", "--store", dir.resolve("store").toString(), "--rerun", "ghost");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--rerun ghost: the plan has no task of that name");
    }

    @Test
    void withoutAStoreEveryTaskRuns() throws IOException {
        String[] args = {"run", spec.toString(), "--allow-commands", "--progress", "none", "--store", "none"};
        assertThat(Run.of(args).code()).isZero();
        assertThat(Run.of(args).code()).isZero();
        assertThat(Files.readAllLines(spec.resolve("build/commands.log"))).hasSize(12);
    }

    /** {@code run --explain} on the copy with its store; it must succeed. */
    private String explain(String... extra) {
        String[] args = Stream.concat(Stream.of("run", spec.toString(), "--explain", "--store", dir.resolve("store").toString()),
                Stream.of(extra)).toArray(String[]::new);
        Run r = Run.of(args);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r.out();
    }

    /** Every file of the store with its size and last change, to see that nothing was written. */
    private List<String> storeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return dir.relativize(f) + " " + Files.size(f) + " " + Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    private String runs() {
        Run r = Run.of("runs", "--store", dir.resolve("store").toString());
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    private static String row(String out, String task) {
        return out.lines().filter(l -> l.startsWith("  " + task + " ")).findFirst().orElseThrow(() -> new AssertionError(task + " in\n" + out));
    }

    @Test
    void explainRunsNothingWritesNothingAndAfterAFirstRunSaysEveryTaskIsCachedWithNothingLeftToWaitFor() throws IOException {
        String before = explain();
        assertThat(before).contains("nothing was run; a run now would run 6 tasks, leave 0 cached (of 6 tasks)")
                .contains("estimated makespan with 4 workers: 1.1 s (the whole plan: 1.1 s)");
        assertThat(row(before, "compile-templates")).contains(" run ").contains("no earlier successful run");
        assertThat(spec.resolve("build")).doesNotExist();

        Ran first = run();
        String listed = runs();
        List<String> store = storeFiles();
        List<String> log = Files.readAllLines(spec.resolve("build/commands.log"));

        String after = explain();
        assertThat(after).contains("a run now would run 0 tasks, leave 6 cached (of 6 tasks)")
                .contains("estimated makespan with 4 workers: 0 ms (the whole plan: 1.1 s)")
                .contains("critical path: 0 ms (the whole plan: 1.1 s: compile-templates → generate-");
        for (String task : ALL) {
            assertThat(row(after, task)).contains(" cached ").contains("up to date: same fingerprint and outputs as its success in run " + first.id());
        }
        Run json = Run.of("run", spec.toString(), "--explain", "--format", "json", "--store", dir.resolve("store").toString());
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"schema\": \"https://w3id.org/specgraph/schema/explain/1\"")
                .contains("\"cached\": 6").contains("\"runs\": 0").containsPattern("\"remaining\": \\{\\s*\"estimatedMakespanMs\": 0,")
                .containsPattern("\"plan\": \\{\\s*\"estimatedMakespanMs\": 1100,").contains("\"kind\": \"Unchanged\"");

        // the commands did not run, and the store holds what it held: no new run, no file changed
        assertThat(Files.readAllLines(spec.resolve("build/commands.log"))).isEqualTo(log);
        assertThat(storeFiles()).isEqualTo(store);
        assertThat(runs()).isEqualTo(listed);
    }

    @Test
    void explainAfterAChangeNamesExactlyTheTasksARunThenRunsAndTheShorterCriticalPath() throws IOException {
        run();
        // a template feeds the first task: everything is downstream of it
        Path template = spec.resolve("templates/pattern.tmpl");
        String was = sha256(template);
        Files.writeString(template, Files.readString(template).replace("color", "colour"));
        String all = explain();
        assertThat(all).contains("a run now would run 6 tasks, leave 0 cached")
                .contains("estimated makespan with 4 workers: 1.1 s (the whole plan: 1.1 s)");
        assertThat(row(all, "compile-templates"))
                .contains("input templates/pattern.tmpl changed (sha256 " + was.substring(0, 4) + "…→" + sha256(template).substring(0, 4) + "…)");
        assertThat(row(all, "generate-pulse")).contains("upstream :compile-templates re-ran");
        assertThat(row(all, "write-output")).contains("upstream :compile-generated re-ran");
        assertThat(run().commands()).containsExactlyInAnyOrderElementsOf(ALL);

        // a pattern feeds one generation: it and what follows run, on a shorter critical path
        Path pattern = spec.resolve("patterns/bloom.txt");
        String patternWas = sha256(pattern);
        Files.writeString(pattern, "NAME=Bloom\nCOLOR=#000000\nSPEED=1\n");
        String some = explain();
        assertThat(some).contains("a run now would run 3 tasks, leave 3 cached (of 6 tasks)")
                .contains("estimated makespan with 4 workers: 900 ms (the whole plan: 1.1 s)")
                .contains("critical path: 900 ms: generate-bloom → compile-generated → write-output (the whole plan: 1.1 s");
        assertThat(row(some, "generate-bloom")).contains(" run ")
                .contains("input patterns/bloom.txt changed (sha256 " + patternWas.substring(0, 4) + "…→" + sha256(pattern).substring(0, 4) + "…)");
        assertThat(row(some, "compile-generated")).contains(" run ").contains("upstream :generate-bloom re-ran");
        assertThat(row(some, "write-output")).contains(" run ").contains("upstream :compile-generated re-ran");
        for (String task : List.of("compile-templates", "generate-spectrum", "generate-pulse")) {
            assertThat(row(some, task)).contains(" cached ");
        }
        assertThat(run().commands()).containsExactlyInAnyOrder("generate-bloom", "compile-generated", "write-output");
    }

    @Test
    void explainSaysWhatMayRunWhenItDependsOnWhatARerunWritesAndRefusesWhatWouldWrite() throws IOException {
        run();
        Files.delete(spec.resolve("gen/spectrum.ts"));
        String out = explain();
        assertThat(row(out, "generate-spectrum")).contains(" run ").contains("output gen/spectrum.ts missing");
        assertThat(row(out, "compile-generated")).contains(" may run ")
                .contains("upstream :generate-spectrum runs first; this task runs too unless it leaves the same outputs");
        assertThat(row(out, "write-output")).contains(" may run ");
        assertThat(row(out, "generate-pulse")).contains(" cached ");
        assertThat(out).contains("a run now would run 1 task, leave 3 cached and run 2 more if what they depend on changes its outputs")
                .contains("estimated makespan with 4 workers: 900 ms (the whole plan: 1.1 s), counting the tasks that may run");
        // the producer writes what it wrote before: what only may run stays cached
        assertThat(run().commands()).containsExactly("generate-spectrum");

        assertThat(row(explain("--rerun", "generate-pulse"), "generate-pulse")).contains(" run ").contains("asked to run (--rerun)");
        assertThat(explain("--rerun-all")).contains("a run now would run 6 tasks, leave 0 cached");

        for (String[] bad : List.of(new String[] {"--simulate"}, new String[] {"--record", dir.resolve("r.ttl").toString()})) {
            Run r = Run.of(Stream.concat(Stream.of("run", spec.toString(), "--explain", "--store", dir.resolve("store").toString()),
                    Stream.of(bad)).toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--explain").contains("nothing was run");
        }
        assertThat(dir.resolve("r.ttl")).doesNotExist();
        Run none = Run.of("run", spec.toString(), "--explain", "--store", "none");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--explain compares with the successes kept in a store; --store none has none");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
