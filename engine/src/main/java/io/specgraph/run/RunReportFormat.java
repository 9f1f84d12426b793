package io.specgraph.run;

/** The forms a {@link RunResult} can be reported in; see {@link RunReportWriter}. */
public enum RunReportFormat {
    /**
     * A summary for people: outcome and time figures against the plan's bounds, the tasks that did not
     * succeed, gates, contentions, the context store and the SLO table.
     */
    TEXT,
    /** Everything a program needs about the run: schema {@value RunReportWriter#JSON_SCHEMA}. */
    JSON
}
