package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example specs planned against figures computed by hand from their seeds (the helpers' working is in
 * the commit that added each spec): critical path, levels, width, total work and bounds.
 */
class ExamplePlansTest {
    static Spec load(String name) {
        return Specgraph.load(Path.of("..", "specs", name));
    }

    static String ns(String name) {
        return "https://w3id.org/specgraph/example/" + name + "#";
    }

    /** The tasks of the critical path, in order (gates and barriers dropped). */
    static List<String> criticalTasks(Plan plan, String name) {
        return plan.criticalPath().nodes().stream()
                .filter(id -> plan.task(id).isPresent())
                .map(id -> id.substring(ns(name).length()))
                .toList();
    }

    @Test
    void closureIsCheckedOncePerSpecAndOptionsAndPlanningReusesIt() {
        Spec spec = load("review-all");
        io.specgraph.closure.ClosureReport report = spec.validate();
        assertThat(spec.validate()).isSameAs(report);
        assertThat(spec.validate(io.specgraph.closure.ClosureOptions.defaults())).isSameAs(report);
        // equal options built anew (as the CLI does) are the same question
        assertThat(spec.validate(io.specgraph.closure.ClosureOptions.builder().build())).isSameAs(report);
        // other options are another question: checked anew
        io.specgraph.closure.ClosureOptions strict = io.specgraph.closure.ClosureOptions.builder().strictPhases(true).build();
        assertThat(spec.validate(strict)).isNotSameAs(report);
        assertThat(spec.plan().tasks()).hasSize(7);
    }

    @Test
    void reviewAll() {
        Plan plan = load("review-all").plan();
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofMinutes(17));
        assertThat(criticalTasks(plan, "review-all")).containsExactly("analyse-codebase", "review-quality", "synthesise");
        assertThat(plan.totalWork()).isEqualTo(Duration.ofMinutes(38));
        assertThat(plan.levels()).hasSize(5);
        assertThat(plan.maxWidth()).isEqualTo(5);
        assertThat(plan.lowerBound(5)).isEqualTo(Duration.ofMinutes(17));
        assertThat(plan.lowerBound(1)).isEqualTo(Duration.ofMinutes(38));
        assertThat(plan.estimatedMakespan(5)).isEqualTo(Duration.ofMinutes(17));
        assertThat(plan.estimatedMakespan(1)).isEqualTo(Duration.ofMinutes(38));
        assertThat(plan.agentLoad()).containsEntry(ns("review-all") + "security-reviewer", Duration.ofMinutes(6));
    }

    @Test
    void codegen() {
        Plan plan = load("codegen").plan();
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofMillis(1627));
        assertThat(criticalTasks(plan, "codegen")).containsExactly("compile-templates", "generate-bloom", "compile-generated", "write-output");
        assertThat(plan.totalWork()).isEqualTo(Duration.ofMillis(2287));
        assertThat(plan.levels()).hasSize(8);
        assertThat(plan.maxWidth()).isEqualTo(3);
        assertThat(plan.lowerBound(4)).isEqualTo(Duration.ofMillis(1627));
        assertThat(plan.lowerBound(1)).isEqualTo(Duration.ofMillis(2287));
        assertThat(plan.estimatedMakespan(4)).isEqualTo(Duration.ofMillis(1627));
        assertThat(plan.agentLoad()).containsEntry(ns("codegen") + "codegen-handler", Duration.ofMillis(1006));
    }

    @Test
    void gadugiStrictFollowsTheGraphNotTheSeedsClaim() {
        Plan plan = load("gadugi-v03").plan();
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofHours(44));
        assertThat(criticalTasks(plan, "gadugi-v03")).containsExactly(
                "recipe-definitions", "event-system", "memory-system", "agent-framework", "task-decomposer", "orchestrator");
        // ties between a direct dependency and a zero-time gate go to the node written first
        assertThat(plan.criticalPath().nodes()).containsExactly(
                ns("gadugi-v03") + "recipe-definitions", ns("gadugi-v03") + "batch-1-gate", ns("gadugi-v03") + "event-system",
                ns("gadugi-v03") + "memory-system", ns("gadugi-v03") + "agent-framework", ns("gadugi-v03") + "task-decomposer",
                ns("gadugi-v03") + "orchestrator", ns("gadugi-v03") + "batch-5-gate");
        assertThat(plan.totalWork()).isEqualTo(Duration.ofHours(68));
        assertThat(plan.levels()).hasSize(11);
        assertThat(plan.levels().get(0)).hasSize(4);
        assertThat(plan.maxWidth()).isEqualTo(4);
        assertThat(plan.lowerBound(4)).isEqualTo(Duration.ofHours(44));
        assertThat(plan.estimatedMakespan(4)).isEqualTo(Duration.ofHours(44));
        assertThat(plan.agentLoad().values()).containsExactly(Duration.ofHours(58), Duration.ofHours(10));
    }

    @Test
    void gadugiPipelinedHasTheLongerChainThroughMemory() {
        Plan plan = load("gadugi-v03").plan(PlanOptions.builder().pipelined(true).build());
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofHours(40));
        assertThat(criticalTasks(plan, "gadugi-v03")).containsExactly(
                "protobuf-definitions", "event-system", "memory-system", "agent-framework", "task-decomposer", "orchestrator");
        assertThat(plan.levels()).hasSize(7);
        assertThat(plan.edges()).noneMatch(e -> e.reason() == PlanEdge.Reason.PHASE_BARRIER);
    }

    @Test
    void buildOptimization() {
        Plan plan = load("build-optimization").plan();
        assertThat(plan.criticalPath().length()).isEqualTo(Duration.ofMinutes(23 * 60 + 30));
        // phase 1: 16 h 05 min of work; phase 2: 50 h (five optimizers of 10, 11, 10, 10, 9 h); phase 3: 9.5 h
        assertThat(plan.totalWork()).isEqualTo(Duration.ofMinutes(75 * 60 + 35));
        // the 8 phase-1 tasks without dependencies form level 0
        assertThat(plan.maxWidth()).isEqualTo(8);
        assertThat(plan.agentLoad()).containsEntry(ns("build-optimization") + "system-architect", Duration.ofHours(7));
        // per phase: max(chain, work / min(W, maxParallel), agent load): phase 1 is bound by the System
        // Architect's 7 h, phase 2 by 50 h / 4 = 12.5 h (W=4) or the 11 h chain (W=5), phase 3 runs one at a time
        assertThat(plan.lowerBound(4)).isEqualTo(Duration.ofMinutes(29 * 60));
        assertThat(plan.lowerBound(5)).isEqualTo(Duration.ofMinutes(27 * 60 + 30));
        assertThat(plan.phases()).extracting(PlanPhase::order).containsExactly(1, 2, 3);
        assertThat(plan.agents()).as("10 agents and the orchestrator who signs off").hasSize(11);
        assertThat(plan.gates()).hasSize(5);
        assertThat(plan.metrics()).hasSize(6);
        // the rollback task only runs to compensate: it is a task of the plan but not scheduled
        PlanTask rollback = plan.task(ns("build-optimization") + "pv-rollback").orElseThrow();
        assertThat(rollback.compensation()).isTrue();
        assertThat(plan.nodes()).noneMatch(n -> n.id().equals(rollback.iri()));
        assertThat(plan.lowerBound(5)).isLessThanOrEqualTo(plan.estimatedMakespan(5));
        assertThat(plan.estimatedMakespan(1)).isEqualTo(plan.totalWork());
        assertThat(plan.writeConflicts()).isNotEmpty().allMatch(WriteConflict::resolved);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void examplesPlanWithoutWarnings(String name) {
        Plan plan = load(name).plan();
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.lowerBound(5)).isLessThanOrEqualTo(plan.estimatedMakespan(5));
    }
}
