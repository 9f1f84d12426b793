package io.specgraph.run;

import static io.specgraph.run.RunSpecs.gate;
import static io.specgraph.run.RunSpecs.iri;
import static io.specgraph.run.RunSpecs.plan;
import static io.specgraph.run.RunSpecs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Specgraph;
import io.specgraph.closure.Violation;
import io.specgraph.plan.Plan;
import io.specgraph.store.GateDecision;
import io.specgraph.store.QueryAnswer;
import io.specgraph.store.RunInfo;
import io.specgraph.store.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Approval gates through the public API: a gate that waits for a person while the rest goes on, approved,
 * rejected (compensation runs), refused to someone not allowed, timed out as declared, left waiting in a store
 * and resumed, approved automatically in a simulated run; and closure of the vocabulary.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApprovalGateTest {
    /** build → signoff (approval by lead) → release; side runs beside the gate, independent of it. */
    static String spec(String approval) {
        return """
                :p1 a sg:Phase ; rdfs:label "Build and release" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:concurrency 4 .
                :lead a sg:Agent ; rdfs:label "Release lead" .
                :build a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:compensatedBy :undo ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :side a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :release a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:dependsOn :signoff ;
                   sg:estimatedDuration "PT1M"^^xsd:duration .
                :undo a sg:Task ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                :signoff a sg:Gate ; rdfs:label "Sign-off" ; sg:requires :build ; sg:owner :lead ;
                   sg:condition [ sg:approval %s ] .
                """.formatted(approval);
    }

    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    private Engine.Builder engine() {
        return Engine.builder().handler("work", ctx -> {
            ran.add(ctx.task().iri().substring(RunSpecs.NS.length()));
            return null;
        });
    }

    @Test
    void aGateWaitsForItsApprovalWhileTheRestGoesOnAndPassesWhenApproved() throws Exception {
        Plan plan = plan(spec("[ ]"));
        CountDownLatch waiting = new CountDownLatch(1);
        RunHandle handle = engine().listener(e -> {
            if (e instanceof RunEvent.GateWaiting w) {
                assertThat(w.approvers()).containsExactly(iri("lead"));
                waiting.countDown();
            }
        }).build().start(plan);
        assertThat(RunSpecs.await(waiting)).isTrue();
        assertThat(handle.done()).isFalse();
        assertThat(ran).doesNotContain("release");

        handle.approve("signoff", "Release lead", "looks good");
        RunResult result = handle.await();
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(ran).contains("build", "side", "release").doesNotContain("undo");
        GateOutcome signoff = gate(result, "signoff");
        assertThat(signoff.state()).isEqualTo(GateState.PASSED);
        assertThat(signoff.conditions()).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ConditionOutcome.Kind.APPROVAL);
            assertThat(c.status()).isEqualTo(ConditionOutcome.Status.PASSED);
            assertThat(c.detail()).isEqualTo("approved by lead: looks good");
        });
        assertThat(result.record().graph().size()).isPositive();
        String prov = "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX sg: <https://w3id.org/specgraph#> ";
        assertThat(org.apache.jena.sparql.exec.QueryExec.graph(result.record().graph()).query(prov + """
                ASK { ?d a sg:ApprovalDecision ; sg:gate <%s> ; sg:decision sg:Approved ; sg:comment "looks good" ;
                         prov:endedAtTime ?t ;
                         prov:qualifiedAssociation [ prov:agent <%s> ; prov:hadRole sg:Approver ] }"""
                .formatted(iri("signoff"), iri("lead"))).ask()).as("the decision is recorded as PROV").isTrue();
    }

    @Test
    void aRejectionFailsTheGateAndRunsCompensation() throws Exception {
        Plan plan = plan(spec("[ sg:approver :lead ]"));
        CountDownLatch waiting = new CountDownLatch(1);
        RunHandle handle = engine().failurePolicy(FailurePolicy.KEEP_GOING).listener(e -> {
            if (e instanceof RunEvent.GateWaiting) {
                waiting.countDown();
            }
        }).build().start(plan);
        assertThat(RunSpecs.await(waiting)).isTrue();
        handle.reject(iri("signoff"), iri("lead"), "numbers are off");
        RunResult result = handle.await();
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(gate(result, "signoff").state()).isEqualTo(GateState.FAILED);
        assertThat(gate(result, "signoff").reason()).isEqualTo("rejected by lead: numbers are off");
        assertThat(task(result, "release").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(task(result, "undo").state()).as("the build is compensated").isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void someoneNotAllowedIsRefusedWithWhoMay() throws Exception {
        Plan plan = plan(spec("[ sg:approver :lead ]"));
        CountDownLatch waiting = new CountDownLatch(1);
        RunHandle handle = engine().listener(e -> {
            if (e instanceof RunEvent.GateWaiting) {
                waiting.countDown();
            }
        }).build().start(plan);
        assertThat(RunSpecs.await(waiting)).isTrue();
        assertThatThrownBy(() -> handle.approve("signoff", "dev", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dev may not decide on gate signoff; who may: lead");
        assertThatThrownBy(() -> handle.approve("nosuchgate", "lead", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the spec has no gate 'nosuchgate'");
        assertThat(handle.done()).isFalse();
        handle.approve("signoff", "lead", "");
        assertThat(handle.await().succeeded()).isTrue();
    }

    @Test
    void noDecisionInTimeRejectsByDefaultOrPassesWhenDeclared() throws Exception {
        RunResult rejected = engine().failurePolicy(FailurePolicy.KEEP_GOING).build()
                .run(plan(spec("[ sg:timeout \"PT0.2S\"^^xsd:duration ]")));
        assertThat(gate(rejected, "signoff").state()).isEqualTo(GateState.FAILED);
        assertThat(gate(rejected, "signoff").reason()).startsWith("no decision within 200 ms: rejected as the gate declares");
        assertThat(task(rejected, "undo").state()).isEqualTo(TaskState.SUCCEEDED);

        RunResult passed = engine().build().run(plan(spec("[ sg:timeout \"PT0.2S\"^^xsd:duration ; sg:onTimeout sg:Pass ]")));
        assertThat(gate(passed, "signoff").state()).isEqualTo(GateState.PASSED);
        assertThat(task(passed, "release").state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void aRunWithNothingLeftButWaitingStopsInItsStoreAndIsResumedOnceDecided() throws Exception {
        RunStore store = RunStore.inMemory();
        Plan plan = plan(spec("[ ]"));
        RunHandle first = engine().store(store).stopWhenWaiting(true).build().start(plan, RunOrigin.of("approval"));
        RunResult waiting = first.await();
        assertThat(waiting.outcome()).isEqualTo(RunResult.Outcome.WAITING);
        assertThat(gate(waiting, "signoff").state()).isEqualTo(GateState.WAITING);
        RunInfo info = store.find(first.runId()).orElseThrow();
        assertThat(info.progress().state()).isEqualTo(RunInfo.State.WAITING);
        assertThat(info.progress().waitingGates()).containsExactly(iri("signoff"));
        assertThat(ran).containsExactlyInAnyOrder("build", "side");

        Approvers.Resolved who = Approvers.resolve(store.registration(first.runId()).specGraph(), "signoff", "lead");
        store.decide(first.runId(), new GateDecision(who.gateIri(), true, who.agentIri(), "ship it", Instant.now()));
        ran.clear();
        RunResult done = engine().store(store).stopWhenWaiting(true).build().resume(plan, first.runId()).await();
        assertThat(done.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        assertThat(ran).as("only what waited for the gate runs").containsExactly("release");
        assertThat(store.find(first.runId()).orElseThrow().progress().state()).isEqualTo(RunInfo.State.SUCCEEDED);
        QueryAnswer answer = store.query("""
                PREFIX sg: <https://w3id.org/specgraph#>
                SELECT ?c WHERE { ?d a sg:ApprovalDecision ; sg:comment ?c }""", Duration.ofSeconds(10));
        assertThat(((QueryAnswer.Rows) answer).rows()).hasSize(1);
    }

    @Test
    void aSimulatedRunApprovesAutomaticallyAndSaysSo() {
        RunResult result = Engine.builder().simulateInVirtualTime().build().run(plan(spec("[ ]")));
        assertThat(result.succeeded()).isTrue();
        assertThat(gate(result, "signoff").conditions()).anySatisfy(c -> {
            assertThat(c.status()).isEqualTo(ConditionOutcome.Status.ASSUMED);
            assertThat(c.detail()).isEqualTo("approved automatically in a simulated run");
        });
    }

    @Test
    void closureChecksApproversAndThatSomeoneMayDecide() {
        List<Violation> undeclared = Specgraph.load(l -> l.string("a.ttl", RunSpecs.PREFIXES + spec("[ sg:approver :ghost ]")))
                .validate().violations();
        assertThat(undeclared).anySatisfy(v -> assertThat(v.message()).contains("names sg:approver")
                .contains("which is not a declared sg:Agent"));
        List<Violation> nobody = Specgraph.load(l -> l.string("b.ttl", RunSpecs.PREFIXES
                + spec("[ ]").replace("sg:owner :lead ;", ""))).validate().violations();
        assertThat(nobody).anySatisfy(v -> assertThat(v.ruleId()).isEqualTo("approval-has-approver"));
        assertThat(Specgraph.load(l -> l.string("c.ttl", RunSpecs.PREFIXES + spec("[ sg:approver :lead ; sg:onTimeout sg:Pass ]")))
                .validate().violations()).isEmpty();
    }
}
