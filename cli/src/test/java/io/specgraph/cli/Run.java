package io.specgraph.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One in-process run of the command line, as the CLI tests see it: exit code, stdout and stderr. */
record Run(int code, String out, String err) {
    /** Runs {@code Main} with these arguments, capturing both streams. */
    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Standard output, line by line. */
    List<String> outLines() {
        return out.lines().toList();
    }
}
