package io.specgraph.run;

import io.specgraph.store.GateDecision;
import io.specgraph.store.RunWriter;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the decisions posted to a live run's store (by {@code specgraph approve} in another process, or on
 * another machine) and hands each to the run once, twice a second, until the run ends.
 */
final class DecisionPoller {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** How often a live run looks for decisions posted to its store. */
    static final long POLL_MILLIS = 500;

    private DecisionPoller() {}

    /** Starts polling on a virtual thread, for the decisions after the first {@code taken}; interrupt it to stop. */
    static Thread start(RunWriter writer, int taken, Consumer<GateDecision> decided) {
        return Thread.ofVirtual().name("specgraph-decisions-" + writer.runId()).start(() -> {
            int seen = taken;
            while (true) {
                try {
                    for (GateDecision d : writer.decisionsAfter(seen)) {
                        seen++;
                        decided.accept(d);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("could not read the decisions posted to run {}: {}", writer.runId(), e.getMessage());
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
}
