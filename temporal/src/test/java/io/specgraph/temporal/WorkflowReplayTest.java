package io.specgraph.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stored histories of example runs (recorded by {@link HistoryRecorder}) replay against the workflow code as it
 * is now: a change that would make a running workflow decide differently from its history (another activity, timer
 * or order; a non-deterministic call) fails here, before it fails a run in flight.
 */
class WorkflowReplayTest {
    static Stream<String> histories() throws IOException {
        try (Stream<Path> files = Files.list(HistoryRecorder.HISTORIES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void theHistoriesOfTheExamplesAndOfEveryKindOfRunAreThere() throws IOException {
        List<String> names = histories().toList();
        for (String example : HistoryRecorder.EXAMPLES) {
            assertThat(names).contains("sim-" + example + ".json", "real-" + example + ".json");
        }
        assertThat(names).contains("keep-going.json", "approved.json", "timed-out.json");
    }

    @ParameterizedTest
    @MethodSource("histories")
    void aStoredHistoryReplaysAgainstTheWorkflowCode(String name) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(HistoryRecorder.HISTORIES.resolve(name).toFile(), RunWorkflowImpl.class);
    }
}
