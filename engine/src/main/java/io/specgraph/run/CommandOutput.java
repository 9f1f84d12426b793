package io.specgraph.run;

import java.nio.file.Path;

/**
 * The output of a task run by the built-in {@code command} handler.
 *
 * @param exitCode  the process's exit code (0: the attempt succeeded)
 * @param stdout    the file its standard output was written to
 * @param stderr    the file its standard error was written to
 */
public record CommandOutput(int exitCode, Path stdout, Path stderr) {}
