package io.specgraph.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task's {@code sg:command} with the system shell in the task's private work directory. Standard
 * output and error go to {@code stdout-N.log} and {@code stderr-N.log} there (N: the attempt). The
 * process and its descendants are killed when the attempt is cancelled or times out.
 *
 * <p>The process sees {@code SPECGRAPH_TASK_DIR} (its work directory), {@code SPECGRAPH_TASK} (the task
 * IRI), {@code SPECGRAPH_RUN} (the run IRI), {@code SPECGRAPH_ATTEMPT} and {@code SPECGRAPH_MEASUREMENTS}:
 * a file where the command may write measurements, one {@code metric = value} per line (the metric's IRI or
 * its local name), which are recorded when the command succeeds.
 */
final class CommandHandler implements TaskHandler {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    @Override
    public Object run(TaskContext context) throws Exception {
        String command = context.task().action().value();
        Path dir = context.workDirectory();
        Path stdout = dir.resolve("stdout-" + context.attempt() + ".log");
        Path stderr = dir.resolve("stderr-" + context.attempt() + ".log");
        ProcessBuilder builder = new ProcessBuilder(WINDOWS ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command))
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(WINDOWS ? new java.io.File("NUL") : new java.io.File("/dev/null")));
        builder.environment().put("SPECGRAPH_TASK_DIR", dir.toString());
        builder.environment().put("SPECGRAPH_TASK", context.task().iri());
        builder.environment().put("SPECGRAPH_RUN", context.runIri());
        builder.environment().put("SPECGRAPH_ATTEMPT", Integer.toString(context.attempt()));
        Path measurements = dir.resolve("measurements-" + context.attempt() + ".txt");
        builder.environment().put("SPECGRAPH_MEASUREMENTS", measurements.toString());
        Process process = builder.start();
        int exit;
        try {
            exit = process.waitFor();
        } finally {
            if (process.isAlive()) {
                kill(process);
            }
        }
        if (exit != 0) {
            throw new CommandFailedException("command exited with code " + exit + lastLines(stderr) + " (output in " + dir + ")");
        }
        recordMeasurements(context, measurements);
        return new CommandOutput(exit, stdout, stderr);
    }

    /** Reads {@code metric = value} lines the command wrote; a line that cannot be used fails the attempt. */
    private static void recordMeasurements(TaskContext context, Path file) throws IOException, CommandFailedException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = file.getFileName() + ":" + (i + 1);
            if (eq < 0) {
                throw new CommandFailedException(where + ": expected \"metric = value\", got \"" + line + "\"");
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            String metric = context.metricIri(name).orElseThrow(() -> new CommandFailedException(where
                    + ": the spec declares no metric \"" + name + "\" (use its IRI or local name)"));
            try {
                context.measure(metric, new java.math.BigDecimal(value));
            } catch (NumberFormatException e) {
                throw new CommandFailedException(where + ": \"" + value + "\" is not a number");
            }
        }
    }

    /** Kills the process and everything it started, waiting briefly for them to go. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLines(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 3), lines.size()).stream()
                    .filter(l -> !l.isBlank()).toList();
            return tail.isEmpty() ? "" : "; stderr ends: " + String.join(" | ", tail);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A command that exited non-zero. */
    static final class CommandFailedException extends Exception {
        CommandFailedException(String message) {
            super(message);
        }
    }
}
