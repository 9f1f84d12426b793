package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Severity;
import io.specgraph.closure.Violation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Validate and plan read durations and retry counts the same way: a value validate refuses is never used by
 * the plan (which says so), and a value validate accepts with a warning is used exactly as the warning says.
 */
class TimingsAgreementTest {
    private static final String NS = "https://ex.org/timing#";

    private static Spec spec(String taskProperties) {
        return Specgraph.load(l -> l.string("plan.ttl", """
                @prefix sg:  <https://w3id.org/specgraph#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                @prefix :    <https://ex.org/timing#> .
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :t a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; %s .
                """.formatted(taskProperties)));
    }

    private static Plan planAnyway(Spec spec) {
        return spec.plan(PlanOptions.builder().allowUnclosed(true).build());
    }

    @Test
    void aNegativeEstimateIsAViolationAndThePlanCallsTheDurationUnknownSayingWhy() {
        Spec spec = spec("sg:estimatedDuration \"-PT6M\"^^xsd:duration");
        ClosureReport report = spec.validate();
        assertThat(report.closed()).isFalse();
        assertThat(report.violations()).extracting(Violation::ruleId).containsExactly("duration-valid");

        Plan plan = planAnyway(spec);
        assertThat(plan.task(NS + "t").orElseThrow().estimatedDuration()).isEqualTo(Duration.ZERO);
        assertThat(plan.estimatedMakespan(1)).isEqualTo(Duration.ZERO);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("sg:estimatedDuration \"-PT6M\", which is negative")
                && w.contains("its duration is unknown"));
        assertThat(plan.unknownDurations()).containsExactly(NS + "t");
    }

    @Test
    void aPlainStringDurationIsAWarningAndThePlanUsesItAsTheWarningSays() {
        Spec spec = spec("sg:estimatedDuration \"PT90M\"");
        ClosureReport report = spec.validate();
        assertThat(report.closed()).isTrue();
        assertThat(report.violations()).singleElement().satisfies(v -> {
            assertThat(v.severity()).isEqualTo(Severity.WARNING);
            assertThat(v.message()).contains("it is read as PT90M");
        });

        Plan plan = spec.plan();
        assertThat(plan.task(NS + "t").orElseThrow().estimatedDuration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(plan.warnings()).anyMatch(w -> w.contains("it is read as PT90M"));
    }

    @Test
    void aZeroTimeoutAndAnAbsurdRetryCountAreViolationsAndThePlanUsesNeither() {
        Spec spec = spec("sg:estimatedDuration \"PT1H\"^^xsd:duration ; sg:timeout \"PT0S\"^^xsd:duration ; sg:retries 2147483648");
        ClosureReport report = spec.validate();
        assertThat(report.violations()).extracting(Violation::ruleId).containsExactlyInAnyOrder("task-timeout", "task-retries");

        PlanTask task = planAnyway(spec).task(NS + "t").orElseThrow();
        assertThat(task.timeout()).isNull();
        assertThat(task.retries()).isNull();
    }

    @Test
    void aWellTypedSpecHasNoTimingFindingAndThePlanUsesItsValues() {
        Spec spec = spec("sg:estimatedDuration \"P1DT2H\"^^xsd:duration ; sg:timeout \"PT3H\"^^xsd:duration ; sg:retries 2");
        assertThat(spec.validate().violations()).isEmpty();
        PlanTask task = spec.plan().task(NS + "t").orElseThrow();
        assertThat(task.estimatedDuration()).isEqualTo(Duration.ofHours(26));
        assertThat(task.timeout()).isEqualTo(Duration.ofHours(3));
        assertThat(task.retries()).isEqualTo(2);
    }
}
