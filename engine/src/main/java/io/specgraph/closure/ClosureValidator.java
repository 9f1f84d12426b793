package io.specgraph.closure;

import io.specgraph.internal.PackageAccess;
import io.specgraph.internal.SourceCheck;
import io.specgraph.load.LoadedSpec;
import io.specgraph.vocab.SG;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.shacl.ShaclException;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * Decides whether a loaded spec is closed: runs the built-in SHACL shapes ({@code shapes/closure.ttl}),
 * the built-in closure queries ({@code shapes/*.rq}), the graph checks SHACL cannot express (dependency
 * cycles with JGraphT, parseable ASK conditions), and the user's own shapes and queries, then tallies the
 * checks per category.
 *
 * <p>A validator is immutable and thread-safe; the built-in rules are parsed once per JVM.
 */
public final class ClosureValidator {
    static final String SHAPES_RESOURCE = "io/specgraph/shapes/closure.ttl";
    private static final String RESOURCE_DIR = "io/specgraph/shapes/";
    private static final Node BUILT_IN_RULES = NodeFactory.createURI("https://w3id.org/specgraph/closure#BuiltInRules");
    private static final Node QUERY = NodeFactory.createURI("https://w3id.org/specgraph/closure#query");

    private final ClosureOptions options;
    private final List<Shapes> userShapes;
    private final List<QueryRule> userQueries;

    /** The built-in rules, parsed once: they come from the engine jar and never change. */
    private static final class BuiltIn {
        static final Shapes SHAPES;
        static final List<QueryRule> QUERIES;

        static {
            Graph graph = GraphFactory.createDefaultGraph();
            RDFParser.fromString(resource(SHAPES_RESOURCE), Lang.TURTLE).parse(graph);
            SHAPES = Shapes.parse(graph);
            List<String> files = graph.find(BUILT_IN_RULES, QUERY, Node.ANY)
                    .mapWith(t -> t.getObject().getLiteralLexicalForm()).toList();
            files.sort(null);
            List<QueryRule> queries = new ArrayList<>();
            for (String file : files) {
                queries.add(QueryRule.parse(file, resource(RESOURCE_DIR + file)));
            }
            QUERIES = List.copyOf(queries);
        }
    }

    /**
     * A validator with the given options.
     *
     * @throws InvalidRuleException when a user shapes file or query cannot be used
     */
    public ClosureValidator(ClosureOptions options) {
        this.options = options;
        this.userShapes = options.shapes().stream().map(ClosureValidator::parseShapes).toList();
        this.userQueries = options.queries().stream().map(q -> QueryRule.parse(q.name(), q.text())).toList();
    }

    /** One short-lived virtual thread per validation for the rules that run beside SHACL. */
    private static final Executor RULE_THREADS = r -> Thread.ofVirtual().name("specgraph-closure").start(r);

    /** Validates the spec. */
    public ClosureReport validate(LoadedSpec spec) {
        Findings findings = new Findings(spec);
        // The built-in SHACL shapes and the other built-in rules take about as long as each other on a large
        // spec and only read the (immutable) graph: run them side by side, and merge in the sequential order.
        CompletableFuture<Findings> others = CompletableFuture.supplyAsync(() -> {
            Findings rest = new Findings(spec);
            for (QueryRule rule : BuiltIn.QUERIES) {
                if (applies(rule)) {
                    rule.run(rest);
                }
            }
            CycleRule.run(rest);
            AskConditionRule.run(rest);
            TimingRule.run(rest);
            return rest;
        }, RULE_THREADS);
        ShaclRules.run(BuiltIn.SHAPES, findings);
        try {
            findings.absorb(others.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        checkSpecHasTasks(findings);
        for (SourceCheck check : PackageAccess.loading().checks(spec)) {
            findings.tally().checks(check.ruleId(), check.category(), check.checked());
            for (SourceCheck.Failure f : check.failures()) {
                findings.fail(check.ruleId(), check.category(), Severity.VIOLATION, f.focus(), f.path(), f.value(), f.message(),
                        Origin.rule(Origin.SOURCE, null), f.position());
            }
        }
        if (!spec.unparsed().isEmpty()) {
            UnparsedRule.run(findings); // only then: a spec that parsed whole keeps the coverage it always had
        }
        if (options.strictSources()) {
            LoadWarningRule.run(findings);
        }
        for (Shapes shapes : userShapes) {
            ShaclRules.run(shapes, findings);
        }
        for (QueryRule rule : userQueries) {
            if (applies(rule)) {
                rule.run(findings);
            }
        }
        List<String> notices = notices(findings);
        // claims are checked last: a claimed closure percent is about every other check
        ClaimRule.run(findings, () -> report(spec, findings, notices), notices);
        return report(spec, findings, notices);
    }

    private static ClosureReport report(LoadedSpec spec, Findings findings, List<String> notices) {
        List<Violation> violations = new ArrayList<>(findings.violations());
        violations.sort(order(spec));
        return new ClosureReport(violations, findings.tally().rules(), notices, spec.sources(), findings.prefixes());
    }

    private boolean applies(QueryRule rule) {
        return rule.when() == null || ("strict-phases".equals(rule.when()) && options.strictPhases());
    }

    private static void checkSpecHasTasks(Findings findings) {
        findings.tally().checks("spec-has-tasks", "ownership", 1);
        if (findings.countInstances(SG.Task) == 0) {
            findings.fail("spec-has-tasks", "ownership", Severity.VIOLATION, SG.Task, null, null,
                    "has no instance: the spec declares no task, so there is nothing to plan or run",
                    Origin.rule(Origin.TASKS, null));
        }
    }

    /** Notes about the spec as a whole, e.g. that it is written in another vocabulary. */
    private static List<String> notices(Findings findings) {
        List<String> notices = new ArrayList<>();
        boolean usesCore = false;
        for (Triple t : (Iterable<Triple>) () -> findings.data().find()) {
            if (isCore(t.getPredicate()) || isCore(t.getObject())) {
                usesCore = true;
                break;
            }
        }
        if (!usesCore && findings.spec().derived()) {
            // a dialect was given: "a dialect would be needed" would be wrong, the one given produced nothing
            notices.add("the dialect produced no specgraph term from these files, so these checks ran over an empty"
                    + " spec; see its mapping report for the namespaces it expects and the ones the files use");
        } else if (!usesCore) {
            notices.add("these files use no specgraph term (" + SG.NS + "): they are written in another vocabulary,"
                    + " and a dialect that maps it onto specgraph's would be needed to check them");
        }
        return notices;
    }

    private static boolean isCore(Node node) {
        return node.isURI() && node.getURI().startsWith(SG.NS);
    }

    private static Comparator<Violation> order(LoadedSpec spec) {
        List<String> sources = spec.sources();
        return Comparator.comparingInt((Violation v) -> v.position() == null ? Integer.MAX_VALUE
                        : Math.max(0, sources.indexOf(v.position().source())))
                .thenComparingLong(v -> v.position() == null ? Long.MAX_VALUE : v.position().line())
                .thenComparingLong(v -> v.position() == null ? Long.MAX_VALUE : v.position().column())
                .thenComparing(Violation::ruleId)
                .thenComparing(v -> v.focusNode().toString())
                .thenComparing(v -> v.value() == null ? "" : v.value().toString());
    }

    private static Shapes parseShapes(ClosureOptions.NamedText source) {
        Graph graph = GraphFactory.createDefaultGraph();
        try {
            RDFParser.fromString(source.text(), Lang.TURTLE)
                    .errorHandler(ErrorHandlerFactory.errorHandlerExceptions())
                    .parse(graph);
        } catch (org.apache.jena.riot.RiotParseException e) {
            throw new InvalidRuleException(source.name() + ":" + e.getLine() + ":" + e.getCol()
                    + ": the shapes file is not valid Turtle: " + e.getOriginalMessage());
        } catch (RiotException e) {
            throw new InvalidRuleException(source.name() + ": the shapes file is not valid Turtle: " + e.getMessage());
        }
        ShapeQueries.check(source.name(), graph);
        try {
            return Shapes.parse(graph);
        } catch (ShaclException e) {
            throw new InvalidRuleException(source.name() + ": not valid SHACL: " + e.getMessage());
        }
    }

    private static String resource(String path) {
        try (InputStream in = ClosureValidator.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar lacks " + path + "; it is copied from shapes/ by the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
