package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanConflict;
import io.specgraph.plan.PlanEdge;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanMetric;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanPhase;
import io.specgraph.plan.PlanRisk;
import io.specgraph.plan.PlanTask;
import io.specgraph.testing.SharedCompat;
import io.specgraph.vocab.SG;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in ggen dialect over the real ggen spec 007 (read from ../shared/compat/ggen-007, never copied):
 * what closure reports at the user's own file:line, the plan derived although the spec is not closed, and
 * the mapping report of what the dialect left unmapped.
 */
class GgenDialectTest {
    private static Path GGEN_007;
    private static final String NS = "https://ggen.io/spec/007/";

    private static Spec spec;
    private static ClosureReport report;
    private static Plan plan;
    private static MappingReport mapping;

    @BeforeAll
    static void load() {
        GGEN_007 = SharedCompat.spec("ggen-007");
        assertThat(GGEN_007.resolve("plan.ttl")).as("the ggen-007 input beside the repository").isRegularFile();
        spec = Specgraph.load(l -> l.path(GGEN_007), Dialect.builtIn("ggen"));
        report = spec.validate();
        plan = spec.plan(PlanOptions.builder().allowUnclosed(true).build());
        mapping = spec.mapping().orElseThrow();
    }

    private static String iri(String local) {
        return NS + local;
    }

    private static Node node(String local) {
        return NodeFactory.createURI(iri(local));
    }

    private static List<Violation> violations(String rule, String focus) {
        return report.violations().stream()
                .filter(v -> v.ruleId().equals(rule) && v.focusNode().equals(node(focus))).toList();
    }

    /** The one violation of a rule on a focus node, located in the given file and line of the original spec. */
    private static Violation violation(String rule, String focus, String fileAndLine) {
        List<Violation> found = violations(rule, focus);
        assertThat(found).as(rule + " on :" + focus).hasSize(1);
        Violation v = found.get(0);
        assertThat(v.location()).as("location of " + rule + " on :" + focus)
                .isEqualTo(GGEN_007.resolve(fileAndLine.substring(0, fileAndLine.indexOf(':'))) + fileAndLine.substring(fileAndLine.indexOf(':')));
        return v;
    }

    /** The line where a subject is written, read from the original file, so the expected lines are checked too. */
    private static String lineOf(String file, String local) throws Exception {
        List<String> lines = Files.readAllLines(GGEN_007.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(":" + local + " ")) {
                return file + ":" + (i + 1);
            }
        }
        throw new AssertionError(":" + local + " is not written in " + file);
    }

    private static List<String> locals(List<String> iris) {
        return iris.stream().map(i -> i.substring(NS.length())).toList();
    }

    private static PlanTask task(String local) {
        return plan.task(iri(local)).orElseThrow(() -> new AssertionError("no task :" + local));
    }

    private static PlanGate gate(String local) {
        return plan.gate(iri(local)).orElseThrow(() -> new AssertionError("no gate :" + local));
    }

    // ------------------------------------------------------------------ validate

    @Test
    void theSpecThatClaimsFullClosureIsNotClosed() {
        assertThat(report.closed()).isFalse();
        assertThat(report.summary()).startsWith("not closed: ");
    }

    @Test
    void theUndeclaredOwnerTaskOrchestratorIsReportedWhereItIsNamed() throws Exception {
        Violation risk = violation("risk-owned", "RiskMakfileConflict", lineOf("feature.ttl", "RiskMakfileConflict"));
        assertThat(risk.location()).endsWith("feature.ttl:166");
        assertThat(risk.message()).contains(":TaskOrchestrator");
        // at the line of :owner "TaskOrchestrator" (236), not at the gate's first line (233): the string names nothing
        Violation gate = violation("gate-owner-exists", "Phase2CompletionGate", "entities.ttl:236");
        assertThat(gate.value()).isEqualTo(node("TaskOrchestrator"));
        assertThat(gate.message()).contains("not a declared sg:Agent").contains("not defined anywhere");
        // the owners that are declared agents are not reported
        assertThat(violations("risk-owned", "RiskArtifactLockFix")).isEmpty();
        assertThat(violations("gate-owner-exists", "Phase1Gate2")).isEmpty();
    }

    @Test
    void theTotalDurationRangeIsAFalseMakespanClaim() throws Exception {
        // :totalDuration "6-7 calendar days" claims a makespan between 6 and 7 days; the plan takes 3.9 d at most
        List<Violation> found = report.violations().stream()
                .filter(v -> v.ruleId().equals("claim-holds") && v.focusNode().getURI().endsWith("-claim-totalDuration")).toList();
        assertThat(found).singleElement().satisfies(v -> {
            assertThat(v.message()).contains("claims a makespan of 6 d–7 d").contains("\":totalDuration 6-7 calendar days\"")
                    .contains("the plan gives 3.9 d");
            assertThat(v.location()).endsWith(lineOf("plan.ttl", "OptimizationMasterPlan"));
        });
    }

    @Test
    void theUndefinedBenchmarkResultIsReported() throws Exception {
        // at the statement that refers (":produces :Benchmark_Clean_Result", line 74), not at the subject's first line (66)
        Violation v = violation("dialect-reference-defined", "Benchmarker1_Clean", "plan.ttl:74");
        assertThat(Files.readAllLines(GGEN_007.resolve("plan.ttl")).get(73)).contains(":produces :Benchmark_Clean_Result");
        assertThat(v.value()).isEqualTo(node("Benchmark_Clean_Result"));
        assertThat(v.message()).contains(":Benchmark_Clean_Result").contains(":produces");
        // and nothing else: the owl:property lists of entities.ttl name property terms, not undefined things
        assertThat(report.violations()).filteredOn(x -> x.ruleId().equals("dialect-reference-defined")).hasSize(1);
    }

    @Test
    void theGateThatRequiresNothingIsReported() throws Exception {
        // :Phase2CompletionGate is written twice (entities.ttl, then plan.ttl), and neither says what it waits for
        Violation v = violation("gate-waits-for-something", "Phase2CompletionGate", lineOf("entities.ttl", "Phase2CompletionGate"));
        assertThat(v.message()).contains("requires nothing");
        assertThat(gate("Phase2CompletionGate").requires()).isEmpty();
        // :Phase1Gate1 has no :requires and an empty :blockedTasks [], but :SpecValidator1_SpecClosure :blocks it
        assertThat(violations("gate-waits-for-something", "Phase1Gate1")).isEmpty();
        assertThat(gate("Phase1Gate1").requires()).containsExactly(iri("SpecValidator1_SpecClosure"));
        // the gates of entities.ttl duplicate those of plan.ttl under other names and wait for nothing either
        assertThat(report.violations()).filteredOn(x -> x.ruleId().equals("gate-waits-for-something"))
                .extracting(x -> x.focusNode().getURI().substring(NS.length()))
                .containsExactlyInAnyOrder("SpecClosure", "BaselineGate", "ArchitectureGate", "Phase2CompletionGate",
                        "ProductionReadinessGate");
    }

    @Test
    void thePhase2TasksHaveNoOwnerAgent() throws Exception {
        List<String> phase2 = plan.tasks().stream().filter(t -> iri("Phase2Plan").equals(t.phase())).map(PlanTask::iri).toList();
        assertThat(phase2).hasSize(27);
        Set<Node> unowned = report.violations().stream().filter(v -> v.ruleId().equals("task-has-one-agent"))
                .map(Violation::focusNode).collect(Collectors.toSet());
        for (String t : phase2) {
            assertThat(unowned).as(t).contains(NodeFactory.createURI(t));
        }
        violation("task-has-one-agent", "BCO_Isolation", lineOf("plan.ttl", "BCO_Isolation"));
        violation("task-has-one-agent", "DO_Combinations", lineOf("plan.ttl", "DO_Combinations"));
        Violation last = violation("task-has-one-agent", "TO_Verify", "plan.ttl:616");
        assertThat(last.message()).contains("exactly one sg:agent");
        // the group's :agent "BuildConfigOptimizer" is not taken as the agent of the tasks it lists
        assertThat(task("BCO_Isolation").agent()).isNull();
        // phase 3 lists its agent beside its tasks (:agent (:ProductionValidator)); that is not an owner either
        assertThat(violations("task-has-one-agent", "PV_Signoff")).hasSize(1);
        // the phase 1 tasks name their :owner, a declared agent
        assertThat(violations("task-has-one-agent", "SpecValidator1_SpecClosure")).isEmpty();
        assertThat(unowned).hasSize(27 + 6);
    }

    @Test
    void theMetricsWhoseBaselineIsNotANumberAreReported() throws Exception {
        // each refused value at the line of its :baseline, the metric's own violations at its first line
        Violation blocked = violation("dialect-value-parses", "SuccessCriteria5_TestExecution", "feature.ttl:86");
        assertThat(blocked.message()).contains(":baseline \"Blocked (unmeasurable)\"").contains("not a quantity");
        Violation notMeasured = violation("dialect-value-parses", "SuccessCriteria6_RDFProcessing", "feature.ttl:93");
        assertThat(notMeasured.message()).contains("\"Not measured\"");
        violation("dialect-value-parses", "TestSuiteMetric", "entities.ttl:157");
        violation("metric-baseline-numeric", "SuccessCriteria5_TestExecution", "feature.ttl:84");
        violation("metric-baseline-numeric", "SuccessCriteria6_RDFProcessing", "feature.ttl:91");
        violation("metric-baseline-numeric", "TestSuiteMetric", "entities.ttl:155");
        // without a baseline there is no direction to derive, and none is guessed
        violation("metric-has-direction", "SuccessCriteria6_RDFProcessing", "feature.ttl:91");
        assertThat(report.violations()).filteredOn(v -> v.ruleId().startsWith("metric-baseline") || v.ruleId().equals("dialect-value-parses"))
                .hasSize(6);
        // the metrics that parse are not reported, nor is a target found not better than its baseline
        assertThat(violations("metric-baseline-numeric", "SuccessCriteria3_MemoryUsage")).isEmpty();
        assertThat(report.violations()).noneMatch(v -> v.ruleId().equals("metric-target-better"));
    }

    @Test
    void derivedConditionsAreLocatedAtTheirGate() throws Exception {
        List<Violation> found = report.violations().stream()
                .filter(v -> v.ruleId().equals("condition-is-checkable") && v.message().contains(":Phase1Gate2")).toList();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).focusNode().isBlank()).isTrue();
        assertThat(found.get(0).location()).endsWith(lineOf("plan.ttl", "Phase1Gate2"));
    }

    @Test
    void otherFindingsOfNote() throws Exception {
        // the three conflicts: one says "first … wins", one "escalate", one neither (so it has no resolution)
        violation("conflict-resolution", "ConflictFeatures", lineOf("plan.ttl", "ConflictFeatures"));
        assertThat(violations("conflict-resolution", "ConflictMakefile")).isEmpty();
        assertThat(violations("conflict-resolution", "ConflictCrateReorg")).isEmpty();
        // ggen names an agent's target bottleneck, never a task's: every bottleneck is unaddressed
        violation("bottleneck-addressed", "Bottleneck1_ArtifactLockContention", "feature.ttl:27");
        // phase 2 and 3 agents own no task
        violation("agent-has-work", "BuildConfigOptimizer", lineOf("feature.ttl", "BuildConfigOptimizer"));
        assertThat(violations("agent-has-work", "SpecificationValidator")).isEmpty();
    }

    // ------------------------------------------------------------------ plan

    @Test
    void planDerivesAll48TasksInThreeOrderedPhases() {
        assertThat(plan.tasks()).hasSize(48);
        assertThat(plan.phases()).extracting(PlanPhase::iri)
                .containsExactly(iri("Phase1Plan"), iri("Phase2Plan"), iri("Phase3Plan"));
        assertThat(plan.phases()).extracting(PlanPhase::order).containsExactly(1, 2, 3);
        Map<String, Long> perPhase = plan.tasks().stream().collect(Collectors.groupingBy(t -> String.valueOf(t.phase()), Collectors.counting()));
        assertThat(perPhase).containsExactlyInAnyOrderEntriesOf(Map.of(iri("Phase1Plan"), 15L, iri("Phase2Plan"), 27L, iri("Phase3Plan"), 6L));
        assertThat(locals(plan.tasks().stream().filter(t -> iri("Phase3Plan").equals(t.phase())).map(PlanTask::iri).toList()))
                .containsExactly("PV_Integration", "PV_Testing", "PV_SLO", "PV_Regressions", "PV_Report", "PV_Signoff");
        PlanPhase first = plan.phases().get(0);
        assertThat(first.label()).isEqualTo("Phase 1 Plan: Foundation & Analysis");
        assertThat(first.estimatedDuration()).isEqualTo(Duration.ofDays(2));
        assertThat(plan.phases().get(1).maxParallel()).isEqualTo(5);
    }

    @Test
    void planKeepsTheDeclaredDependencies() {
        assertThat(locals(task("SpecValidator2_GateCreation").dependsOn())).containsExactly("SpecValidator1_SpecClosure");
        assertThat(locals(task("SpecValidator3_RiskAssess").dependsOn())).containsExactly("SpecValidator1_SpecClosure");
        assertThat(locals(task("Benchmarker4_Report").dependsOn()))
                .containsExactlyInAnyOrder("Benchmarker1_Clean", "Benchmarker2_Incremental", "Benchmarker3_RDF");
        assertThat(locals(task("Architect4_Crates").dependsOn()))
                .containsExactlyInAnyOrder("Architect1_Design", "Architect2_Isolation", "Architect3_Features");
        assertThat(locals(task("Analyzer3_Conflicts").dependsOn())).containsExactlyInAnyOrder("Analyzer1_Deps", "Analyzer2_Hot");
        // ":depends []" is no dependency; the order of a task list is none either
        assertThat(task("SpecValidator1_SpecClosure").dependsOn()).isEmpty();
        assertThat(task("Benchmarker3_RDF").dependsOn()).isEmpty();
        assertThat(task("BCO_Flags").dependsOn()).isEmpty();
        assertThat(plan.edges()).filteredOn(e -> e.reason() == PlanEdge.Reason.DEPENDENCY).hasSize(14)
                .contains(new PlanEdge(iri("Benchmarker1_Clean"), iri("Benchmarker2_Incremental"), PlanEdge.Reason.DEPENDENCY));
    }

    @Test
    void planKeepsTheGatesAndTheirRequirements() {
        assertThat(plan.gates()).hasSize(13);
        assertThat(locals(gate("Phase1Gate2").requires())).containsExactlyInAnyOrder("Benchmarker4_Report", "Phase1Gate1");
        assertThat(locals(gate("Phase1Gate3").requires())).containsExactlyInAnyOrder("Architect4_Crates", "Phase1Gate1");
        assertThat(locals(gate("Phase1CompletionGate").requires()))
                .containsExactlyInAnyOrder("Phase1Gate1", "Phase1Gate2", "Phase1Gate3", "Phase1Gate4");
        // :Phase1Gate2..4 :unblocksTasks (:Phase2StartGate), which also :requires (:Phase1CompletionGate)
        assertThat(locals(gate("Phase2StartGate").requires()))
                .containsExactlyInAnyOrder("Phase1CompletionGate", "Phase1Gate2", "Phase1Gate3", "Phase1Gate4");
        assertThat(locals(gate("Phase3StartGate").requires())).containsExactly("Phase2CompletionGate");
        assertThat(locals(gate("ReleaseGate").requires())).containsExactly("PV_Signoff");
        assertThat(gate("Phase1Gate4").owner()).isEqualTo(iri("CodeAnalyzer"));
        assertThat(gate("Phase1Gate4").label()).isEqualTo("Code Analysis Gate");
        assertThat(plan.edges()).contains(new PlanEdge(iri("PV_Signoff"), iri("ReleaseGate"), PlanEdge.Reason.REQUIREMENT));
    }

    @Test
    void planTasksCarryTheirLabelsDurationsOwnersCommandsAndOutputs() {
        PlanTask closure = task("SpecValidator1_SpecClosure");
        assertThat(closure.label()).isEqualTo("Create RDF specification closure");
        assertThat(closure.estimatedDuration()).as("\"1-2 hours\" at its upper end").isEqualTo(Duration.ofHours(2));
        assertThat(closure.agent()).isEqualTo(iri("SpecificationValidator"));
        assertThat(closure.outputs()).containsExactly(".specify/specs/007-optimize-build-times/feature.ttl");
        PlanTask clean = task("Benchmarker1_Clean");
        assertThat(clean.estimatedDuration()).isEqualTo(Duration.ofMinutes(45));
        assertThat(clean.action().value()).isEqualTo("cargo clean && cargo check --workspace");
        assertThat(clean.outputs()).as(":produces names a resource, not a path").isEmpty();
        assertThat(task("CO_Measure").outputs()).containsExactlyInAnyOrder("CodeOptimizer.benchmarks.json", "CodeOptimizer.analysis.md");
        assertThat(task("PV_Signoff").estimatedDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(plan.tasks()).allMatch(t -> t.estimatedDuration().compareTo(Duration.ZERO) > 0);
    }

    @Test
    void planMetricsRisksAndConflicts() {
        PlanMetric memory = plan.metrics().stream().filter(m -> m.iri().equals(iri("SuccessCriteria3_MemoryUsage"))).findFirst().orElseThrow();
        // "1.5-2 GB" → "≤100 MB": the baseline is read at the end nearest the target, in MB
        assertThat(memory.baseline()).isEqualByComparingTo("1500");
        assertThat(memory.target()).isEqualByComparingTo("100");
        assertThat(memory.unit()).isEqualTo("MB");
        assertThat(memory.minimize()).isTrue();
        assertThat(memory.priority()).isEqualTo(1);
        PlanMetric rdf = plan.metrics().stream().filter(m -> m.iri().equals(iri("SuccessCriteria6_RDFProcessing"))).findFirst().orElseThrow();
        assertThat(rdf.baseline()).isNull();
        assertThat(rdf.target()).isEqualByComparingTo("5");
        assertThat(rdf.unit()).isEqualTo("s/1k triples");
        assertThat(plan.metrics()).hasSize(11);

        PlanRisk lock = plan.risks().stream().filter(r -> r.iri().equals(iri("RiskArtifactLockFix"))).findFirst().orElseThrow();
        assertThat(lock.probability()).isEqualByComparingTo(new BigDecimal("0.15"));
        assertThat(lock.severity()).isEqualTo(SG.term("High").getURI());
        assertThat(lock.owner()).isEqualTo(iri("BuildConfigOptimizer"));
        assertThat(plan.risks()).filteredOn(r -> r.iri().equals(iri("RiskMakfileConflict"))).singleElement()
                .extracting(PlanRisk::owner).isNull();

        Map<String, PlanConflict.Resolution> resolutions = plan.conflicts().stream()
                .collect(Collectors.toMap(c -> c.iri().substring(NS.length()), PlanConflict::resolution));
        assertThat(resolutions).containsExactlyInAnyOrderEntriesOf(Map.of("ConflictMakefile", PlanConflict.Resolution.FIRST_WINS,
                "ConflictFeatures", PlanConflict.Resolution.UNSPECIFIED, "ConflictCrateReorg", PlanConflict.Resolution.ESCALATE));
        assertThat(plan.conflicts().get(0).between()).hasSize(3);
        assertThat(plan.agents()).hasSize(10);
    }

    // ------------------------------------------------------------------ mapping report

    @Test
    void mappingReportListsWhatStayedUnmapped() {
        assertThat(mapping.dialect()).isEqualTo("ggen");
        Map<String, MappingReport.PredicateUse> predicates = mapping.unmappedPredicates().stream()
                .collect(Collectors.toMap(MappingReport.PredicateUse::predicate, p -> p));
        assertThat(predicates).containsKeys(":successCriteria", ":measurement", ":expectedResult", ":verification",
                ":changes", ":improvementFactor", ":measurementMethod", ":escalation", "rdf:type");
        assertThat(predicates.get(":successCriteria").uses()).isEqualTo(10);
        assertThat(predicates.get(":successCriteria").first().location()).endsWith("plan.ttl:27");
        // the phase-2 group's agent string is deliberately not read
        assertThat(predicates).containsKey(":agent");
        // what the dialect does read is not listed
        assertThat(predicates).doesNotContainKeys(":taskName", ":depends", ":owner", ":blocks", ":unblocksTasks", ":duration",
                ":totalDuration",
                ":baseline", ":task1", ":agent1", ":phases");

        assertThat(mapping.unmappedSubjects()).extracting(MappingReport.Located::toString)
                .contains(GGEN_007.resolve("entities.ttl") + ":163: :PhaseOne",
                        GGEN_007.resolve("feature.ttl") + ":14: :OptimizationPhase1",
                        GGEN_007.resolve("feature.ttl") + ":181: :Phase1Timeline",
                        GGEN_007.resolve("plan.ttl") + ":285: :BuildConfigOpt_Tasks");
        assertThat(mapping.unmappedSubjects()).extracting(MappingReport.Located::what)
                .doesNotContain(":Phase1Plan", ":BCO_Isolation", ":Phase1Gate1", ":TestSuiteMetric", ":ConflictMakefile");

        assertThat(mapping.refusedValues()).extracting(MappingReport.Located::what).containsExactlyInAnyOrder(
                ":TestSuiteMetric :baseline \"Blocked (unmeasurable)\": no number: not a quantity",
                ":SuccessCriteria5_TestExecution :baseline \"Blocked (unmeasurable)\": no number: not a quantity",
                ":SuccessCriteria6_RDFProcessing :baseline \"Not measured\": no number: not a quantity");
        assertThat(mapping.undefined()).extracting(MappingReport.Located::what)
                .containsExactly(":Benchmarker1_Clean :produces :Benchmark_Clean_Result");
        assertThat(mapping.underived()).isEmpty();
        assertThat(mapping.queries()).extracting(MappingReport.QueryCount::produced).allMatch(n -> n > 0);
        assertThat(mapping.text()).contains("source predicates no query reads").doesNotContain("without prov:wasDerivedFrom");
    }

    @Test
    void everyProducedNodeThatIsNotASourceSubjectSaysWhereItCameFrom() {
        Graph derived = spec.loaded().dataset().getGraph(NodeFactory.createURI("urn:specgraph:dialect:ggen"));
        Node wasDerivedFrom = NodeFactory.createURI("http://www.w3.org/ns/prov#wasDerivedFrom");
        Set<Node> sourceSubjects = org.apache.jena.atlas.iterator.Iter.toList(spec.loaded().dataset().listGraphNodes()).stream()
                .filter(n -> !n.getURI().equals("urn:specgraph:dialect:ggen"))
                .flatMap(n -> spec.loaded().dataset().getGraph(n).find().toList().stream().map(Triple::getSubject))
                .collect(Collectors.toSet());
        List<Node> conditions = derived.find(Node.ANY, SG.condition, Node.ANY).mapWith(Triple::getObject).toList();
        assertThat(conditions).hasSize(14);
        for (Triple t : derived.find().toList()) {
            if (!sourceSubjects.contains(t.getSubject())) {
                assertThat(derived.contains(t.getSubject(), wasDerivedFrom, Node.ANY)).as(t.toString()).isTrue();
            }
        }
        Triple condition = derived.find(node("Phase1Gate2"), SG.condition, Node.ANY).next();
        assertThat(derived.contains(condition.getObject(), wasDerivedFrom, node("Phase1Gate2"))).isTrue();
    }

    @Test
    void theSpecItselfIsTheMasterPlan() {
        Graph union = spec.loaded().union();
        assertThat(union.find(Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), SG.Spec).mapWith(Triple::getSubject).toList())
                .containsExactly(node("OptimizationMasterPlan"));
    }
}
