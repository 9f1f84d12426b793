package io.specgraph.dialect;

import java.util.Objects;

/**
 * A string that one of the dialect functions refused, and why.
 *
 * @param parser which reading failed: {@code "quantity"}, {@code "duration"} or {@code "id list"}
 * @param input the string as written in the spec
 * @param reason why it was refused, for the author of the spec
 */
public record ParseProblem(String parser, String input, String reason) {
    /** Checks that all parts are present. */
    public ParseProblem {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code parser "input": reason}, as a report line. */
    @Override
    public String toString() {
        return parser + " \"" + input + "\": " + reason;
    }
}
