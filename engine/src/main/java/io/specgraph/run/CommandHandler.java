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
 * IRI), {@code SPECGRAPH_RUN} (the run IRI) and {@code SPECGRAPH_ATTEMPT}.
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
        return new CommandOutput(exit, stdout, stderr);
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
