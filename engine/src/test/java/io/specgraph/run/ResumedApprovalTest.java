package io.specgraph.run;

import static io.specgraph.run.RunSpecs.gate;
import static io.specgraph.run.RunSpecs.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.plan.Plan;
import io.specgraph.store.GateDecision;
import io.specgraph.store.RunStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped in its store waiting for an approval, resumed: a decision posted while it was stopped is taken
 * before the run looks whether it has anything left but waiting (the decisions used to come only through the
 * poller thread, which the resumed run could outrun), and an approval whose timeout passed while it was stopped
 * is decided as it declares (the run used to stop again before its timer could fire).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResumedApprovalTest {
    @TempDir
    Path dir;

    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    private Engine.Builder engine(RunStore store) {
        return Engine.builder().store(store).stopWhenWaiting(true).failurePolicy(FailurePolicy.KEEP_GOING).handler("work", ctx -> {
            ran.add(ctx.task().iri().substring(RunSpecs.NS.length()));
            return null;
        });
    }

    @Test
    void aResumedRunTakesTheDecisionsPostedWhileItWasStopped() throws Exception {
        Plan plan = plan(ApprovalGateTest.spec("[ ]"));
        // several runs: each a chance for the resumed run to look before a poller would have read the decision
        for (int i = 0; i < 5; i++) {
            try (RunStore store = RunStore.onDisk(dir.resolve("store"))) {
                ran.clear();
                RunHandle first = engine(store).build().start(plan, RunOrigin.of("decided while stopped " + i));
                assertThat(first.await().outcome()).isEqualTo(RunResult.Outcome.WAITING);
                Approvers.Resolved who = Approvers.resolve(store.registration(first.runId()).specGraph(), "signoff", "lead");
                boolean approve = i % 2 == 0;
                store.decide(first.runId(), new GateDecision(who.gateIri(), approve, who.agentIri(), "run " + i, Instant.now()));

                RunResult resumed = engine(store).build().resume(plan, first.runId()).await();
                assertThat(resumed.outcome()).as("resume " + i).isEqualTo(approve ? RunResult.Outcome.SUCCEEDED : RunResult.Outcome.FAILED);
                assertThat(gate(resumed, "signoff").state()).isEqualTo(approve ? GateState.PASSED : GateState.FAILED);
                assertThat(ran).contains(approve ? "release" : "undo");
            }
        }
    }

    @Test
    void anApprovalWhoseTimeoutPassedWhileTheRunWasStoppedIsDecidedAsDeclared() throws Exception {
        for (boolean pass : new boolean[] {true, false}) {
            Plan plan = plan(ApprovalGateTest.spec("[ sg:timeout \"PT0.3S\"^^xsd:duration" + (pass ? " ; sg:onTimeout sg:Pass" : "") + " ]"));
            try (RunStore store = RunStore.inMemory()) {
                ran.clear();
                RunHandle first = engine(store).build().start(plan, RunOrigin.of("timeout"));
                assertThat(first.await().outcome()).as("a timeout is still a wait for a person").isEqualTo(RunResult.Outcome.WAITING);
                Thread.sleep(400);
                RunResult resumed = engine(store).build().resume(plan, first.runId()).await();
                assertThat(resumed.outcome()).as("pass " + pass).isEqualTo(pass ? RunResult.Outcome.SUCCEEDED : RunResult.Outcome.FAILED);
                GateOutcome signoff = gate(resumed, "signoff");
                assertThat(signoff.state()).isEqualTo(pass ? GateState.PASSED : GateState.FAILED);
                assertThat(signoff.conditions()).anySatisfy(c -> assertThat(c.detail())
                        .endsWith("no decision within 300 ms: " + (pass ? "passed" : "rejected") + " as the gate declares (sg:onTimeout)"));
                assertThat(ran).contains(pass ? "release" : "undo");
            }
        }
    }
}
