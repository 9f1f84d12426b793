package io.specgraph.plan;

import java.time.Duration;
import java.util.List;

/**
 * The longest path through the plan by estimated duration: no schedule can finish sooner.
 *
 * @param nodes  the path's nodes, first to last (tasks, gates and barriers)
 * @param length the sum of their durations
 */
public record CriticalPath(List<String> nodes, Duration length) {
    public CriticalPath {
        nodes = List.copyOf(nodes);
    }
}
