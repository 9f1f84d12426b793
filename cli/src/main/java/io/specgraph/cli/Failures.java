package io.specgraph.cli;

import java.io.PrintWriter;

/**
 * What the user sees when a command fails unexpectedly: never a raw stack trace. Running out of stack or
 * memory is a limit of the input or of the machine, and Temporal's libraries missing from the class path is how
 * the CLI was started (exit 2, with what to do about it); anything else is a bug in specgraph (exit 3, one line,
 * the trace only with {@code --stacktrace}).
 */
final class Failures {
    private Failures() {}

    /** Prints the failure and returns the exit code it means. */
    static int report(Throwable failure, PrintWriter err, boolean withStackTrace) {
        Throwable limit = limitIn(failure);
        int code;
        if (limit instanceof StackOverflowError) {
            err.println("specgraph: the input is nested too deeply to process (the Java stack ran out), so the command"
                    + " stopped there. Flatten the deepest [ … ] or ( … ) structure or query expression, or give the"
                    + " JVM a larger stack (JAVA_OPTS=-Xss64m bin/specgraph …)");
            code = Main.BAD_INPUT;
        } else if (missingTemporal(failure) != null) {
            err.println("specgraph: this command runs on Temporal, and Temporal's libraries are not on the class path ("
                    + missingTemporal(failure) + " is missing): run it with bin/specgraph or with java -jar"
                    + " cli/target/specgraph.jar, which add cli/target/temporal-lib/");
            code = Main.BAD_INPUT;
        } else if (limit instanceof OutOfMemoryError) {
            err.println("specgraph: out of memory (" + limit.getMessage() + "); lower --max-bytes / --max-triples to"
                    + " refuse inputs this large, or give the JVM more heap (JAVA_OPTS=-Xmx8g bin/specgraph …)");
            code = Main.BAD_INPUT;
        } else {
            StackTraceElement[] at = failure.getStackTrace();
            err.println("specgraph: internal error: " + oneLine(failure)
                    + (at.length > 0 ? " (at " + at[0] + ")" : ""));
            err.println("This is a bug in specgraph; please report it with the command you ran"
                    + (withStackTrace ? " and the trace below." : " (add " + Main.STACK_TRACE + " to see where it happened)."));
            code = Main.INTERNAL_ERROR;
        }
        if (withStackTrace) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The stack or memory exhaustion behind a failure, however deeply it is wrapped; null when there is none. */
    private static Throwable limitIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StackOverflowError || t instanceof OutOfMemoryError) {
                return t;
            }
        }
        return null;
    }

    /**
     * The Temporal class that could not be found, or null: the CLI's core jar leaves Temporal's libraries out (they
     * are 15,000 entries the JVM would index on every start), so a class path of that jar alone has no Temporal.
     */
    private static String missingTemporal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                String name = t.getMessage() == null ? "" : t.getMessage().replace('/', '.');
                if (name.startsWith("io.temporal.") || name.startsWith("io.specgraph.temporal.")) {
                    return name;
                }
            }
        }
        return null;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getName() + (message.isBlank() ? "" : ": " + message);
    }
}
