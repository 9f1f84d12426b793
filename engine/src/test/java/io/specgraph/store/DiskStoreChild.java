package io.specgraph.store;

import java.nio.file.Path;
import java.util.List;

/**
 * The other process of {@link DiskRunStoreTest}: creates a run, appends to it, prints its id, waits for a
 * decision and then for being killed, without ever closing its writer.
 */
final class DiskStoreChild {
    private DiskStoreChild() {}

    public static void main(String[] args) throws Exception {
        RunStore store = RunStore.onDisk(Path.of(args[0]));
        RunWriter w = store.create(RunStoreContract.registration("child", RunStoreContract.T0, 3));
        w.append(List.of("child 1", "child 2"));
        w.append(List.of("child 3"));
        System.out.println(w.runId());
        System.out.flush();
        while (true) {
            List<GateDecision> d = w.decisionsAfter(0);
            if (!d.isEmpty()) {
                System.out.println("decided " + d.get(0).gate());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            Thread.sleep(20);
        }
    }
}
