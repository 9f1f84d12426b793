package io.specgraph.dialect;

import io.specgraph.load.SourcePosition;
import java.util.List;

/**
 * What a dialect made of a spec: triples produced per query, and what the source says that no query read
 * (predicates) or that produced nothing (subjects), so the author sees how much of the spec the dialect
 * covers. Values the dialect's functions refused and references to things never defined are reported as
 * closure violations too, with their positions.
 *
 * @param dialect            the dialect's name
 * @param queries            triples each query added, in the order they ran
 * @param sourceSubjects     IRIs that are subjects in the source
 * @param mappedSubjects     of those, how many the dialect mapped (a produced subject, or the source of one)
 * @param unmappedSubjects   source subjects nothing was produced from
 * @param unmappedPredicates source predicates no query reads
 * @param refusedValues      strings the dialect's functions could not parse
 * @param undefined          references to IRIs of the spec's own namespaces that nothing defines
 * @param underived          produced subjects that are not source subjects and say no prov:wasDerivedFrom
 */
public record MappingReport(String dialect, List<QueryCount> queries, int sourceSubjects, int mappedSubjects,
                            List<Located> unmappedSubjects, List<PredicateUse> unmappedPredicates,
                            List<Located> refusedValues, List<Located> undefined, List<String> underived) {
    public MappingReport {
        queries = List.copyOf(queries);
        unmappedSubjects = List.copyOf(unmappedSubjects);
        unmappedPredicates = List.copyOf(unmappedPredicates);
        refusedValues = List.copyOf(refusedValues);
        undefined = List.copyOf(undefined);
        underived = List.copyOf(underived);
    }

    /**
     * Triples one query added.
     *
     * @param query    the query's name
     * @param produced how many new triples it added
     */
    public record QueryCount(String query, long produced) {}

    /**
     * Something in the source, with where it is written.
     *
     * @param what     a short description, e.g. {@code :PhaseOne}
     * @param position where it is, or null when unknown
     */
    public record Located(String what, SourcePosition position) {
        /** {@code file:line: what}, or just {@code what}. */
        @Override
        public String toString() {
            return position == null ? what : position.location() + ": " + what;
        }
    }

    /**
     * A predicate of the source that no query reads.
     *
     * @param predicate the predicate, as a prefixed name where possible
     * @param uses      how many triples use it
     * @param first     where its first use is
     */
    public record PredicateUse(String predicate, long uses, SourcePosition first) {}

    /** The report as text for a person, one section per finding kind. */
    public String text() {
        StringBuilder out = new StringBuilder();
        long total = queries.stream().mapToLong(QueryCount::produced).sum();
        out.append("dialect ").append(dialect).append(": ").append(total).append(" core triples from ")
                .append(queries.size()).append(" queries; ").append(mappedSubjects).append(" of ").append(sourceSubjects)
                .append(" source subjects mapped\n");
        for (QueryCount q : queries) {
            out.append("  ").append(q.query()).append(": ").append(q.produced()).append('\n');
        }
        section(out, "source subjects nothing was mapped from", unmappedSubjects.stream().map(Located::toString).toList());
        section(out, "source predicates no query reads", unmappedPredicates.stream()
                .map(p -> (p.first() == null ? "" : p.first().location() + ": ") + p.predicate() + " (" + p.uses() + " use"
                        + (p.uses() == 1 ? "" : "s") + ")").toList());
        section(out, "values that do not parse (nothing was mapped from them)", refusedValues.stream().map(Located::toString).toList());
        section(out, "references to things never defined", undefined.stream().map(Located::toString).toList());
        section(out, "produced subjects without prov:wasDerivedFrom (a defect of the dialect)", underived);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append(title).append(" (").append(lines.size()).append("):\n");
        lines.forEach(l -> out.append("  ").append(l).append('\n'));
    }
}
