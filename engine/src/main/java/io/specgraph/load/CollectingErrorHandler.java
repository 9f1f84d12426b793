package io.specgraph.load;

import java.util.List;
import org.apache.jena.riot.RiotParseException;
import org.apache.jena.riot.system.ErrorHandler;

/**
 * Collects the parser's errors and warnings for one source instead of logging them. Fatal errors still
 * end the parse of that source (RIOT cannot recover from them); other errors are collected and the parse
 * goes on, so that one run reports as many problems as the parser can find.
 */
final class CollectingErrorHandler implements ErrorHandler {
    private final String source;
    private final List<LoadWarning> warnings;
    private List<LoadProblem> problems;
    private Locator locator;
    private boolean fatalSeen;

    CollectingErrorHandler(String source, List<LoadProblem> problems, List<LoadWarning> warnings, Locator locator) {
        this.source = source;
        this.problems = problems;
        this.warnings = warnings;
        this.locator = locator;
    }

    /**
     * Collects the errors of the next parse (one statement, when a source is re-read statement by statement after
     * an error) into the given list, at positions given by the locator, as if no fatal error had been seen.
     */
    void restart(List<LoadProblem> into, Locator at) {
        this.problems = into;
        this.locator = at;
        this.fatalSeen = false;
    }

    @Override
    public void warning(String message, long line, long col) {
        warnings.add(new LoadWarning(LoadWarning.Kind.PARSER, source, position(line, col), Shown.message(message)));
    }

    @Override
    public void error(String message, long line, long col) {
        problems.add(new LoadProblem(LoadProblem.Kind.SYNTAX, source, position(line, col), Shown.message(message)));
    }

    @Override
    public void fatal(String message, long line, long col) {
        if (!fatalSeen) {
            fatalSeen = true;
            error(message, line, col);
        }
        throw new RiotParseException(message, line, col);
    }

    /** Whether the parse ended on a fatal error (already recorded). */
    boolean fatalSeen() {
        return fatalSeen;
    }

    private SourcePosition position(long line, long col) {
        return line > 0 ? locator.at(line, Math.max(col, 0)) : null;
    }
}
