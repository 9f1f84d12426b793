package io.specgraph.run;

import java.time.Duration;

/** The dry run: waits the task's estimated duration times the time scale, then succeeds with no output. */
final class SimulateHandler implements TaskHandler {
    private final double scale;

    SimulateHandler(double scale) {
        this.scale = scale;
    }

    @Override
    public Object run(TaskContext context) throws InterruptedException {
        long nanos = (long) (context.task().estimatedDuration().toNanos() * scale);
        if (nanos > 0) {
            Thread.sleep(Duration.ofNanos(nanos));
        }
        return null;
    }
}
