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
}
