package io.specgraph.store;

/** The in-memory store keeps the contract. */
class MemoryRunStoreTest extends RunStoreContract {
    @Override
    RunStore newStore() {
        return RunStore.inMemory();
    }
}
