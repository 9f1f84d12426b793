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
 * @param expectedNamespaces the namespaces of the terms the dialect's queries look for (vocabularies such as
 *                           RDF, OWL and specgraph's own left out)
 * @param usedNamespaces     the namespaces the source's subjects and predicates are in, most used first
 */
public record MappingReport(String dialect, List<QueryCount> queries, int sourceSubjects, int mappedSubjects,
                            List<Located> unmappedSubjects, List<PredicateUse> unmappedPredicates,
                            List<Located> refusedValues, List<Located> undefined, List<String> underived,
                            List<String> expectedNamespaces, List<String> usedNamespaces) {
    public MappingReport {
        expectedNamespaces = List.copyOf(expectedNamespaces);
        usedNamespaces = List.copyOf(usedNamespaces);
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

    /**
     * Whether the dialect missed the spec: it mapped nothing, or left most source subjects unmapped. That is
     * almost always a dialect pointed at files of another vocabulary (or another version of its own, under
     * another namespace), and closure over what little it mapped would mean nothing; closure validation then
     * counts every unmapped subject as a violation of {@code dialect-subject-mapped}.
     */
    public boolean missed() {
        return sourceSubjects > 0 && (mappedSubjects == 0 || mappedSubjects * 2 < sourceSubjects);
    }

    /** One sentence on a miss: "dialect ggen mapped 0 of 124 source subjects: it expects …; these files use …". */
    public String missText() {
        return "dialect " + dialect + " mapped " + (mappedSubjects == 0 ? "nothing (0" : "only " + mappedSubjects) + " of "
                + sourceSubjects + " source subjects" + (mappedSubjects == 0 ? ")" : "") + ": its queries expect "
                + (expectedNamespaces.isEmpty() ? "no namespace of their own" : String.join(", ", expectedNamespaces))
                + "; these files use " + (usedNamespaces.isEmpty() ? "no namespace of their own" : String.join(", ", usedNamespaces))
                + ". Is this the dialect these files are written for? (a dialect is bound to the namespaces its queries"
                + " name; another version of a vocabulary under another namespace needs a copy of the dialect with that"
                + " namespace)";
    }

    /** The report as text for a person, one section per finding kind. */
    public String text() {
        StringBuilder out = new StringBuilder();
        long total = queries.stream().mapToLong(QueryCount::produced).sum();
        out.append("dialect ").append(dialect).append(": ").append(total).append(" core triples from ")
                .append(queries.size()).append(" queries; ").append(mappedSubjects).append(" of ").append(sourceSubjects)
                .append(" source subjects mapped\n");
        if (missed()) {
            out.append(missText()).append('\n');
        }
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
