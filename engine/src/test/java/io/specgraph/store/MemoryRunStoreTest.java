package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the contract, and what only it does. */
class MemoryRunStoreTest extends RunStoreContract {
    @Override
    RunStore newStore() {
        return RunStore.inMemory();
    }

    /** A run that nobody queries never pays for its plan's JSON (megabytes for a large plan): it is written when asked. */
    @Test
    void thePlansJsonIsWrittenOnlyWhenAHistoryQueryAsks() {
        NewRun given = registration("lazy", T0, 2);
        AtomicInteger written = new AtomicInteger();
        NewRun reg = NewRun.withPlanWhenAsked(given.spec(), given.options(), given.sources(), given.specGraph(), () -> {
            written.incrementAndGet();
            return given.plan();
        }, given.fingerprints(), given.started());
        String id;
        try (RunWriter w = store.create(reg)) {
            id = w.runId();
            w.append(List.of("one"));
            w.progress(progress(RunInfo.State.RUNNING, 1, 2));
            w.saveRecord(record(RunIds.iri(id), "lazy"), progress(RunInfo.State.SUCCEEDED, 2, 2));
        }
        assertThat(store.runs()).extracting(RunInfo::id).containsExactly(id);
        assertThat(store.journal(id)).containsExactly("one");
        assertThat(written).as("written before anyone asked").hasValue(0);

        String ask = "PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { ?r sg:planJson ?p FILTER(CONTAINS(?p, \"level\")) }";
        assertThat(store.query(ask, LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        assertThat(store.query(ask, LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        assertThat(store.registration(id).plan()).isEqualTo(given.plan());
        assertThat(written).as("written once").hasValue(1);
    }
}
