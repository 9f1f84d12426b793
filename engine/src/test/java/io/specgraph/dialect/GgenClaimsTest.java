package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Violation;
import org.junit.jupiter.api.Test;

/** The ggen dialect maps the totals a ggen spec declares onto claims, located where the spec writes them. */
class GgenClaimsTest {
    private static final String SPEC = """
            @prefix : <https://ggen.io/spec/007/> .
            :Plan :phases (:P1) ; :totalTasks 3 .
            :P1 :duration "2 days" ; :estimatedHours 5 ; :tasks (:A :B) .
            :A :taskName "a" ; :owner "Al" ; :duration "2 hours" .
            :B :taskName "b" ; :owner "Al" ; :duration "3 hours" .
            :Summary :totalDays 1 ; :criticalPathHours 3 .
            """;

    @Test
    void declaredTotalsBecomeClaimsCheckedAgainstThePlan() {
        ClosureReport report = Specgraph.load(l -> l.string("plan.ttl", SPEC), Dialect.builtIn("ggen")).validate();
        assertThat(report.coverage("claims").orElseThrow().total()).isEqualTo(8); // 4 claims read, 4 checked
        assertThat(report.violations()).filteredOn(v -> v.category().equals("claims"))
                .extracting(Violation::location, Violation::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("plan.ttl:2",
                                ":Plan-claim-totalTasks claims 3 tasks (\":totalTasks 3\"), but the plan gives 2"),
                        org.assertj.core.groups.Tuple.tuple("plan.ttl:6",
                                ":Summary-claim-totalDays claims a makespan of 24 h on some number of workers (\":totalDays 1\"),"
                                        + " but the plan gives 5 h at the nearest (with 1 worker, trying every number of workers"
                                        + " from 1 to 2); even one worker would finish in 5 h"));
    }

    @Test
    void aTotalDurationRangeIsAMakespanClaimBetweenItsEnds() {
        String spec = """
                @prefix : <https://ggen.io/spec/007/> .
                :Plan :phases (:P1) ;
                    :totalDuration "32-40 hours" .
                :P1 :tasks (:A :B) .
                :A :taskName "a" ; :owner "Al" ; :duration "30 hours" .
                :B :taskName "b" ; :owner "Al" ; :duration "6 hours" .
                :Late :totalDuration "3-4 days" .
                :Vague :totalDuration "up to 2 days" .
                """;

        ClosureReport report = Specgraph.load(l -> l.string("plan.ttl", spec), Dialect.builtIn("ggen")).validate();

        // 36 h on one worker, 30 h on two: "32-40 hours" holds (as 40 h alone would not), "3-4 days" does not
        assertThat(report.violations()).filteredOn(v -> v.category().equals("claims"))
                .extracting(Violation::location, Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plan.ttl:7",
                        ":Late-claim-totalDuration claims a makespan of 3 d–4 d on some number of workers"
                                + " (\":totalDuration 3-4 days\"), but the plan gives 36 h at the nearest (with 1 worker,"
                                + " trying every number of workers from 1 to 2); even one worker would finish in 36 h"));
        // an upper bound alone claims no range: it is reported as a value the dialect could not read
        assertThat(report.violations()).filteredOn(v -> v.focusNode().getURI().endsWith("Vague"))
                .extracting(Violation::ruleId).containsExactly("dialect-value-parses-executability");
        assertThat(report.coverage("claims").orElseThrow().total()).isEqualTo(4); // 2 claims read, 2 checked
    }
}
