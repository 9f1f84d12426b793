package io.specgraph.closure;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claims category: each claim is checked against the plan, within its tolerance, and a false claim says
 * what was declared and what the plan gives, at the claim's line.
 */
class ClaimsTest {
    private static final String PREFIXES = """
            @prefix :     <https://example.org/claims#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;
    /** Phase 1: t1 2 h and t2 4 h side by side; phase 2: t3 2 h. Work 8 h, critical path 6 h (strict phases). */
    private static final String PLAN = PREFIXES + """
            :spec a sg:Spec .
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :a a sg:Agent ; sg:concurrency 4 .
            :t1 a sg:Task ; sg:agent :a ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT2H"^^xsd:duration .
            :t2 a sg:Task ; sg:agent :a ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT4H"^^xsd:duration .
            :t3 a sg:Task ; sg:agent :a ; sg:phase :p2 ; sg:handler "h" ; sg:estimatedDuration "PT2H"^^xsd:duration .
            """;

    private static List<Violation> claims(String plan, String claimBody) {
        Spec spec = Specgraph.load(l -> l.string("plan.ttl", plan).string("claims.ttl", PREFIXES + claimBody));
        return spec.validate().violations().stream().filter(v -> v.category().equals("claims")).toList();
    }

    record Case(String claim, String says) {
        @Override
        public String toString() {
            return claim + (says == null ? " holds" : " fails: " + says);
        }
    }

    static Stream<Case> claimsThatHold() {
        return Stream.of(
                new Case("sg:figure sg:TaskCount ; sg:claimedValue 3", null),
                new Case("sg:figure sg:TaskCount ; sg:scope :p1 ; sg:claimedValue 2", null),
                new Case("sg:figure sg:TotalWork ; sg:claimedValue \"PT8H\"^^xsd:duration", null),
                new Case("sg:figure sg:TotalWork ; sg:scope :p1 ; sg:claimedValue \"PT6H\"^^xsd:duration", null),
                new Case("sg:figure sg:CriticalPath ; sg:claimedValue \"PT6H\"^^xsd:duration ; sg:through ( :t2 :t3 )", null),
                // approximate: within 10%
                new Case("sg:figure sg:CriticalPath ; sg:claimedValue \"PT5H30M\"^^xsd:duration ; sg:approximate true", null),
                // as precise as written: 1.3 stands for 1.25 to 1.35, and 8/6 = 1.33
                new Case("sg:figure sg:Speedup ; sg:withWorkers 2 ; sg:claimedValue 1.3", null),
                new Case("sg:figure sg:Speedup ; sg:claimedMin 1 ; sg:claimedMax 2", null),
                new Case("sg:figure sg:Makespan ; sg:withWorkers 2 ; sg:claimedValue \"PT6H\"^^xsd:duration", null),
                new Case("sg:figure sg:Makespan ; sg:claimedValue \"PT8H\"^^xsd:duration", null),
                new Case("sg:figure sg:Speedup ; sg:scope :p1 ; sg:withWorkers 2 ; sg:claimedValue 1.5", null),
                new Case("sg:figure sg:Speedup ; sg:withWorkers 2 ; sg:claimedValue 1.2 ; sg:tolerance 0.15", null));
    }

    static Stream<Case> claimsThatFail() {
        return Stream.of(
                new Case("sg:figure sg:TaskCount ; sg:claimedValue 4", "claims 4 tasks, but the plan gives 3"),
                new Case("sg:figure sg:TaskCount ; sg:scope :p2 ; sg:claimedValue 2", "claims 2 tasks in :p2, but the plan gives 1"),
                new Case("sg:figure sg:TotalWork ; sg:claimedValue \"PT7H\"^^xsd:duration", "claims total work of 7 h, but the plan gives 8 h"),
                new Case("sg:figure sg:CriticalPath ; sg:claimedValue \"PT5H\"^^xsd:duration ; sg:approximate true",
                        "claims a critical path of ~5 h, but the plan gives 6 h through :t2 → :t3"),
                new Case("sg:figure sg:CriticalPath ; sg:claimedValue \"PT6H\"^^xsd:duration ; sg:through ( :t1 :t3 )",
                        ":t1 is not on it; the longest path through the claimed tasks takes 4 h"),
                new Case("sg:figure sg:CriticalPath ; sg:claimedValue \"PT6H\"^^xsd:duration ; sg:through ( :t3 :t2 )",
                        "no path of the plan runs through :t3 → :t2 in that order"),
                new Case("sg:figure sg:Speedup ; sg:withWorkers 2 ; sg:claimedValue 1.4",
                        "claims a speedup of 1.4x with 2 workers, but the plan gives 1.33x with 2 workers; no number of workers can reach 1.4x"),
                new Case("sg:figure sg:Speedup ; sg:claimedMin 3 ; sg:claimedMax 5",
                        "no number of workers can reach 3x: even with one worker per task no schedule beats 6 h, so the speedup is at most 1.33x (8 h of work)"),
                new Case("sg:figure sg:Makespan ; sg:withWorkers 1 ; sg:claimedValue \"PT4H\"^^xsd:duration",
                        "no number of workers can finish within 4 h: even with one worker per task no schedule beats 6 h"),
                new Case("sg:figure sg:Makespan ; sg:withWorkers 1 ; sg:claimedValue \"PT7H\"^^xsd:duration",
                        "by the plan's lower bounds it could hold only with 2 workers or more"),
                new Case("sg:figure sg:Makespan ; sg:claimedMin \"P6D\"^^xsd:duration ; sg:claimedMax \"P7D\"^^xsd:duration",
                        "even one worker would finish in 8 h"));
    }

    @ParameterizedTest
    @MethodSource("claimsThatHold")
    void aClaimTheGraphBearsOutHolds(Case c) {
        assertThat(claims(PLAN, ":c a sg:Claim ; " + c.claim() + " .")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("claimsThatFail")
    void aFalseClaimIsAViolationWithTheDeclaredAndTheComputedFigure(Case c) {
        List<Violation> found = claims(PLAN, "\n\n:c a sg:Claim ;\n " + c.claim() + " .");
        assertThat(found).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("claim-holds");
            assertThat(v.location()).startsWith("claims.ttl:6");
            assertThat(v.value()).isNotNull();
            assertThat(v.message()).startsWith(":c claims ").contains(c.says());
        });
    }

    @Test
    void aDurationIsAsPreciseAsItsSmallestWrittenField() {
        // PT7H stands for 6.5 h to 7.5 h; PT6H20M is written to the minute; ~6 h 30 min is 5.85 h to 7.15 h
        assertThat(claims(PLAN, ":c a sg:Claim ; sg:figure sg:CriticalPath ; sg:claimedValue \"PT7H\"^^xsd:duration .")).hasSize(1);
        assertThat(claims(PLAN, ":c a sg:Claim ; sg:figure sg:CriticalPath ; sg:claimedValue \"PT6H20M\"^^xsd:duration .")).hasSize(1);
        assertThat(claims(PLAN, ":c a sg:Claim ; sg:figure sg:CriticalPath ; sg:claimedValue \"PT6H30M\"^^xsd:duration ;"
                + " sg:approximate true .")).isEmpty();
        // a phase-scoped work of 6 h: P0DT6H and PT6H are the same claim
        assertThat(claims(PLAN, ":c a sg:Claim ; sg:figure sg:TotalWork ; sg:scope :p1 ; sg:claimedValue \"P0DT6H\"^^xsd:duration .")).isEmpty();
    }

    static Stream<Case> malformedClaims() {
        return Stream.of(
                new Case("sg:claimedValue 3", "has no sg:figure"),
                new Case("sg:figure sg:Tasks ; sg:claimedValue 3", "sg:Tasks, which is not one of"),
                new Case("sg:figure sg:TaskCount", "has no sg:claimedValue"),
                new Case("sg:figure sg:TotalWork ; sg:claimedValue 8", "claims 8, which is not an xsd:duration"),
                new Case("sg:figure sg:Speedup ; sg:claimedValue \"PT1H\"^^xsd:duration", "which is not a number"),
                new Case("sg:figure sg:Speedup ; sg:claimedValue 2 ; sg:tolerance 2", "not a fraction from 0 to 1"),
                new Case("sg:figure sg:CriticalPath ; sg:scope :p1 ; sg:claimedValue \"PT6H\"^^xsd:duration", "only a task count"),
                new Case("sg:figure sg:Speedup ; sg:withWorkers 0 ; sg:claimedValue 2", "not a whole number of workers"),
                new Case("sg:figure sg:TaskCount ; sg:claimedMin 4 ; sg:claimedMax 2", "above sg:claimedMax"),
                new Case("sg:figure sg:CriticalPath ; sg:claimedValue \"PT6H\"^^xsd:duration ; sg:through ( :nowhere )",
                        ":nowhere, which is not a declared sg:Task or sg:Gate"));
    }

    @ParameterizedTest
    @MethodSource("malformedClaims")
    void aClaimThatCannotBeReadSaysWhy(Case c) {
        assertThat(claims(PLAN, ":c a sg:Claim ; " + c.claim() + " .")).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("claim-well-formed");
            assertThat(v.message()).contains(c.says());
        });
    }

    @Test
    void aClaimOfTimeOverTasksOfUnknownDurationCannotBeChecked() {
        String plan = PLAN.replace(":t3 a sg:Task ; sg:agent :a ; sg:phase :p2 ; sg:handler \"h\" ; sg:estimatedDuration \"PT2H\"^^xsd:duration .",
                ":t3 a sg:Task ; sg:agent :a ; sg:phase :p2 ; sg:handler \"h\" .");
        assertThat(claims(plan, ":c a sg:Claim ; sg:figure sg:CriticalPath ; sg:claimedValue \"PT4H\"^^xsd:duration ."))
                .singleElement().satisfies(v -> {
                    assertThat(v.ruleId()).isEqualTo("claim-checkable");
                    assertThat(v.message()).contains("1 task has no estimated duration (:t3)");
                });
        assertThat(claims(plan, ":c a sg:Claim ; sg:figure sg:TaskCount ; sg:claimedValue 3 .")).isEmpty();
    }

    @Test
    void aClaimedClosurePercentIsComparedWithEveryOtherCategory() {
        String claim = PREFIXES + ":c a sg:Claim ; sg:figure sg:ClosurePercent ; sg:claimedValue 100 .";
        ClosureReport closed = Specgraph.load(l -> l.resource("closure/base.ttl").string("claims.ttl", claim)).validate();
        assertThat(closed.closed()).isTrue();
        assertThat(closed.coverage("claims").orElseThrow().total()).isEqualTo(2);

        ClosureReport open = Specgraph.load(l -> l.resource("closure/base.ttl").string("claims.ttl", claim)
                .string("fault.ttl", PREFIXES + ":x a sg:Task ; sg:phase :p2 ; sg:handler \"h\" .")).validate();
        assertThat(open.violations()).filteredOn(v -> v.category().equals("claims")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("claims closure of 100%, but the plan gives 9"));
    }

    @Test
    void aSpecWithoutClaimsHasNoClaimsCategory() {
        assertThat(Specgraph.load(l -> l.string("plan.ttl", PLAN)).validate().coverage("claims")).isEmpty();
    }

    // ---------------------------------------------------------------- the example specs

    private static ClosureReport example(String name, boolean withReportClaims) {
        Path folder = Path.of("..", "specs", name);
        Path claims = Path.of("..", "specs", "report-claims", name + ".ttl");
        return Specgraph.load(l -> withReportClaims ? l.path(folder).path(claims) : l.path(folder)).validate();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsClosedWithTheClaimsItsReportGotRight(String name) {
        ClosureReport report = example(name, false);
        assertThat(report.violations()).isEmpty();
        assertThat(report.coverage("claims").orElseThrow().satisfied()).isPositive();
    }

    static Stream<String> examples() {
        return Stream.of("build-optimization", "review-all", "codegen", "gadugi-v03");
    }

    @Test
    void gadugiCriticalPathAndSpeedupClaimsAreFalseAndSayWhy() {
        List<Violation> found = example("gadugi-v03", true).violations();
        assertThat(found).extracting(Violation::ruleId).containsExactly("claim-holds", "claim-holds");
        assertThat(found.get(0).location()).endsWith("report-claims/gadugi-v03.ttl:14");
        assertThat(found.get(0).message()).contains("claims a critical path of ~32 h through :protobuf-definitions → :event-system"
                + " → :agent-framework → :task-decomposer → :orchestrator", "but the plan gives 44 h through :recipe-definitions",
                ":memory-system", ":protobuf-definitions is not on it", "the longest path through the claimed tasks takes 40 h");
        assertThat(found.get(1).message()).contains("claims a speedup of 3–5x on some number of workers",
                "no number of workers can reach 3x", "the speedup is at most 1.55x");
    }

    @Test
    void theOtherReportsFalseClaimsGiveTheirComputedFigures() {
        assertThat(example("build-optimization", true).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("claims a makespan of 6 d–7 d", "even one worker would finish in"));
        assertThat(example("review-all", true).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("claims a speedup of 3.53x with 5 workers", "the plan gives 2.24x",
                        "(38 min of work)"));
        assertThat(example("codegen", true).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("claims a speedup of 2.7x in :phase-2 with 3 workers",
                        "the plan gives 3x with 3 workers"));
    }
}
