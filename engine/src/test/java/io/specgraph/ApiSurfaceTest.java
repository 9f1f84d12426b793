package io.specgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.run.Engine;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's API is what its module exports, and a new public type in an exported package is a decision: this
 * test lists the public top-level types of the exported packages (from the compiled module) and compares them with
 * the reviewed list below. A type that only another package of the engine needs goes package-private or into
 * {@code io.specgraph.internal} (not exported; see {@code io.specgraph.internal.PackageAccess}); a type another
 * Maven module needs stays public and says why in its Javadoc.
 */
class ApiSurfaceTest {
    /** The reviewed API: public top-level types of the exported packages, by package. */
    private static final String API = """
            io.specgraph: Spec Specgraph
            io.specgraph.closure: CategoryCoverage ClosureOptions ClosureReport ClosureReportWriter ClosureValidator
                InvalidRuleException Origin ReportFormat RuleCoverage Severity Violation
            io.specgraph.dialect: Dialect DialectException DialectFunctions DialectQuery Durations IdList MappedSpec
                MappingReport ParseProblem ParseProblems Parsed Quantity UnresolvedId
            io.specgraph.load: LoadLimits LoadProblem LoadWarning LoadedSpec SourcePosition SpecLoadException SpecLoader
            io.specgraph.plan: Action CriticalPath Plan PlanAgent PlanConflict PlanDag PlanEdge PlanEstimate
                PlanFormat PlanGate PlanMetric PlanNode PlanOptions PlanPhase PlanRefusedException PlanRisk
                PlanTask PlanWriter ScheduledTask WriteConflict
            io.specgraph.record: RecordedChecks RunRecord TraceLinks
            io.specgraph.report: RunReportHtml
            io.specgraph.run: Approvers Attempt CommandOutput ConditionOutcome Contention ContextStore CoreDecision
                CoreDriver CoreInput Engine FailurePolicy GateContext GateOutcome GatePredicate GateState RemoteWork
                RunCrateWriter RunEvent RunExplanation RunExplanationWriter RunHandle RunListener RunOrigin
                RunRefusedException RunReportFormat RunReportWriter RunResult SloRow StatementLocator TaskContext
                TaskHandler TaskOrder TaskRun TaskState
            io.specgraph.store: GateDecision NewRun QueryAnswer RunInfo RunStore RunWriter StoreException StoreReports
                TaskSuccess
            io.specgraph.trace: RunTracer
            io.specgraph.vocab: SG
            """;

    /** Public for another Maven module of specgraph, not for applications; each says so in its Javadoc. */
    private static final Set<String> FOR_OTHER_MODULES = Set.of(
            "io.specgraph.run.CoreDriver", "io.specgraph.run.CoreInput", "io.specgraph.run.CoreDecision",
            "io.specgraph.run.RemoteWork");

    private static ModuleDescriptor engineModule() throws Exception {
        Path classes = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).findAll().stream().map(ModuleReference::descriptor).findFirst()
                .orElseThrow(() -> new AssertionError("no module descriptor in " + classes));
    }

    private static Path classes() throws Exception {
        return Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The public top-level types of the exported packages, as compiled. */
    private static Set<String> publicTypes() throws Exception {
        Set<String> out = new TreeSet<>();
        Path classes = classes();
        for (ModuleDescriptor.Exports e : engineModule().exports()) {
            Path dir = classes.resolve(e.source().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".class") || name.contains("$") || name.equals("package-info.class")) {
                        continue;
                    }
                    String type = e.source() + "." + name.substring(0, name.length() - ".class".length());
                    if (Modifier.isPublic(Class.forName(type, false, Engine.class.getClassLoader()).getModifiers())) {
                        out.add(type);
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> reviewed() {
        Set<String> out = new TreeSet<>();
        String pkg = null;
        for (String word : API.replace(":", " :").split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals(":")) {
                continue;
            }
            if (word.contains(".") || word.equals("io.specgraph")) {
                pkg = word;
            } else {
                out.add(pkg + "." + word);
            }
        }
        return out;
    }

    @Test
    void thePublicTypesOfTheExportedPackagesAreTheReviewedOnes() throws Exception {
        Set<String> actual = publicTypes();
        Set<String> reviewed = reviewed();

        Set<String> added = new TreeSet<>(actual);
        added.removeAll(reviewed);
        Set<String> gone = new TreeSet<>(reviewed);
        gone.removeAll(actual);
        assertThat(added).as("public types not in the reviewed list: make them package-private, move them to "
                + "io.specgraph.internal, or add them to ApiSurfaceTest.API if they are API").isEmpty();
        assertThat(gone).as("reviewed types that are no longer public (or gone): take them out of ApiSurfaceTest.API").isEmpty();
        assertThat(reviewed).containsAll(FOR_OTHER_MODULES);
    }

    @Test
    void theRecorderThePlanDeriverAndFiguresAndTheDialectsChecksAreNotApi() throws Exception {
        Set<String> actual = publicTypes();

        assertThat(actual).doesNotContain("io.specgraph.record.RunRecorder", "io.specgraph.record.RecordFacts",
                "io.specgraph.plan.PlanDeriver", "io.specgraph.plan.PlanFigures", "io.specgraph.plan.Admission", "io.specgraph.load.SourceCheck", "io.specgraph.load.Reference");
        assertThat(engineModule().exports()).extracting(ModuleDescriptor.Exports::source)
                .doesNotContain("io.specgraph.internal");
    }

    /** What another module needs stays public, and its Javadoc says who needs it: not applications. */
    @Test
    void whatIsPublicForAnotherModuleSaysSoInItsJavadoc() throws IOException {
        for (String type : FOR_OTHER_MODULES) {
            Path source = Path.of("src/main/java", type.replace('.', '/') + ".java");
            String text = Files.readString(source);
            String doc = text.substring(0, text.indexOf("public "));
            assertThat(doc).as("the Javadoc of %s", type).contains("specgraph-temporal").containsIgnoringCase("not for applications");
        }
    }

    /** A use of a type of the internal package or a package under it (an import or a qualified name). */
    private static final Pattern INTERNAL_USE = Pattern.compile("io\\.specgraph\\.internal(\\.[a-z]\\w*)*\\.[A-Z*]");

    /** Only the engine reaches into its internals: the other modules' sources import none of them. */
    @Test
    void noOtherModuleOfSpecgraphUsesTheEnginesInternals() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Set<String> offenders = new TreeSet<>();
        int read = 0;
        for (String module : new String[] {"cli", "temporal", "examples", "bench"}) {
            Path sources = repo.resolve(module).resolve("src");
            assertThat(sources).as("the sources of %s, read from the engine's folder %s", module, Path.of("").toAbsolutePath())
                    .isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    read++;
                    if (INTERNAL_USE.matcher(Files.readString(f)).find()) {
                        offenders.add(repo.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(read).as("Java sources read").isGreaterThan(50);
        assertThat(offenders).as("sources outside the engine that use io.specgraph.internal").isEmpty();
    }
}
