package io.specgraph.closure;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One spec per rule that breaks exactly that rule: a closed base spec ({@code closure/base.ttl}) plus a
 * small file that adds the fault. Each case asserts the rule id, the focus node, file:line and severity,
 * and that no other rule fired.
 */
class ClosureRulesTest {
    static final String NS = "https://example.org/closure-test#";
    /** Four prefix lines precede every fault body, so body line n is file line n + 4. */
    static final String PREFIXES = """
            @prefix :     <https://example.org/closure-test#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            """;
    /** The rest of a valid task in phase 2. */
    static final String ACTION = "sg:agent :alice ; sg:phase :p2 ; sg:handler \"h\"";
    static final String TASK = ACTION + " ; sg:estimatedDuration \"PT1H\"^^xsd:duration";

    record Case(String rule, String focus, int bodyLine, String body, Severity severity, boolean strict, String says) {
        @Override
        public String toString() {
            return rule + (says.isEmpty() ? "" : " (" + says + ")");
        }
    }

    static Case fault(String rule, String focus, int bodyLine, String body, String says) {
        return new Case(rule, focus, bodyLine, body, Severity.VIOLATION, false, says);
    }

    static Stream<Case> faults() {
        return Stream.of(
                // references
                fault("task-agent-exists", "x", 1, ":x a sg:Task ; sg:agent :nobody ; sg:phase :p2 ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .",
                        ":nobody is not defined anywhere"),
                fault("task-agent-exists", "x", 1, ":x a sg:Task ; sg:agent :p1 ; sg:phase :p2 ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .",
                        "not a declared sg:Agent"),
                fault("task-phase-exists", "x", 1, ":x a sg:Task ; sg:agent :alice ; sg:phase :nophase ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .",
                        ":nophase, which is not a declared sg:Phase"),
                // a dangling reference is placed at the line that refers, not at the subject's first line
                fault("task-dependency-exists", "x", 3, "\n:x a sg:Task ; " + TASK + " ;\n   sg:dependsOn :ghost .", "depends on :ghost"),
                fault("task-bottleneck-exists", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:addresses :t1 .", "addresses :t1"),
                fault("task-metric-exists", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:measures :ghost .", "measures :ghost"),
                fault("task-compensation-exists", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:compensatedBy :speed .", "compensated by :speed"),
                fault("gate-requirement-exists", "gx", 1, ":gx a sg:Gate ; sg:closes :p2 ; sg:requires :ghost ; sg:condition [ sg:predicate \"k\" ] .", "requires :ghost"),
                fault("gate-closes-phase", "gx", 1, ":gx a sg:Gate ; sg:closes :t1 ; sg:condition [ sg:predicate \"k\" ] .", "closes :t1"),
                fault("gate-owner-exists", "gx", 1, ":gx a sg:Gate ; sg:closes :p2 ; sg:owner \"Bob\" ; sg:condition [ sg:predicate \"k\" ] .", "not names"),
                fault("condition-metric-exists", "condition", 1, ":g1 sg:condition [ sg:metricMet :ghost ] .", "the sg:condition of :g1"),
                fault("metric-measurer-exists", "m", 1, ":m a sg:Metric ; sg:baseline 5.0 ; sg:target 1.0 ; sg:unit \"s\" ; sg:direction sg:Minimize ; sg:measuredBy :ghost .", "measured by :ghost"),
                fault("conflict-parties", "c2", 1, ":c2 a sg:Conflict ; sg:between :alice ; sg:resource \"x\" ; sg:resolution sg:Serialize .", "two or more declared sg:Agent (sg:between); it has 1"),
                fault("conflict-resource", "c2", 1, ":c2 a sg:Conflict ; sg:between :alice , :bob ; sg:resolution sg:FirstWins .", "no sg:resource"),
                fault("conflict-resolution", "c2", 1, ":c2 a sg:Conflict ; sg:between :alice , :bob ; sg:resource \"x\" ; sg:resolution sg:Ignore .", "sg:Serialize"),
                // ownership
                fault("task-has-one-agent", "x", 1, ":x a sg:Task ; sg:phase :p2 ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .", "exactly one sg:agent"),
                fault("task-has-one-agent", "x", 1, ":x a sg:Task ; sg:agent :alice , :bob ; sg:phase :p2 ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .", "exactly one sg:agent (the agent that performs it); it has 2"),
                fault("task-has-one-phase", "x", 1, ":x a sg:Task ; sg:agent :alice ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .", "exactly one sg:phase"),
                fault("agent-has-work", "idle", 3, "\n\n:idle a sg:Agent ; rdfs:label \"Idle\" .", "no task has it"),
                fault("agent-has-work", "idle", 1, ":idle a sg:Agent .\n:r9 a sg:Risk ; sg:owner :idle ; sg:probability 0.1 .", "decides on no gate"),
                // ordering
                fault("phase-has-order", "p3", 1, ":p3 a sg:Phase ; sg:order \"third\" .", "exactly one sg:order"),
                fault("phase-order-unique", "p3", 1, ":p3 a sg:Phase ; sg:order 2 .", "shares sg:order 2 with 1 other phase"),
                fault("dependency-later-phase", "x", 2, ":p3 a sg:Phase ; sg:order 3 .\n:x a sg:Task ; " + TASK + " ; sg:dependsOn :y .\n"
                        + ":y a sg:Task ; sg:agent :bob ; sg:phase :p3 ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .",
                        "depends on :y of the later phase :p3"),
                fault("dependency-cycle", "a", 1, ":a a sg:Task ; " + TASK + " ; sg:dependsOn :b .\n:b a sg:Task ; " + TASK + " ; sg:dependsOn :c .\n"
                        + ":c a sg:Task ; " + TASK + " ; sg:dependsOn :a .", ":a → :b → :c → :a"),
                fault("dependency-cycle", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:dependsOn :x .", ":x → :x"),
                // gates
                fault("gate-has-condition", "gx", 1, ":gx a sg:Gate ; sg:closes :p2 .", "has no sg:condition"),
                fault("gate-waits-for-something", "gx", 1, ":gx a sg:Gate ; sg:condition [ sg:predicate \"k\" ] .\n:x a sg:Task ; " + TASK + " ; sg:dependsOn :gx .",
                        "requires nothing"),
                fault("gate-gates-something", "gx", 1, ":gx a sg:Gate ; sg:requires :t1 ; sg:condition [ sg:predicate \"k\" ] .", "blocks nothing"),
                fault("condition-is-checkable", "condition", 1, ":g1 sg:condition [ sg:predicate \"a\" ; sg:ask \"ASK {}\" ] .", "exactly one of"),
                fault("condition-is-checkable", "condition", 1, ":g1 sg:condition [ rdfs:comment \"looks fine\" ] .", "not a checkable condition"),
                fault("approval-has-approver", "g9", 1, ":g9 a sg:Gate ; sg:requires :t2 ; sg:condition [ sg:approval [ ] ] .\n:t3 sg:dependsOn :g9 .", "nobody may decide on it"),
                fault("approval-approver-exists", "condition", 1, ":g1 sg:condition [ sg:approval [ sg:approver :ghost ] ] .",
                        "names sg:approver"),
                fault("task-timeout", "condition", 1, ":g1 sg:condition [ sg:approval [ sg:approver :alice ; sg:timeout \"2 days\" ] ] .",
                        "xsd:duration"),
                fault("approval-on-timeout", "condition", 1, ":g1 sg:condition [ sg:approval [ sg:approver :alice ; sg:onTimeout sg:Maybe ] ] .",
                        "sg:Reject (the default) or sg:Pass"),
                fault("condition-ask-valid", "condition", 1, ":g1 sg:condition [ sg:ask \"ASK { ?s ?p \" ] .", "does not parse"),
                fault("condition-ask-valid", "condition", 1, ":g1 sg:condition [ sg:ask \"ASK { FILTER(" + "(".repeat(100_000) + "1"
                        + ")".repeat(100_000) + ") }\" ] .", "nested too deeply for the parser"),
                fault("condition-ask-valid", "condition", 1, ":g1 sg:condition [ sg:ask \"SELECT * { ?s ?p ?o }\" ] .", "not an ASK query"),
                fault("condition-ask-valid", "condition", 1, ":g1 sg:condition [ sg:ask \"ASK { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }\" ] .", "uses SERVICE"),
                new Case("phase-closed-by-gate", "p0", 1, ":p0 a sg:Phase ; sg:order 0 .", Severity.VIOLATION, true, "no gate closes it"),
                // metrics
                fault("metric-baseline-numeric", "m", 1, ":m a sg:Metric ; sg:baseline \"120s\" ; sg:target 10.0 ; sg:unit \"s\" ; sg:direction sg:Minimize ; sg:measuredBy :t1 .", "got \"120s\""),
                fault("metric-target-numeric", "m", 1, ":m a sg:Metric ; sg:baseline 120 ; sg:target \"≤15s\" ; sg:unit \"s\" ; sg:direction sg:Minimize ; sg:measuredBy :t1 .", "got \"≤15s\""),
                fault("metric-has-unit", "m", 1, ":m a sg:Metric ; sg:baseline 120 ; sg:target 15 ; sg:direction sg:Minimize ; sg:measuredBy :t1 .", "sg:unit"),
                fault("metric-has-direction", "m", 1, ":m a sg:Metric ; sg:baseline 120 ; sg:target 15 ; sg:unit \"s\" ; sg:measuredBy :t1 .", "sg:direction"),
                fault("metric-priority", "m", 1, ":m a sg:Metric ; sg:baseline 120 ; sg:target 15 ; sg:unit \"s\" ; sg:direction sg:Minimize ; sg:priority 0 ; sg:measuredBy :t1 .", "sg:priority 0"),
                fault("metric-is-measured", "m", 1, ":m a sg:Metric ; sg:baseline 120 ; sg:target 15 ; sg:unit \"s\" ; sg:direction sg:Minimize .", "measured by nothing"),
                fault("metric-target-better", "m", 1, ":m a sg:Metric ; sg:baseline 10 ; sg:target 20 ; sg:unit \"s\" ; sg:direction sg:Minimize ; sg:measuredBy :t1 .",
                        "target 20, which is not better than its baseline 10"),
                fault("metric-target-better", "m", 1, ":m a sg:Metric ; sg:baseline 0.9 ; sg:target 0.9 ; sg:unit \"ratio\" ; sg:direction sg:Maximize ; sg:measuredBy :t1 .",
                        "sg:Maximize"),
                // coverage
                fault("bottleneck-addressed", "b2", 1, ":b2 a sg:Bottleneck ; rdfs:label \"Lock contention\" .", "addressed by no task"),
                fault("risk-owned", "r2", 1, ":r2 a sg:Risk ; sg:owner \"TaskOrchestrator\" .", "got \"TaskOrchestrator\""),
                fault("risk-owned", "r2", 1, ":r2 a sg:Risk .", "exactly one declared sg:Agent"),
                fault("risk-probability", "r2", 1, ":r2 a sg:Risk ; sg:owner :alice ; sg:probability 1.5 .", "between 0 and 1"),
                // executability
                fault("task-has-action", "x", 1, ":x a sg:Task ; sg:agent :alice ; sg:phase :p2 ; sg:estimatedDuration \"PT1H\"^^xsd:duration .", "exactly one action"),
                fault("task-has-action", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:command \"make\" .", "exactly one action"),
                fault("task-action-text", "x", 1, ":x a sg:Task ; sg:agent :alice ; sg:phase :p2 ; sg:handler \"\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .", "non-empty string"),
                fault("task-retries", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:retries -1 .", "sg:retries -1"),
                fault("task-timeout", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:timeout \"5 minutes\" .", "xsd:duration"),
                fault("task-cacheable", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:cacheable \"no\" .", "write one sg:cacheable, true or false"),
                fault("task-retries", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:retries 1000000 .", "more than 100 retries"),
                fault("task-retries", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:retries 1 , 2 .", "give exactly one"),
                fault("task-timeout", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:timeout \"PT0S\"^^xsd:duration .", "is zero"),
                fault("task-timeout", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:timeout \"-PT10M\"^^xsd:duration .", "is negative"),
                fault("duration-valid", "x", 1, ":x a sg:Task ; " + ACTION + " ; sg:estimatedDuration \"-PT6M\"^^xsd:duration .",
                        "sg:estimatedDuration \"-PT6M\", which is negative"),
                fault("duration-valid", "x", 1, ":x a sg:Task ; " + ACTION + " ; sg:estimatedDuration \"P1Y\"^^xsd:duration .",
                        "no fixed length"),
                fault("duration-valid", "x", 1, ":x a sg:Task ; " + ACTION + " ; sg:estimatedDuration \"PT1H\"^^xsd:duration , \"PT2H\"^^xsd:duration .",
                        "give exactly one"),
                fault("duration-valid", "x", 1, ":x a sg:Task ; " + ACTION + " ; sg:estimatedDuration \"soon\"^^xsd:duration .",
                        "sg:estimatedDuration \"soon\", which is not an xsd:duration"), // ill-typed: found by the spec fuzzer
                fault("task-retries", "x", 1, ":x a sg:Task ; " + TASK + " ; sg:retries \"three\"^^xsd:integer .", "not a whole number"),
                fault("duration-valid", "p3", 1, ":p3 a sg:Phase ; sg:order 3 ; sg:estimatedDuration \"-P1D\"^^xsd:duration .",
                        "is negative"),
                new Case("duration-valid", "x", 1, ":x a sg:Task ; " + ACTION + " ; sg:estimatedDuration \"PT1H\" .", Severity.WARNING,
                        false, "is typed xsd:string, not xsd:duration; it is read as PT1H"),
                fault("agent-concurrency", "carol", 1, ":carol a sg:Agent ; sg:concurrency 0 .\n:x a sg:Task ; sg:agent :carol ; sg:phase :p2 ; sg:handler \"h\" ; sg:estimatedDuration \"PT1H\"^^xsd:duration .",
                        "at least 1"),
                fault("phase-max-parallel", "p3", 1, ":p3 a sg:Phase ; sg:order 3 ; sg:maxParallel 0 .", "at least 1"),
                new Case("task-duration", "x", 1, ":x a sg:Task ; sg:agent :alice ; sg:phase :p2 ; sg:handler \"h\" .", Severity.WARNING, false, "no time"));
    }

    static Spec baseWith(String faultBody) {
        return Specgraph.load(loader -> loader.resource("closure/base.ttl").string("fault.ttl", PREFIXES + faultBody));
    }

    @Test
    void theBaseSpecIsClosedWithNoFindingAtAllEvenWithStrictPhases() {
        Spec base = Specgraph.load(loader -> loader.resource("closure/base.ttl"));
        ClosureReport report = base.validate(ClosureOptions.builder().strictPhases(true).build());
        assertThat(report.violations()).isEmpty();
        assertThat(report.closed()).isTrue();
        assertThat(report.percent()).isEqualTo(100.0);
        assertThat(report.summary()).startsWith("closed: 100% of " + report.checks() + " checks");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultBreaksExactlyItsRuleAtItsLocation(Case c) {
        ClosureReport report = baseWith(c.body()).validate(ClosureOptions.builder().strictPhases(c.strict()).build());

        Set<String> fired = report.violations().stream().map(Violation::ruleId).collect(Collectors.toSet());
        assertThat(fired).as("rules that fired").containsExactly(c.rule());
        Violation v = report.violations().stream()
                .filter(x -> c.focus().equals("condition") ? x.focusNode().isBlank()
                        : x.focusNode().isURI() && x.focusNode().getURI().equals(NS + c.focus()))
                .findFirst().orElseThrow(() -> new AssertionError("no finding on " + c.focus() + ": " + report.violations()));
        assertThat(v.severity()).isEqualTo(c.severity());
        assertThat(v.position()).as("position of " + c.focus()).isNotNull();
        assertThat(v.position().source()).isEqualTo("fault.ttl");
        assertThat(v.position().line()).isEqualTo(c.bodyLine() + 4);
        assertThat(v.location()).isEqualTo("fault.ttl:" + (c.bodyLine() + 4));
        assertThat(v.message()).contains(c.says());
        assertThat(v.category()).isIn(Tally.CATEGORY_ORDER);
        assertThat(report.closed()).isEqualTo(c.severity() != Severity.VIOLATION);
        assertThat(report.coverage(v.category()).orElseThrow().failed()).isPositive();
    }

    @Test
    void everyBuiltInRuleHasAFaultCase() {
        Set<String> covered = faults().map(Case::rule).collect(Collectors.toCollection(java.util.HashSet::new));
        ClosureReport report = Specgraph.load(loader -> loader.resource("closure/base.ttl"))
                .validate(ClosureOptions.builder().strictPhases(true).build());
        covered.add("spec-has-tasks"); // cannot be broken by adding to a spec: aSpecWithoutTasksIsNotClosed covers it
        assertThat(report.rules()).extracting(RuleCoverage::ruleId).hasSizeGreaterThan(40);
        assertThat(covered).containsAll(report.rules().stream().map(RuleCoverage::ruleId).toList());
    }

    @Test
    void aSpecWithoutTasksIsNotClosed() {
        ClosureReport report = Specgraph.load(loader -> loader.string("empty.ttl", PREFIXES + ":p1 a sg:Phase ; sg:order 1 ."))
                .validate();
        assertThat(report.closed()).isFalse();
        assertThat(report.violations()).extracting(Violation::ruleId).containsExactly("spec-has-tasks");
        assertThat(report.notices()).isEmpty();
    }

    @Test
    void aCycleIsReportedOnceWithItsWholePathAndCountsEveryMemberAsFailed() {
        ClosureReport report = baseWith(":a a sg:Task ; " + TASK + " ; sg:dependsOn :b .\n:b a sg:Task ; " + TASK
                + " ; sg:dependsOn :c .\n:c a sg:Task ; " + TASK + " ; sg:dependsOn :a .").validate();
        List<Violation> cycles = report.violations().stream().filter(v -> v.ruleId().equals("dependency-cycle")).toList();
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0).message()).contains(":a → :b → :c → :a");
        CategoryCoverage ordering = report.coverage("ordering").orElseThrow();
        assertThat(ordering.failed()).isEqualTo(3);
    }

    @Test
    void aGateClosingThePhaseOfATaskThatDependsOnItIsACycle() {
        ClosureReport report = baseWith(":x a sg:Task ; sg:agent :bob ; sg:phase :p1 ; sg:handler \"h\" ;"
                + " sg:estimatedDuration \"PT1H\"^^xsd:duration ; sg:dependsOn :g1 .").validate();
        assertThat(report.violations()).extracting(Violation::ruleId).containsExactly("dependency-cycle");
        assertThat(report.violations().get(0).message()).contains(":g1 → :x → :g1");
    }
}
