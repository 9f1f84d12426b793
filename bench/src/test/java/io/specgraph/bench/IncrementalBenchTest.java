package io.specgraph.bench;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The incremental bench at a small size, so that it never rots: it stops with an exception when the first run does
 * not run every task or a second run runs any.
 */
class IncrementalBenchTest {
    @Test
    void theSecondRunOfTheGeneratedSpecFindsEveryTaskCached() {
        assertThatCode(() -> IncrementalBench.main(new String[] {"40"})).doesNotThrowAnyException();
    }
}
