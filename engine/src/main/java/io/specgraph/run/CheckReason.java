package io.specgraph.run;

import io.specgraph.internal.Iris;

/**
 * One reason an up-to-date check gives for its verdict, a value the run core records as it is.
 *
 * @param kind     what kind of reason
 * @param subject  the path, upstream task IRI or property IRI it is about ("" when none)
 * @param before   the hash or version when the task last succeeded ("" when none)
 * @param after    the hash or version now ("" when none)
 * @param location where a changed statement is written now, {@code file:line} ("" when unknown)
 * @param from     for {@link Kind#UNCHANGED}, the run id of the success reused ("" otherwise)
 */
record CheckReason(Kind kind, String subject, String before, String after, String location, String from) {
    /** The kinds, named as in the vocabulary ({@code sg:InputChanged}, …). */
    enum Kind {
        UNCHANGED("Unchanged"),
        NO_EARLIER_SUCCESS("NoEarlierSuccess"),
        NOT_CACHEABLE("NotCacheable"),
        RERUN_ASKED("RerunAsked"),
        DEFINITION_CHANGED("DefinitionChanged"),
        HANDLER_CHANGED("HandlerChanged"),
        INPUT_CHANGED("InputChanged"),
        UPSTREAM_RERAN("UpstreamReran"),
        UPSTREAM_CHANGED("UpstreamChanged"),
        OUTPUT_MISSING("OutputMissing"),
        OUTPUT_CHANGED("OutputChanged"),
        /**
         * Only in an explanation ({@link Engine#explain}), never recorded: an upstream task runs first, and whether
         * this one runs too depends on the outputs it leaves.
         */
        UPSTREAM_RUNS("UpstreamRuns");

        final String term;

        Kind(String term) {
            this.term = term;
        }
    }

    static CheckReason of(Kind kind, String subject) {
        return new CheckReason(kind, subject, "", "", "", "");
    }

    /** The reason as a person reads it, e.g. "input templates/p.tmpl changed (sha256 3f2a…→9c01…)". */
    String sentence() {
        return switch (kind) {
            case UNCHANGED -> "up to date: same fingerprint and outputs as its success in run " + from;
            case NO_EARLIER_SUCCESS -> "no earlier successful run";
            case NOT_CACHEABLE -> "not cacheable (" + subject + ")";
            case RERUN_ASKED -> "asked to run (" + subject + ")";
            case DEFINITION_CHANGED -> (subject.isEmpty() ? "definition" : Iris.localName(subject)) + " changed"
                    + (location.isEmpty() ? "" : " (" + location + ")");
            case HANDLER_CHANGED -> "handler version changed (" + show(before) + "→" + show(after) + ")";
            case INPUT_CHANGED -> "input " + subject + " changed (sha256 " + hash(before) + "→" + hash(after) + ")";
            case UPSTREAM_RERAN -> "upstream :" + Iris.localName(subject) + " re-ran";
            case UPSTREAM_CHANGED -> "upstream :" + Iris.localName(subject) + " changed since its last success";
            case OUTPUT_MISSING -> "output " + subject + " missing";
            case OUTPUT_CHANGED -> "output " + subject + " changed since it was produced (sha256 " + hash(before) + "→" + hash(after) + ")";
            case UPSTREAM_RUNS -> "upstream :" + Iris.localName(subject) + " runs first; this task runs too unless it leaves the same outputs";
        };
    }

    private static String hash(String h) {
        return h.isEmpty() || h.equals(WorkFingerprints.MISSING) ? "none" : h.length() > 4 ? h.substring(0, 4) + "…" : h;
    }

    private static String show(String version) {
        return version.isEmpty() ? "none" : version;
    }
}
