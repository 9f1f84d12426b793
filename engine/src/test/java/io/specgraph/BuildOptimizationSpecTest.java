package io.specgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.closure.ClosureOptions;
import io.specgraph.closure.ClosureReport;
import io.specgraph.vocab.SG;
import java.nio.file.Path;
import org.apache.jena.graph.Node;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;

/** The bundled example encodes seeds 000/001 as the issue asks, and it is closed. */
class BuildOptimizationSpecTest {
    private static final Spec SPEC = Specgraph.load(Path.of("..", "specs", "build-optimization"));

    private static long count(Node type) {
        return SPEC.loaded().union().find(Node.ANY, RDF.type.asNode(), type).toList().size();
    }

    @Test
    void holdsThePlanOfTheSeeds() {
        assertThat(SPEC.loaded().sources()).hasSize(4)
                .allSatisfy(s -> assertThat(s).endsWith(".ttl"));
        assertThat(count(SG.Phase)).isEqualTo(3);
        assertThat(count(SG.Agent)).as("10 agents and the orchestrator who signs off").isEqualTo(11);
        assertThat(count(SG.Gate)).isEqualTo(5);
        assertThat(count(SG.Metric)).isEqualTo(6);
        assertThat(count(SG.Bottleneck)).isEqualTo(3);
        assertThat(count(SG.Risk)).isEqualTo(6);
        assertThat(count(SG.Conflict)).isEqualTo(3);
        assertThat(count(SG.Task)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void isClosedWithoutAnyWarningEvenWithStrictPhases() {
        ClosureReport report = SPEC.validate(ClosureOptions.builder().strictPhases(true).build());
        assertThat(report.violations()).isEmpty();
        assertThat(report.closed()).isTrue();
        assertThat(report.coverage()).extracting(c -> c.category())
                .containsExactly("references", "ownership", "ordering", "gates", "metrics", "coverage", "executability", "claims");
        assertThat(SPEC.warnings()).isEmpty();
    }
}
