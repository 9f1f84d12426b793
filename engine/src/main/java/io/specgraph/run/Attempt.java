package io.specgraph.run;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt at a task: when it held its slot, how it ended and why.
 *
 * @param number     1 for the first attempt
 * @param state      how it ended: succeeded, failed, timed out or cancelled
 * @param start      offset from the start of the run at which the handler was started
 * @param end        offset from the start of the run at which the attempt released its slot
 * @param startedAt  wall-clock time of {@code start} (from the engine's clock)
 * @param endedAt    wall-clock time of {@code end}
 * @param reason     why it ended so, for a person; empty for a success
 */
public record Attempt(int number, TaskState state, Duration start, Duration end, Instant startedAt, Instant endedAt,
                      String reason) {
    /** How long the attempt held its slot. */
    public Duration duration() {
        return end.minus(start);
    }
}
