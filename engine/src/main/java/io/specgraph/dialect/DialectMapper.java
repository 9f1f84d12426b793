package io.specgraph.dialect;

import io.specgraph.internal.Iris;
import io.specgraph.internal.PackageAccess;
import io.specgraph.internal.SafeQueryExec;
import io.specgraph.internal.SourceCheck;
import io.specgraph.load.LoadedSpec;
import io.specgraph.load.SourcePosition;
import io.specgraph.vocab.SG;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.compose.Union;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.OpWalker;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.sparql.path.P_NegPropSet;
import org.apache.jena.sparql.path.P_Path1;
import org.apache.jena.sparql.path.P_Path2;
import org.apache.jena.sparql.path.P_ReverseLink;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.path.PathVisitorBase;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.XSD;

/**
 * Applies a dialect to a loaded spec and reports what it made of it. See {@link Dialect}.
 *
 * <p>Coverage is judged from the queries' text and their output, not by tracing each solution: a source
 * predicate counts as read when some query's pattern names it (a negated property set reads every predicate
 * it does not exclude); a source subject counts as mapped when the output describes it or names it as the
 * {@code prov:wasDerivedFrom} source of something it describes.
 */
final class DialectMapper {
    private static final String PROV = "http://www.w3.org/ns/prov#";
    private static final Node DERIVED_FROM = NodeFactory.createURI(PROV + "wasDerivedFrom");
    private static final Node FIRST = RDF.first.asNode();
    private static final Node REST = RDF.rest.asNode();
    private static final Duration QUERY_TIME_LIMIT = Duration.ofSeconds(120);
    /** Namespaces whose terms are vocabulary, never the spec's own things. */
    private static final Set<String> VOCABULARIES = Set.of(RDF.getURI(), RDFS.getURI(), OWL.getURI(), XSD.getURI(), SG.NS, PROV);

    /** Report lines in file and line order (not as text, where line 13 would come before line 8). */
    private static final Comparator<MappingReport.Located> BY_LOCATION = Comparator
            .comparing((MappingReport.Located l) -> l.position() == null ? "~" : l.position().source())
            .thenComparingLong(l -> l.position() == null ? Long.MAX_VALUE : l.position().line())
            .thenComparing(MappingReport.Located::what);

    private DialectMapper() {}

    static MappedSpec map(Dialect dialect, LoadedSpec source) {
        Graph data = source.union();
        ParseProblems problems = new ParseProblems();
        Context context = ARQ.getContext().copy();
        DialectFunctions.registerIn(context);
        context.set(DialectFunctions.PROBLEMS, problems);

        Graph produced = GraphMemFactory.createDefaultGraph();
        produced.getPrefixMapping().setNsPrefixes(data.getPrefixMapping());
        produced.getPrefixMapping().setNsPrefix("sg", SG.NS).setNsPrefix("prov", PROV);
        Graph view = new Union(data, produced);
        List<MappingReport.QueryCount> counts = new ArrayList<>();
        for (DialectQuery q : dialect.queries()) {
            long before = produced.size();
            Graph out;
            try {
                out = SafeQueryExec.construct(view, q.query(), context, QUERY_TIME_LIMIT);
            } catch (QueryDeniedException e) {
                throw new DialectException("dialect " + dialect.name() + ": " + q.name() + ": " + e.getMessage());
            }
            out.find().forEachRemaining(produced::add);
            counts.add(new MappingReport.QueryCount(q.name(), produced.size() - before));
        }

        Set<Node> sourceSubjects = new HashSet<>();
        data.find().forEachRemaining(t -> sourceSubjects.add(t.getSubject()));
        Map<Node, Node> derivedFrom = new HashMap<>();
        produced.find(Node.ANY, DERIVED_FROM, Node.ANY).forEachRemaining(t -> derivedFrom.putIfAbsent(t.getSubject(), t.getObject()));
        Set<Node> mapped = new HashSet<>();
        Set<Node> underived = new HashSet<>();
        produced.find().forEachRemaining(t -> {
            Node s = t.getSubject();
            if (sourceSubjects.contains(s)) {
                mapped.add(s);
            } else if (derivedFrom.containsKey(s)) {
                mapped.add(derivedFrom.get(s));
            } else if (!s.isBlank()) {
                underived.add(s);
            }
        });

        PrefixMapping prefixes = data.getPrefixMapping();
        List<MappingReport.Located> unmappedSubjects = sourceSubjects.stream()
                .filter(Node::isURI).filter(s -> !mapped.contains(s))
                .sorted(byPosition(source))
                .map(s -> new MappingReport.Located(name(prefixes, s), source.positionOf(s).orElse(null))).toList();

        Set<Node> read = new HashSet<>();
        boolean[] readsAll = {false};
        Set<Node> excludedEverywhere = null;
        for (DialectQuery q : dialect.queries()) {
            Set<Node> excluded = new HashSet<>();
            collectPredicates(Algebra.compile(q.query()), read, excluded, readsAll);
            if (!excluded.isEmpty()) {
                if (excludedEverywhere == null) {
                    excludedEverywhere = new HashSet<>(excluded);
                } else {
                    excludedEverywhere.retainAll(excluded);
                }
            }
        }
        Map<Node, Long> uses = new TreeMap<>(Comparator.comparing(Node::toString));
        Map<Node, Node> firstUser = new HashMap<>();
        data.find().forEachRemaining(t -> {
            Node p = t.getPredicate();
            if (p.equals(FIRST) || p.equals(REST)) {
                return; // list structure: counted with the property that holds the list
            }
            uses.merge(p, 1L, Long::sum);
            firstUser.merge(p, owner(data, t.getSubject()), (a, b) -> earlier(source, a, b));
        });
        final Set<Node> excludedAll = excludedEverywhere;
        List<MappingReport.PredicateUse> unmappedPredicates = uses.entrySet().stream()
                .filter(e -> !read.contains(e.getKey()) && !(readsAll[0] && (excludedAll == null || !excludedAll.contains(e.getKey()))))
                .map(e -> new MappingReport.PredicateUse(name(prefixes, e.getKey()), e.getValue(),
                        source.positionOf(firstUser.get(e.getKey())).orElse(null)))
                .toList();

        List<SourceCheck> checks = new ArrayList<>();
        List<MappingReport.Located> refused = new ArrayList<>();
        checks.addAll(refusedValues(data, produced, problems, prefixes, source, refused));
        List<MappingReport.Located> undefined = new ArrayList<>();
        Set<String> own = ownNamespaces(sourceSubjects);
        checks.add(undefinedReferences(data, own, sourceSubjects, prefixes, source, undefined, problems.unresolved(),
                problems.resolvedCount()));

        MappingReport report = new MappingReport(dialect.name(), counts,
                (int) sourceSubjects.stream().filter(Node::isURI).count(),
                (int) mapped.stream().filter(Node::isURI).count(), unmappedSubjects, unmappedPredicates, refused, undefined,
                underived.stream().map(n -> name(prefixes, n)).sorted().toList(),
                expectedNamespaces(dialect), usedNamespaces(data));
        if (report.missed()) {
            checks.add(unmappedSubjects(dialect, report, sourceSubjects, mapped));
        }
        // an IRI the dialect made of a string (":owner \"TaskOrchestrator\"") is placed at the string if it names nothing
        var stringReferences = StringReferences.find(source, produced, derivedFrom, o -> own.contains(namespaceOf(o)));
        LoadedSpec spec = PackageAccess.loading().withDerived(source, "urn:specgraph:dialect:" + dialect.name(), produced, derivedFrom,
                checks, stringReferences);
        return new MappedSpec(spec, report);
    }

    /**
     * Every string a dialect function refused, found back in the source so that the message points at the
     * subject and property that hold it. Grouped by parser into the closure category it matters for.
     */
    private static List<SourceCheck> refusedValues(Graph data, Graph produced, ParseProblems problems, PrefixMapping prefixes,
                                                   LoadedSpec source, List<MappingReport.Located> report) {
        Map<String, List<SourceCheck.Failure>> byCategory = new LinkedHashMap<>();
        byCategory.put("metrics", new ArrayList<>());
        byCategory.put("executability", new ArrayList<>());
        byCategory.put("references", new ArrayList<>());
        for (ParseProblem problem : problems.all()) {
            String category = switch (problem.parser()) {
                case "duration" -> "executability";
                case "id list" -> "references";
                default -> "metrics";
            };
            data.find().forEachRemaining(t -> {
                Node o = t.getObject();
                if (o.isLiteral() && o.getLiteralLexicalForm().equals(problem.input())) {
                    Node owner = owner(data, t.getSubject());
                    String path = name(prefixes, t.getPredicate().equals(FIRST) ? holder(data, t.getSubject()) : t.getPredicate());
                    SourcePosition written = source.literalPosition(t.getSubject(), o).orElse(null);
                    byCategory.get(category).add(new SourceCheck.Failure(owner, path, o,
                            "has " + path + " \"" + problem.input() + "\", which does not parse as "
                                    + ("aeiou".indexOf(problem.parser().charAt(0)) >= 0 ? "an " : "a ") + problem.parser() + ": "
                                    + problem.reason() + "; nothing was mapped from it", written));
                    report.add(new MappingReport.Located(name(prefixes, owner) + " " + path + " \"" + problem.input() + "\": "
                            + problem.reason(), written != null ? written : source.positionOf(owner).orElse(null)));
                }
            });
        }
        long parsed = produced.find().filterKeep(t -> t.getObject().isLiteral()
                && (XSDDatatype.XSDduration.getURI().equals(t.getObject().getLiteralDatatypeURI())
                || XSDDatatype.XSDdecimal.getURI().equals(t.getObject().getLiteralDatatypeURI()))).toList().size();
        List<SourceCheck> checks = new ArrayList<>();
        byCategory.forEach((category, failures) -> {
            if (!failures.isEmpty() || category.equals("metrics")) {
                checks.add(new SourceCheck("dialect-value-parses" + (category.equals("metrics") ? "" : "-" + category),
                        category, failures.size() + (category.equals("metrics") ? parsed : 0), failures));
            }
        });
        report.sort(BY_LOCATION);
        return checks;
    }

    /**
     * References to IRIs in the spec's own namespaces that nothing in the source describes. Objects of RDF, RDFS and
     * OWL properties (types, {@code owl:property} lists of a schema) name terms, not things, and are not checked.
     */
    private static SourceCheck undefinedReferences(Graph data, Set<String> own, Set<Node> subjects, PrefixMapping prefixes,
                                                   LoadedSpec source, List<MappingReport.Located> report,
                                                   List<UnresolvedId> unresolved, int resolved) {
        long[] checked = {0};
        List<SourceCheck.Failure> failures = new ArrayList<>();
        data.find().forEachRemaining(t -> {
            Node o = t.getObject();
            if (!o.isURI() || Iris.localNameStart(o.getURI()) <= 0) {
                return;
            }
            if (!own.contains(o.getURI().substring(0, Iris.localNameStart(o.getURI())))) {
                return;
            }
            Node predicate = t.getPredicate().equals(FIRST) ? holder(data, t.getSubject()) : t.getPredicate();
            if (isSchema(predicate)) {
                return;
            }
            checked[0]++;
            if (!subjects.contains(o)) {
                Node owner = owner(data, t.getSubject());
                String path = name(prefixes, predicate);
                failures.add(new SourceCheck.Failure(owner, path, o, "refers to " + name(prefixes, o) + " (" + path + ")"));
                report.add(new MappingReport.Located(name(prefixes, owner) + " " + path + " " + name(prefixes, o),
                        source.referencePosition(owner, o).or(() -> source.positionOf(owner)).orElse(null)));
            }
        });
        // ids sgfn:resolveIds matched against nothing: found back in the source, at the statement holding the list
        checked[0] += resolved;
        for (UnresolvedId id : unresolved) {
            Node property = NodeFactory.createURI(id.property());
            data.find().forEachRemaining(t -> {
                Node o = t.getObject();
                if (o.isLiteral() && o.getLiteralLexicalForm().equals(id.list())) {
                    Node owner = owner(data, t.getSubject());
                    String path = name(prefixes, t.getPredicate().equals(FIRST) ? holder(data, t.getSubject()) : t.getPredicate());
                    SourcePosition written = source.literalPosition(t.getSubject(), o).orElse(null);
                    checked[0]++;
                    failures.add(new SourceCheck.Failure(owner, path, NodeFactory.createLiteralString(id.id()),
                            "refers to \"" + id.id() + "\" (" + path + " \"" + id.list() + "\"), which is the "
                                    + name(prefixes, property) + " of nothing in the spec", written));
                    report.add(new MappingReport.Located(name(prefixes, owner) + " " + path + " \"" + id.id() + "\" (no "
                            + name(prefixes, property) + ")", written != null ? written : source.positionOf(owner).orElse(null)));
                }
            });
        }
        report.sort(BY_LOCATION);
        return new SourceCheck("dialect-reference-defined", "references", checked[0], failures);
    }

    /** The namespaces of the source's own things: those of its subjects, vocabularies left out. */
    private static Set<String> ownNamespaces(Set<Node> subjects) {
        Set<String> own = new HashSet<>();
        for (Node s : subjects) {
            String ns = namespaceOf(s);
            if (ns != null && !VOCABULARIES.contains(ns)) {
                own.add(ns);
            }
        }
        return own;
    }

    /** The namespace of an IRI (up to its local name), or null for a blank node, a literal or an IRI without one. */
    private static String namespaceOf(Node n) {
        return n.isURI() && Iris.localNameStart(n.getURI()) > 0 ? n.getURI().substring(0, Iris.localNameStart(n.getURI())) : null;
    }

    /**
     * When the dialect missed the spec ({@link MappingReport#missed()}): every source subject it did not map is a
     * failed check, so that closure over the little it mapped does not read as nearly closed.
     */
    private static SourceCheck unmappedSubjects(Dialect dialect, MappingReport report, Set<Node> sourceSubjects, Set<Node> mapped) {
        List<SourceCheck.Failure> failures = new ArrayList<>();
        String why = "was not mapped by dialect " + dialect.name() + " (nothing was produced from it); its queries expect "
                + (report.expectedNamespaces().isEmpty() ? "no namespace of their own" : String.join(", ", report.expectedNamespaces()))
                + ", these files use " + String.join(", ", report.usedNamespaces());
        sourceSubjects.stream().filter(Node::isURI).filter(s -> !mapped.contains(s)).sorted(Comparator.comparing(Node::toString))
                .forEach(s -> failures.add(new SourceCheck.Failure(s, null, null, why)));
        return new SourceCheck("dialect-subject-mapped", "sources", report.sourceSubjects(), failures);
    }

    /** The namespaces of the concrete IRIs the dialect's queries match on, vocabularies left out, in query order. */
    private static List<String> expectedNamespaces(Dialect dialect) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (DialectQuery q : dialect.queries()) {
            OpWalker.walk(Algebra.compile(q.query()), new OpVisitorBase() {
                @Override
                public void visit(OpBGP bgp) {
                    bgp.getPattern().forEach(t -> {
                        note(t.getSubject());
                        note(t.getPredicate());
                        note(t.getObject());
                    });
                }

                @Override
                public void visit(OpPath path) {
                    note(path.getTriplePath().getSubject());
                    note(path.getTriplePath().getObject());
                    Path p = path.getTriplePath().getPath();
                    if (p != null) {
                        walk(p, new PathVisitorBase() {
                            @Override
                            public void visit(P_Link link) {
                                note(link.getNode());
                            }

                            @Override
                            public void visit(P_ReverseLink link) {
                                note(link.getNode());
                            }
                        });
                    } else {
                        note(path.getTriplePath().getPredicate());
                    }
                }

                private void note(Node n) {
                    String ns = namespace(n);
                    if (ns != null) {
                        out.add(ns);
                    }
                }
            });
        }
        return List.copyOf(out);
    }

    /** The namespaces of the source's subjects and predicates, vocabularies left out, most used first (at most 5). */
    private static List<String> usedNamespaces(Graph data) {
        Map<String, Long> uses = new HashMap<>();
        data.find().forEachRemaining(t -> {
            String s = namespace(t.getSubject());
            if (s != null) {
                uses.merge(s, 1L, Long::sum);
            }
            String p = namespace(t.getPredicate());
            if (p != null) {
                uses.merge(p, 1L, Long::sum);
            }
        });
        return uses.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(Map.Entry::getKey).toList();
    }

    private static String namespace(Node n) {
        if (n == null || !n.isURI() || Iris.localNameStart(n.getURI()) <= 0) {
            return null;
        }
        String ns = n.getURI().substring(0, Iris.localNameStart(n.getURI()));
        return VOCABULARIES.contains(ns) || ns.startsWith("http://www.w3.org/") || ns.startsWith("http://purl.org/dc/") ? null : ns;
    }

    /**
     * Whether a property states something about terms rather than referring to a thing: rdf:type, and every
     * RDF, RDFS and OWL property ({@code :Bottleneck owl:property (:rootCause …)} names property terms, not
     * things a spec must define).
     */
    private static boolean isSchema(Node predicate) {
        return predicate.isURI() && (predicate.getURI().startsWith(RDF.getURI()) || predicate.getURI().startsWith(RDFS.getURI())
                || predicate.getURI().startsWith(OWL.getURI()));
    }

    /** The subject that holds a node: itself, or for an RDF list cell the subject whose property holds the list. */
    private static Node owner(Graph data, Node node) {
        Node current = node;
        for (int guard = 0; current.isBlank() && guard < 100_000; guard++) {
            List<Triple> in = data.find(Node.ANY, Node.ANY, current).toList();
            if (in.isEmpty()) {
                return current;
            }
            current = in.get(0).getSubject();
        }
        return current;
    }

    /** For an RDF list cell: the property that holds the list (walking back along rdf:rest). */
    private static Node holder(Graph data, Node cell) {
        Node current = cell;
        for (int guard = 0; guard < 100_000; guard++) {
            List<Triple> in = data.find(Node.ANY, Node.ANY, current).toList();
            if (in.isEmpty()) {
                return FIRST;
            }
            Triple t = in.get(0);
            if (!t.getPredicate().equals(REST)) {
                return t.getPredicate();
            }
            current = t.getSubject();
        }
        return FIRST;
    }

    private static void collectPredicates(Op op, Set<Node> read, Set<Node> excluded, boolean[] readsAll) {
        PathVisitorBase paths = new PathVisitorBase() {
            @Override
            public void visit(P_Link link) {
                read.add(link.getNode());
            }

            @Override
            public void visit(P_ReverseLink link) {
                read.add(link.getNode());
            }

            @Override
            public void visit(P_NegPropSet set) {
                readsAll[0] = true;
                set.getNodes().forEach(n -> excluded.add(n.getNode()));
            }
        };
        OpWalker.walk(op, new OpVisitorBase() {
            @Override
            public void visit(OpBGP bgp) {
                for (Triple t : bgp.getPattern()) {
                    note(t.getPredicate());
                }
            }

            @Override
            public void visit(OpTriple triple) {
                note(triple.getTriple().getPredicate());
            }

            @Override
            public void visit(OpPath path) {
                Path p = path.getTriplePath().getPath();
                if (p == null) {
                    note(path.getTriplePath().getPredicate());
                } else {
                    walk(p, paths);
                }
            }

            private void note(Node predicate) {
                if (predicate.isConcrete()) {
                    read.add(predicate);
                } else {
                    readsAll[0] = true; // a variable predicate reads everything
                }
            }
        });
    }

    /** Visits every step of a property path (Jena visits one level only). */
    private static void walk(Path path, PathVisitorBase visitor) {
        path.visit(visitor);
        if (path instanceof P_Path1 one) {
            walk(one.getSubPath(), visitor);
        } else if (path instanceof P_Path2 two) {
            walk(two.getLeft(), visitor);
            walk(two.getRight(), visitor);
        }
    }

    private static Comparator<Node> byPosition(LoadedSpec source) {
        return Comparator.comparing((Node n) -> source.positionOf(n).map(SourcePosition::source).orElse("~"))
                .thenComparingLong(n -> source.positionOf(n).map(SourcePosition::line).orElse(Long.MAX_VALUE))
                .thenComparing(Comparator.comparing(Node::toString));
    }

    private static Node earlier(LoadedSpec source, Node a, Node b) {
        return byPosition(source).compare(a, b) <= 0 ? a : b;
    }

    private static String name(PrefixMapping prefixes, Node node) {
        if (node.isURI()) {
            String short_ = prefixes.qnameFor(node.getURI());
            return short_ != null ? short_ : "<" + node.getURI() + ">";
        }
        return node.toString();
    }
}
