package io.specgraph.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Specgraph;
import io.specgraph.bench.SpecGenerator.Shape;
import io.specgraph.plan.Plan;
import io.specgraph.store.RunStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store benchmark measures what it says: each mode's run succeeds with every task run (the harness throws
 * otherwise), the timed store sees the run created, its journal appended and its record saved, and the disk
 * run is really kept on disk.
 */
class StoreBenchTest {
    @TempDir
    Path dir;

    @Test
    void everyModeRunsThePlanAndTheStoreCallsAreTimed() throws Exception {
        int tasks = 200;
        SpecGenerator.builder().tasks(tasks).phases(1).agents(8).agentConcurrency(4).shape(Shape.RANDOM).meanInDegree(2)
                .seed(1).build().writeTo(dir.resolve("spec"));
        io.specgraph.Spec spec = Specgraph.load(dir.resolve("spec"));
        Plan plan = spec.plan();
        io.specgraph.run.RunOrigin origin = io.specgraph.run.RunOrigin.ofLoaded("store bench", java.util.Map.of(), spec.loaded());

        StoreBench.Calls none = new StoreBench.Calls();
        assertThat(StoreBench.run(plan, origin, tasks, StoreBench.Mode.NONE, dir.resolve("unused"), none)).isPositive();
        assertThat(none.appends).isZero();
        assertThat(dir.resolve("unused")).doesNotExist();

        for (StoreBench.Mode mode : new StoreBench.Mode[] {StoreBench.Mode.MEMORY, StoreBench.Mode.DISK}) {
            StoreBench.Calls calls = new StoreBench.Calls();
            Path folder = dir.resolve("store-" + mode);
            assertThat(StoreBench.run(plan, origin, tasks, mode, folder, calls)).isPositive();
            assertThat(calls.create).as(mode.label).isPositive();
            assertThat(calls.appends).as(mode.label).isPositive();
            assertThat(calls.entries).as(mode.label + ": at least the end of every attempt").isGreaterThanOrEqualTo(tasks);
            assertThat(calls.saveRecord).as(mode.label).isPositive();
        }
        try (RunStore disk = RunStore.onDisk(dir.resolve("store-DISK"))) {
            assertThat(disk.runs()).singleElement().satisfies(r -> assertThat(r.progress().tasksDone()).isEqualTo(tasks));
            String id = disk.runs().get(0).id();
            assertThat(dir.resolve("store-DISK/runs/" + id + "/spec.trdf")).as("the command line's origin: the texts kept").doesNotExist();
            assertThat(disk.registration(id).specGraph().isIsomorphicWith(spec.loaded().union())).isTrue();
        }
    }
}
