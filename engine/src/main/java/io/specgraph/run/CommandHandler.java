package io.specgraph.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Runs a task's {@code sg:command} with the system shell in the task's private work directory. Standard
 * output and error go to {@code stdout-N.log} and {@code stderr-N.log} there (N: the attempt), whole; a failure
 * reason quotes only the last lines of standard error, cut short, and names the log. When the attempt ends,
 * however it ends, every process the command started that still runs is killed (see {@link CommandProcesses}).
 *
 * <p>The process sees {@code SPECGRAPH_TASK_DIR} (its work directory), {@code SPECGRAPH_TASK} (the task
 * IRI), {@code SPECGRAPH_RUN} (the run IRI), {@code SPECGRAPH_ATTEMPT}, {@code SPECGRAPH_BASE_DIR} (the folder its
 * {@code sg:inputs} and {@code sg:outputs} are relative to, when the engine has one), {@value CommandProcesses#MARKER} (unique
 * to the attempt) and {@code SPECGRAPH_MEASUREMENTS}: a file where the command may write measurements, one
 * {@code metric = value} per line (the metric's IRI or its local name), which are recorded when the command
 * succeeds. That file is read only up to {@value #MAX_MEASUREMENTS_BYTES} bytes.
 */
final class CommandHandler implements TaskHandler {
    /** More than any honest list of measurements; a larger file is refused rather than read. */
    static final int MAX_MEASUREMENTS_BYTES = 1 << 20;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    /** The folder a task's sg:inputs and sg:outputs are relative to, given to the command as SPECGRAPH_BASE_DIR; or null. */
    private final Path baseDirectory;

    CommandHandler() {
        this(null);
    }

    CommandHandler(Path baseDirectory) {
        this.baseDirectory = baseDirectory == null ? null : baseDirectory.toAbsolutePath().normalize();
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        String command = context.task().action().value();
        Path dir = context.workDirectory();
        Path stdout = dir.resolve("stdout-" + context.attempt() + ".log");
        Path stderr = dir.resolve("stderr-" + context.attempt() + ".log");
        List<String> shell = WINDOWS ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command);
        ProcessBuilder builder = new ProcessBuilder(CommandProcesses.commandLine(shell))
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(WINDOWS ? new java.io.File("NUL") : new java.io.File("/dev/null")));
        builder.environment().put("SPECGRAPH_TASK_DIR", dir.toString());
        builder.environment().put("SPECGRAPH_TASK", context.task().iri());
        builder.environment().put("SPECGRAPH_RUN", context.runIri());
        builder.environment().put("SPECGRAPH_ATTEMPT", Integer.toString(context.attempt()));
        if (baseDirectory != null) {
            builder.environment().put("SPECGRAPH_BASE_DIR", baseDirectory.toString());
        }
        Path measurements = dir.resolve("measurements-" + context.attempt() + ".txt");
        builder.environment().put("SPECGRAPH_MEASUREMENTS", measurements.toString());
        CommandProcesses processes = new CommandProcesses();
        Process process = processes.start(builder);
        int exit;
        List<Long> survivors = null;
        try {
            exit = process.waitFor();
            survivors = processes.end();
        } finally {
            if (survivors == null) {
                processes.end(); // interrupted (cancelled, timed out): the kill is the point
            }
        }
        String logs = " (whole output in " + stderr + " and " + stdout.getFileName() + " beside it)";
        if (exit != 0) {
            List<String> tail = OutputTail.lastLines(stderr);
            throw new CommandFailedException("command exited with code " + exit
                    + (tail.isEmpty() ? "" : "; stderr ends: " + String.join(" | ", tail)) + logs);
        }
        if (!survivors.isEmpty()) {
            throw new CommandFailedException("the command succeeded but processes it started could not be stopped: "
                    + survivors.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + logs);
        }
        recordMeasurements(context, measurements);
        return new CommandOutput(exit, stdout, stderr);
    }

    /**
     * Reads {@code metric = value} lines the command wrote; a line that cannot be used fails the attempt.
     *
     * <p>Only a regular file is read, never through a link, and never more than the cap: a FIFO there would block
     * the read for ever (the run hangs), a link to {@code /dev/zero} would never end, and a link to another file
     * would quote that file's first line in the failure reason. The command's processes are all gone by now,
     * so nothing of the attempt's can swap the file between the check and the read.
     */
    private static void recordMeasurements(TaskContext context, Path file) throws IOException, CommandFailedException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attributes.isRegularFile()) {
            String what = attributes.isSymbolicLink() ? "a symbolic link"
                    : attributes.isDirectory() ? "a folder" : "a pipe, socket or device";
            throw new CommandFailedException(file + " is " + what + ", not a regular file, so it was not read as"
                    + " measurements; write one \"metric = value\" line per measurement into the file itself");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_MEASUREMENTS_BYTES + 1);
        }
        if (bytes.length > MAX_MEASUREMENTS_BYTES) {
            String held = attributes.size() > MAX_MEASUREMENTS_BYTES
                    ? attributes.size() + " bytes, more than the " + MAX_MEASUREMENTS_BYTES
                    : "more than the " + MAX_MEASUREMENTS_BYTES + " bytes";
            throw new CommandFailedException(file + " holds " + held + " read as measurements; write one"
                    + " \"metric = value\" line per measurement and keep other output in a file of your own");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CommandFailedException(file + " is not UTF-8 text; write one \"metric = value\" line per measurement");
        }
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = file + ":" + (i + 1);
            if (eq < 0) {
                throw new CommandFailedException(where + ": expected \"metric = value\", got \"" + OutputTail.cut(line) + "\"");
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            String metric = context.metricIri(name).orElseThrow(() -> new CommandFailedException(where
                    + ": the spec declares no metric \"" + OutputTail.cut(name) + "\" (use its IRI or local name)"));
            try {
                context.measure(metric, new java.math.BigDecimal(value));
            } catch (NumberFormatException e) {
                throw new CommandFailedException(where + ": \"" + OutputTail.cut(value) + "\" is not a number");
            }
        }
    }

    /** A command that exited non-zero, or whose output could not be used. */
    static final class CommandFailedException extends Exception {
        CommandFailedException(String message) {
            super(message);
        }
    }
}
