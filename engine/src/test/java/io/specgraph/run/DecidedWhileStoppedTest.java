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
 * A decision posted to the store while the run was stopped, waiting for it, is taken by the resumed run before
 * it looks whether it has anything left but waiting: resume never stops again on a gate already decided. (The
 * decisions used to come only through the poller thread, which the resumed run could outrun.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DecidedWhileStoppedTest {
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
}
