package io.specgraph.examples;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.CategoryCoverage;
import io.specgraph.closure.ClosureOptions;
import io.specgraph.closure.ClosureReport;
import io.specgraph.closure.Severity;
import io.specgraph.closure.Violation;
import io.specgraph.load.SpecLoadException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Checks a spec's closure from Java, as a build step or a test would: load the folder, validate with
 * strict phases, print each violation with its file:line, and fail when the spec is not closed.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:exec -Dexample=ValidateFromCode -Dexample.args=specs/build-optimization}
 */
public final class ValidateFromCode {
    private ValidateFromCode() {}

    public static void main(String[] args) {
        System.exit(check(Path.of(args.length > 0 ? args[0] : "specs/build-optimization"), System.out));
    }

    /** Validates the spec in {@code folder}, prints what a CI log needs, and returns 0 when closed, 1 when not, 2 on bad input. */
    public static int check(Path folder, PrintStream out) {
        Spec spec;
        try {
            spec = Specgraph.load(folder);
        } catch (SpecLoadException e) {
            out.println(e.getMessage());
            return 2;
        }
        ClosureReport report = spec.validate(ClosureOptions.builder().strictPhases(true).build());
        for (Violation v : report.violations(Severity.VIOLATION)) {
            out.println(v.location() + " " + v.ruleId() + ": " + v.message());
        }
        for (CategoryCoverage c : report.coverage()) {
            out.printf("%-14s %d/%d%n", c.category(), c.satisfied(), c.total());
        }
        out.println(report.summary());
        return report.closed() ? 0 : 1;
    }
}
