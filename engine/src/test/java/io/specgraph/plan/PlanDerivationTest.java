package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanDerivationTest {
    static final String NS = "https://example.org/p#";
    static final String PREFIXES = """
            @prefix :    <https://example.org/p#> .
            @prefix sg:  <https://w3id.org/specgraph#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            """;
    /** Phase 1 (closed by :g1) → phase 2 (no gate) → phase 3; :undo only compensates :a. */
    static final String SPEC = PREFIXES + """
            :p1 a sg:Phase ; sg:order 1 .
            :p2 a sg:Phase ; sg:order 2 .
            :p3 a sg:Phase ; sg:order 3 .
            :dev a sg:Agent .
            :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
               sg:compensatedBy :undo .
            :b a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT2H"^^xsd:duration ; sg:dependsOn :a .
            :c a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "h" ; sg:estimatedDuration "PT3H"^^xsd:duration .
            :d a sg:Task ; sg:agent :dev ; sg:phase :p2 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
            :e a sg:Task ; sg:agent :dev ; sg:phase :p3 ; sg:handler "h" ; sg:estimatedDuration "PT30M"^^xsd:duration .
            :undo a sg:Task ; sg:agent :dev ; sg:phase :p3 ; sg:handler "undo" ; sg:estimatedDuration "PT10M"^^xsd:duration .
            :g1 a sg:Gate ; sg:closes :p1 ; sg:condition [ sg:predicate "ok" ] .
            """;

    static Spec spec(String turtle) {
        return Specgraph.load(l -> l.string("plan.ttl", turtle));
    }

    static boolean hasEdge(Plan plan, String from, String to, PlanEdge.Reason reason) {
        return plan.edges().contains(new PlanEdge(from.startsWith("urn:") ? from : NS + from, to.startsWith("urn:") ? to : NS + to, reason));
    }

    @Test
    void edgesSayWhyTheyExist() {
        Plan plan = spec(SPEC).plan();
        assertThat(hasEdge(plan, "a", "b", PlanEdge.Reason.DEPENDENCY)).isTrue();
        assertThat(hasEdge(plan, "a", "g1", PlanEdge.Reason.PHASE_CLOSURE)).isTrue();
        assertThat(hasEdge(plan, "b", "g1", PlanEdge.Reason.PHASE_CLOSURE)).isTrue();
        assertThat(hasEdge(plan, "g1", "c", PlanEdge.Reason.PHASE_BARRIER)).isTrue();
        assertThat(hasEdge(plan, "g1", "d", PlanEdge.Reason.PHASE_BARRIER)).isTrue();
        // phase 2 has no gate: a barrier node joins it to phase 3 with n + m edges, not n × m
        String barrier = "urn:specgraph:barrier:2";
        assertThat(plan.nodes()).anyMatch(n -> n.id().equals(barrier) && n.kind() == PlanNode.Kind.BARRIER);
        assertThat(hasEdge(plan, "c", barrier, PlanEdge.Reason.PHASE_BARRIER)).isTrue();
        assertThat(hasEdge(plan, "d", barrier, PlanEdge.Reason.PHASE_BARRIER)).isTrue();
        assertThat(hasEdge(plan, barrier, "e", PlanEdge.Reason.PHASE_BARRIER)).isTrue();
        assertThat(plan.graph().vertexSet()).hasSize(plan.nodes().size());
        assertThat(plan.graph().edgeSet()).hasSize(plan.edges().size());
    }

    @Test
    void figuresOfTheSmallSpec() {
        Plan plan = spec(SPEC).plan();
        // a(1h) → b(2h) → g1 → c(3h) → barrier → e(30m)
        assertThat(plan.criticalPath().nodes()).containsExactly(NS + "a", NS + "b", NS + "g1", NS + "c",
                "urn:specgraph:barrier:2", NS + "e");
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofMinutes(390));
        assertThat(plan.totalWork()).isEqualTo(Duration.ofMinutes(450));
        assertThat(plan.levels()).containsExactly(List.of(NS + "a"), List.of(NS + "b"), List.of(NS + "g1"),
                List.of(NS + "c", NS + "d"), List.of("urn:specgraph:barrier:2"), List.of(NS + "e"));
        assertThat(plan.maxWidth()).isEqualTo(2);
        // one agent does everything, one task at a time: the bound is all the work
        assertThat(plan.lowerBound(4)).isEqualTo(Duration.ofMinutes(450));
        assertThat(plan.estimatedMakespan(4)).isEqualTo(Duration.ofMinutes(450));
    }

    @Test
    void compensationTasksArePlannedButNotScheduled() {
        Plan plan = spec(SPEC).plan();
        PlanTask undo = plan.task(NS + "undo").orElseThrow();
        assertThat(undo.compensation()).isTrue();
        assertThat(plan.task(NS + "a").orElseThrow().compensatedBy()).isEqualTo(NS + "undo");
        assertThat(plan.nodes()).extracting(PlanNode::id).doesNotContain(NS + "undo");
        assertThat(plan.agentLoad().get(NS + "dev")).isEqualTo(Duration.ofMinutes(450));
    }

    @Test
    void agentConcurrencyAndPhaseLimitsShapeTheEstimate() {
        String wide = PREFIXES + """
                :p1 a sg:Phase ; sg:order 1 ; sg:maxParallel 2 .
                :x a sg:Agent ; sg:concurrency 4 .
                :t1 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
                :t2 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
                :t3 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration .
                :t4 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ; sg:writes "db" .
                :t5 a sg:Task ; sg:agent :x ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ; sg:writes "db" .
                """;
        Plan plan = spec(wide).plan();
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofHours(1));
        // 5 one-hour tasks, at most 2 at a time in the phase: work alone says 2.5 h, but one of the 2 slots
        // must run 3 of the 5 tasks (pigeonhole), so no schedule beats 3 h, which the estimate achieves
        assertThat(plan.lowerBound(8)).isEqualTo(Duration.ofHours(3));
        assertThat(plan.estimatedMakespan(8)).isEqualTo(Duration.ofHours(3));
        assertThat(plan.estimatedMakespan(1)).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void pigeonholeTermsOfTheLowerBound() {
        // no more tasks than slots: nothing to add
        assertThat(Bounds.pigeonhole(List.of(5L, 4L), 2)).isZero();
        // 4 workers, 5 tasks: two of the longest five share a slot, at best the two shortest (review-all's reviews)
        assertThat(Bounds.pigeonhole(List.of(6L, 5L, 5L, 5L, 6L), 4)).isEqualTo(10);
        // 2 slots, 5 equal tasks: one slot runs 3
        assertThat(Bounds.pigeonhole(List.of(60L, 60L, 60L, 60L, 60L), 2)).isEqualTo(180);
        // a long task dominates nothing here: 9 + 1 on one slot or 9 beside 1 + 1
        assertThat(Bounds.pigeonhole(List.of(9L, 1L, 1L), 2)).isEqualTo(2);
    }

    @Test
    void anOpenSpecIsRefusedWithItsViolationsUnlessAllowed() {
        String open = PREFIXES + """
                :p1 a sg:Phase ; sg:order 1 .
                :dev a sg:Agent .
                :a a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                   sg:dependsOn :ghost .
                """;
        assertThatThrownBy(() -> spec(open).plan())
                .isInstanceOf(PlanRefusedException.class)
                .hasMessageContaining("plan.ttl:7") // the line that names :ghost, not :a's first line
                .hasMessageContaining("task-dependency-exists")
                .hasMessageContaining("allowUnclosed")
                .satisfies(e -> assertThat(((PlanRefusedException) e).blocking()).hasSize(1));

        Plan plan = spec(open).plan(PlanOptions.builder().allowUnclosed(true).build());
        assertThat(plan.nodes()).extracting(PlanNode::id).containsExactly(NS + "a");
        assertThat(plan.warnings()).anyMatch(w -> w.contains("not closed"))
                .anyMatch(w -> w.contains(NS + "ghost") && w.contains("left out"));
    }

    @Test
    void theSameSpecGivesTheSamePlan() {
        Plan first = spec(SPEC).plan();
        Plan second = spec(SPEC).plan();
        assertThat(second.nodes()).isEqualTo(first.nodes());
        assertThat(second.edges()).isEqualTo(first.edges());
        assertThat(second.levels()).isEqualTo(first.levels());
        assertThat(second.criticalPath()).isEqualTo(first.criticalPath());
    }

    @Test
    void writersThatMayOverlapAreFoundAndMatchedToDeclaredConflicts() {
        String writers = PREFIXES + """
                :p1 a sg:Phase ; sg:order 1 .
                :ann a sg:Agent .
                :ben a sg:Agent .
                :a1 a sg:Task ; sg:agent :ann ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" , "Makefile" .
                :b1 a sg:Task ; sg:agent :ben ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" , "Makefile" .
                :b2 a sg:Task ; sg:agent :ben ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" ; sg:dependsOn :a1 .
                :manifest a sg:Conflict ; sg:between :ann , :ben ; sg:resource "Cargo.toml" ; sg:resolution sg:FirstWins .
                """;
        Plan plan = spec(writers).plan();
        // a1 ∥ b1 on both files; b2 comes after a1, and b1/b2 share one serial agent: no pair
        assertThat(plan.writeConflicts()).extracting(WriteConflict::resource, WriteConflict::first, WriteConflict::second,
                        WriteConflict::resolved)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Cargo.toml", NS + "a1", NS + "b1", true),
                        org.assertj.core.groups.Tuple.tuple("Makefile", NS + "a1", NS + "b1", false));
        assertThat(plan.writeConflicts().stream().filter(WriteConflict::resolved).findFirst().orElseThrow()
                .declared().resolution()).isEqualTo(PlanConflict.Resolution.FIRST_WINS);
        assertThat(plan.warnings()).singleElement().asString().contains("\"Makefile\"").contains("one after the other");
        // the engine's estimate serializes the writers: a1 and b1 cannot overlap
        assertThat(plan.estimatedMakespan(4)).isEqualTo(Duration.ofHours(3));
    }

    /** Found by the spec fuzzer: a writer whose agent is not declared made planning an open spec throw. */
    @Test
    void writersWithoutADeclaredAgentArePlannedWhenAnOpenSpecIsAllowed() {
        String writers = PREFIXES + """
                :p1 a sg:Phase ; sg:order 1 .
                :ann a sg:Agent .
                :a1 a sg:Task ; sg:agent :ann ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" .
                :b1 a sg:Task ; sg:agent :ghost ; sg:phase :p1 ; sg:handler "h" ; sg:estimatedDuration "PT1H"^^xsd:duration ;
                    sg:writes "Cargo.toml" .
                :manifest a sg:Conflict ; sg:between :ann , :ben ; sg:resource "Cargo.toml" ; sg:resolution sg:FirstWins .
                """;
        Plan plan = spec(writers).plan(PlanOptions.builder().allowUnclosed(true).build());
        assertThat(plan.writeConflicts()).extracting(WriteConflict::first, WriteConflict::second, WriteConflict::resolved)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NS + "a1", NS + "b1", false));
    }

    @Test
    void theIndexedDagIsTheEdgeListAndTheRemainingPathsOfThePlan() {
        Plan plan = Specgraph.load(java.nio.file.Path.of("..", "specs", "build-optimization")).plan();
        PlanDag dag = plan.dag();
        assertThat(dag.size()).isEqualTo(plan.nodes().size());
        java.util.Set<String> fromDag = new java.util.HashSet<>();
        for (int v = 0; v < dag.size(); v++) {
            assertThat(dag.indexOf(dag.node(v).id())).isEqualTo(v);
            assertThat(dag.remainingMillis(v)).isEqualTo(plan.remainingPath(dag.node(v).id()).toMillis());
            for (int i = 0; i < dag.successorCount(v); i++) {
                int s = dag.successor(v, i);
                fromDag.add(dag.node(v).id() + " -> " + dag.node(s).id());
                boolean back = false;
                for (int j = 0; j < dag.predecessorCount(s); j++) {
                    back |= dag.predecessor(s, j) == v;
                }
                assertThat(back).as("%s lists %s among its predecessors", dag.node(s).id(), dag.node(v).id()).isTrue();
            }
        }
        assertThat(fromDag).isEqualTo(plan.edges().stream().map(e -> e.from() + " -> " + e.to())
                .collect(java.util.stream.Collectors.toSet()));
        assertThat(dag.indexOf("https://nowhere.example/none")).isEqualTo(-1);
    }
}
