package io.specgraph.closure;

/** The forms a {@link ClosureReport} can be written in. */
public enum ReportFormat {
    /** For people: violations grouped by category and sorted by file:line, coverage, one-line summary. */
    TEXT,
    /** For programs: the documented schema {@value ClosureReportWriter#JSON_SCHEMA}. */
    JSON,
    /** A SHACL validation report ({@code sh:ValidationReport}) in Turtle, for RDF tools. */
    TURTLE
}
