package io.specgraph.load;

import io.specgraph.internal.Reference;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.irix.IRIxResolver;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LangTurtle;
import org.apache.jena.riot.system.ParserProfile;
import org.apache.jena.riot.system.RiotLib;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.riot.tokens.Tokenizer;
import org.apache.jena.riot.tokens.TokenizerText;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * Loads a spec from Turtle sources: folders, files, classpath resources and strings, in any mix.
 *
 * <p>Rules:
 * <ul>
 *   <li>A folder contributes every {@code *.ttl} file directly inside it, in name order. Sub-folders are
 *       not read unless {@link #recursive(boolean) recursive} is set (then every {@code *.ttl} below the
 *       folder is read, in path order); files and folders whose names start with {@code .} are skipped.
 *       Without recursion, a sub-folder holding Turtle files raises a warning, so nothing is skipped
 *       silently. Symbolic links to files are read when the file is inside the folder (by real path) and not
 *       hidden there; links to files elsewhere or hidden ones are not (a warning names each, so a planted link
 *       cannot quote another file into a syntax error). Links to folders are never followed (a warning names
 *       each, and says when it is a loop), nor are dangling links (also warned). A file given explicitly is
 *       read wherever a link in its path points.</li>
 *   <li>Each source becomes a named graph (named by the source's IRI); the union of all is the spec.</li>
 *   <li>Every source is parsed even after another one failed, and a source with a syntax error is read again
 *       one top-level statement at a time, so that every syntax error of every source is reported together in
 *       one {@link SpecLoadException}. With {@link #skipUnparsable(boolean) skipUnparsable} the statements that
 *       parse are loaded instead, and the others listed by {@link LoadedSpec#unparsed()}.</li>
 *   <li>{@link LoadLimits} bound the bytes and the nesting depth of each source and the triples of the
 *       whole spec.</li>
 *   <li>What parses but is probably a mistake becomes a {@link LoadWarning}: bytes that are not UTF-8, a
 *       last statement without its {@code .}, an {@code sg:} term the vocabulary does not define, a
 *       namespace a typo away from {@code sg:}'s, a file that declares no specgraph subject, one name under
 *       two namespaces.</li>
 * </ul>
 *
 * <p>A loader is a one-shot builder: configure it, then call {@link #load()}. It is not thread-safe.
 */
public final class SpecLoader {
    private final List<Input> inputs = new ArrayList<>();
    private final List<LoadProblem> earlyProblems = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();
    private LoadLimits limits = LoadLimits.DEFAULT;
    private boolean recursive;
    private boolean coreVocabulary = true;
    private boolean skipUnparsable;
    private boolean literalPositions;

    /** A new loader with {@link LoadLimits#DEFAULT default limits}, reading folders non-recursively. */
    public SpecLoader() {}

    /** Sets the limits; the default is {@link LoadLimits#DEFAULT}. */
    public SpecLoader limits(LoadLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Whether folders are read with their sub-folders (default: no). */
    public SpecLoader recursive(boolean recursive) {
        this.recursive = recursive;
        return this;
    }

    /**
     * Whether the sources are meant to be written in specgraph's own vocabulary (default: yes). Then a
     * source that declares no specgraph subject at all raises a warning, because it is most often one whose
     * {@code sg:} prefix is wrong. A spec read through a dialect is written in another vocabulary, so
     * {@link io.specgraph.Specgraph#load(java.util.function.UnaryOperator, io.specgraph.dialect.Dialect)}
     * turns this off; unknown {@code sg:} terms and near misses of the {@code sg:} namespace are still reported.
     */
    public SpecLoader coreVocabulary(boolean core) {
        this.coreVocabulary = core;
        return this;
    }

    /**
     * Whether statements that do not parse are left out instead of failing the load (default: no). Without it,
     * a syntax error anywhere makes {@link #load()} throw, listing every syntax error of every source. With it,
     * the spec holds every statement that parses, and {@link LoadedSpec#unparsed()} lists the others, one
     * syntax error each, which closure validation reports as violations of the rule {@code source-parses}: one
     * run shows both the syntax and the closure problems (CLI: {@code --skip-unparsable}).
     */
    public SpecLoader skipUnparsable(boolean skip) {
        this.skipUnparsable = skip;
        return this;
    }

    /**
     * Whether to note where each literal object is written (default: no), so that {@link
     * LoadedSpec#literalPosition(Node, Node)} can say on which line a subject holds a string. A spec read through a
     * dialect needs it: the dialect may make references out of strings ({@code :owner "TaskOrchestrator"}, an id
     * list {@code "T1, T2"}), and one that resolves to nothing is reported at the line of the string, not at its
     * subject's first line. {@link io.specgraph.Specgraph#load(java.util.function.UnaryOperator,
     * io.specgraph.dialect.Dialect)} turns it on; it costs a map entry per literal, hence off otherwise.
     */
    public SpecLoader literalPositions(boolean record) {
        this.literalPositions = record;
        return this;
    }

    /** Adds a Turtle file, or a folder of Turtle files (see the class comment for the folder rule). */
    public SpecLoader path(Path path) {
        paths.add(Objects.requireNonNull(path, "path"));
        return this;
    }

    /** Adds several files or folders. */
    public SpecLoader paths(List<Path> more) {
        more.forEach(this::path);
        return this;
    }

    /** Adds a Turtle resource from the class path, e.g. {@code "specs/demo/plan.ttl"}. */
    public SpecLoader resource(String resourcePath) {
        return resource(resourcePath, Thread.currentThread().getContextClassLoader());
    }

    /** Adds a Turtle resource found through the given class loader. */
    public SpecLoader resource(String resourcePath, ClassLoader classLoader) {
        Objects.requireNonNull(resourcePath, "resourcePath");
        String path = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
        var url = (classLoader != null ? classLoader : SpecLoader.class.getClassLoader()).getResource(path);
        if (url == null) {
            earlyProblems.add(new LoadProblem(LoadProblem.Kind.IO, path, null,
                    "no such resource on the class path"));
        } else {
            inputs.add(new Input(path, url.toString(), url::openStream));
        }
        return this;
    }

    /**
     * Adds Turtle text. The name identifies the text in messages ({@code name:line}) and, made into an
     * IRI, names its graph and serves as base IRI.
     */
    public SpecLoader string(String name, String turtle) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(turtle, "turtle");
        byte[] bytes = turtle.getBytes(StandardCharsets.UTF_8);
        inputs.add(new Input(name, "urn:specgraph:source:" + encode(name), () -> new java.io.ByteArrayInputStream(bytes)));
        return this;
    }

    /**
     * Parses every source and returns the spec.
     *
     * @throws SpecLoadException with every problem found, when any source is missing, unreadable, too
     *                           large or not valid Turtle, or when no source was given
     */
    public LoadedSpec load() {
        List<LoadProblem> problems = new ArrayList<>(earlyProblems);
        List<LoadWarning> warnings = new ArrayList<>();
        List<Input> all = new ArrayList<>();
        SourceFiles files = new SourceFiles(recursive, problems, warnings);
        paths.forEach(files::add);
        files.files().forEach(f -> all.add(fileInput(f)));
        all.addAll(inputs);
        if (all.isEmpty() && problems.isEmpty()) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, "(no source)", null,
                    "no Turtle source was given: pass a folder of .ttl files, files, resources or strings"));
        }

        Graph union = GraphFactory.createDefaultGraph();
        DatasetGraph dataset = DatasetGraphFactory.create(union);
        Map<Node, SourcePosition> positions = new HashMap<>();
        TripleBudget budget = new TripleBudget(limits.maxTriples());
        List<String> names = new ArrayList<>();
        Map<String, Graph> graphsInOrder = new java.util.LinkedHashMap<>();
        List<VocabularyCheck.Source> parsedSources = new ArrayList<>();
        List<LoadProblem> unparsed = new ArrayList<>();
        long[] parseChecks = {0};
        Map<Node, List<Reference>> references = new HashMap<>();
        Map<LiteralAt, SourcePosition> literals = new HashMap<>();
        for (Input input : all) {
            names.add(input.name());
            Graph graph = GraphFactory.createDefaultGraph();
            Map<Node, SourcePosition> here = new HashMap<>();
            Map<Node, List<Reference>> referencesHere = new HashMap<>();
            Map<LiteralAt, SourcePosition> literalsHere = new HashMap<>();
            VocabularyCheck.Source parsed = parse(input, graph, here, budget, problems, warnings, unparsed, parseChecks,
                    referencesHere, literalsHere);
            if (parsed != null) {
                referencesHere.forEach((object, list) -> references.merge(object, list, (a, b) -> {
                    List<Reference> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                }));
                dataset.addGraph(NodeFactory.createURI(input.iri()), graph);
                graphsInOrder.put(input.name(), graph);
                parsedSources.add(parsed);
                here.forEach(positions::putIfAbsent);
                literals.putAll(literalsHere);
            }
            if (budget.exceeded()) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecLoadException(problems);
        }
        for (Graph graph : graphsInOrder.values()) {
            // the union is made once every source has parsed: a source re-read after a syntax error must not leave
            // the triples of its failed first reading behind
            graph.find().forEachRemaining(union::add);
            graph.getPrefixMapping().getNsPrefixMap().forEach((prefix, iri) -> {
                if (union.getPrefixMapping().getNsPrefixURI(prefix) == null) {
                    union.getPrefixMapping().setNsPrefix(prefix, iri);
                }
            });
        }
        warnings.addAll(NamespaceSplitCheck.check(graphsInOrder, positions));
        warnings.addAll(VocabularyCheck.check(parsedSources, union, positions, coreVocabulary));
        // only references to IRIs that no source defines are kept: those are the ones reported at the referring line
        Map<Node, List<Reference>> dangling = new HashMap<>();
        references.forEach((object, list) -> {
            if (!positions.containsKey(object) && !list.isEmpty()) {
                dangling.put(object, List.copyOf(list));
            }
        });
        // the union outlives the load (the plan and a finished run read it): kept frozen, at about half the heap of
        // Jena's in-memory graph (issue 11); the sources' own graphs stay as they are, they go with the spec
        Graph frozen = FrozenGraph.copyOf(union);
        DatasetGraph frozenDataset = DatasetGraphFactory.create(frozen);
        dataset.listGraphNodes().forEachRemaining(name -> frozenDataset.addGraph(name, dataset.getGraph(name)));
        return new LoadedSpec(frozenDataset, frozen, Map.copyOf(positions), names, warnings, unparsed, parseChecks[0], dangling,
                literals);
    }

    private static Input fileInput(Path file) {
        return new Input(file.toString(), baseIri(file), () -> Files.newInputStream(file));
    }

    /**
     * The IRI a source file is loaded with: it names the file's graph and is the base its relative IRIs resolve
     * against (a host that keeps the file's text and parses it again later needs it to get the same triples).
     */
    public static String baseIri(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * Parses one source into its graph; returns what the vocabulary checks need, or null when the source cannot
     * be used. A syntax error sends the source to {@link StatementRecovery}, which reports every error of it and,
     * when unparsable statements are skipped, keeps the statements that parse.
     */
    private VocabularyCheck.Source parse(Input input, Graph graph, Map<Node, SourcePosition> positions, TripleBudget budget,
                                         List<LoadProblem> problems, List<LoadWarning> warnings, List<LoadProblem> unparsed,
                                         long[] parseChecks, Map<Node, List<Reference>> references,
                                         Map<LiteralAt, SourcePosition> literals) {
        int problemsBefore = problems.size();
        int warningsBefore = warnings.size();
        long spentBefore = budget.used();
        TurtleScanner scanner = new TurtleScanner(input.name(), limits.maxNesting());
        Locator locator = (line, col) -> new SourcePosition(input.name(), line, scanner.codePointColumn(line, col));
        CollectingErrorHandler errors = new CollectingErrorHandler(input.name(), problems, warnings, locator);
        SinkToGraph sink = new SinkToGraph(graph, budget);
        PositionRecordingProfile profile = null;
        Tokenizer tokenizer = null;
        try (InputStream raw = input.open();
             InputStream in = new BoundedInputStream(new ScanningInputStream(raw, scanner), limits.maxBytesPerSource())) {
            tokenizer = TokenizerText.create().source(in).errorHandler(errors).build();
            ParserProfile std = RiotLib.createParserProfile(RiotLib.factoryRDF(), errors,
                    IRIxResolver.create().base(input.iri()).build(), false);
            profile = new PositionRecordingProfile(std, positions, locator);
            if (literalPositions) {
                profile.recordLiterals();
            }
            new LangTurtle(tokenizer, profile, sink).parse();
        } catch (NoSuchFileException e) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, input.name(), null, "no such file"));
            return null;
        } catch (IOException e) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, input.name(), null, SourceFiles.reason(e)));
            return null;
        } catch (StackOverflowError e) {
            // the last resort behind the nesting limit: a thread with a small stack, or a limit raised too far
            problems.add(stackOverflow(input.name(), scanner));
            return null;
        } catch (RuntimeException e) {
            Throwable cause = limitCause(e);
            if (cause != null) {
                return parseFailure(cause, input, problems);
            }
            if (e.getCause() instanceof IOException io) {
                // a read that fails half-way (a disk error, a file truncated under us) reaches us wrapped by RIOT
                problems.add(new LoadProblem(LoadProblem.Kind.IO, input.name(), null, SourceFiles.reason(io)));
                return null;
            }
            if (!(e instanceof RiotException)) {
                if (tokenizer == null) {
                    throw e;
                }
                // Jena's parser failing on its own (its error message for a "%" escape cut off by the end of
                // the file formats end-of-file as a character and throws): still a syntax error, at that place
                problems.add(new LoadProblem(LoadProblem.Kind.SYNTAX, input.name(),
                        locator.at(tokenizer.getLine(), tokenizer.getColumn()),
                        "the Turtle parser stopped here (" + e.getClass().getSimpleName() + "); look for a name, escape"
                                + " or string cut off by the end of the file or another malformed term"));
            } else if (!errors.fatalSeen()) {
                problems.add(new LoadProblem(LoadProblem.Kind.SYNTAX, input.name(), null, Shown.message(e.getMessage())));
            }
        }
        if (problems.size() != problemsBefore || profile == null) {
            // a syntax error: read the source again statement by statement, for every error and what does parse
            problems.subList(problemsBefore, problems.size()).clear();
            warnings.subList(warningsBefore, warnings.size()).clear();
            budget.refund(budget.used() - spentBefore);
            graph.clear();
            graph.getPrefixMapping().clearNsPrefixMap();
            positions.clear();
            return recover(input, graph, positions, budget, problems, warnings, unparsed, parseChecks, references, literals);
        }
        parseChecks[0]++;
        references.putAll(profile.references());
        literals.putAll(profile.literals());
        scanner.finish();
        scanWarnings(scanner, input.name(), warnings, warningsBefore);
        return new VocabularyCheck.Source(input.name(), graph, profile.sgTerms(), profile.declared());
    }

    /** Reads a source with a syntax error again, one statement at a time (see {@link StatementRecovery}). */
    private VocabularyCheck.Source recover(Input input, Graph graph, Map<Node, SourcePosition> positions, TripleBudget budget,
                                           List<LoadProblem> problems, List<LoadWarning> warnings, List<LoadProblem> unparsed,
                                           long[] parseChecks, Map<Node, List<Reference>> references,
                                           Map<LiteralAt, SourcePosition> literals) {
        int warningsBefore = warnings.size();
        TurtleScanner scanner = new TurtleScanner(input.name(), limits.maxNesting());
        byte[] bytes;
        try (InputStream raw = input.open();
             InputStream in = new BoundedInputStream(new ScanningInputStream(raw, scanner), limits.maxBytesPerSource())) {
            bytes = in.readAllBytes();
            scanner.finish();
        } catch (IOException e) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, input.name(), null, SourceFiles.reason(e)));
            return null;
        } catch (RuntimeException e) {
            Throwable cause = limitCause(e);
            if (cause != null) {
                return parseFailure(cause, input, problems);
            }
            throw e;
        }
        StatementRecovery recovery = new StatementRecovery(input.name(), input.iri(), new String(bytes, StandardCharsets.UTF_8),
                literalPositions);
        StatementRecovery.Outcome outcome;
        try {
            outcome = recovery.parse(graph, triple -> {
                budget.spend();
                graph.add(triple);
            }, positions, warnings, skipUnparsable);
        } catch (StackOverflowError e) {
            problems.add(stackOverflow(input.name(), scanner));
            return null;
        } catch (RuntimeException e) {
            Throwable cause = limitCause(e);
            if (cause != null) {
                return parseFailure(cause, input, problems);
            }
            throw e;
        }
        (skipUnparsable ? unparsed : problems).addAll(outcome.errors());
        if (!skipUnparsable) {
            return null;
        }
        parseChecks[0] += outcome.statements();
        references.putAll(outcome.profile().references());
        literals.putAll(outcome.profile().literals());
        scanWarnings(scanner, input.name(), warnings, warningsBefore);
        return new VocabularyCheck.Source(input.name(), graph, outcome.profile().sgTerms(), outcome.profile().declared());
    }

    /**
     * The parser overflowed its stack. The scan's deepest nesting says how deep and where, when it saw any;
     * if it saw none (its reading of the text went wrong), the place it had reached is the best we know, and a
     * depth of 0 would be a lie.
     */
    private static LoadProblem stackOverflow(String source, TurtleScanner scanner) {
        String what = " ([ … ], ( … ), << … >> or {| … |} inside one another); nest less (name the inner nodes), or run"
                + " with a larger thread stack (java -Xss) if the nesting is meant";
        if (scanner.deepest() > 0) {
            return new LoadProblem(LoadProblem.Kind.LIMIT, source, scanner.deepestAt(),
                    "the parser ran out of stack: the source nests " + scanner.deepest() + " deep by here" + what);
        }
        return new LoadProblem(LoadProblem.Kind.LIMIT, source, scanner.position(),
                "the parser ran out of stack somewhere before here, most likely on deep nesting" + what);
    }

    /** The limit exception behind a failed parse (RIOT may wrap what the stream or the sink throws), or null. */
    private static Throwable limitCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge || t instanceof TooManyTriples || t instanceof TurtleScanner.TooDeep) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** What the scan found that the parser passed over, placed before the parser's own warnings about the source. */
    private static void scanWarnings(TurtleScanner scanner, String source, List<LoadWarning> warnings, int at) {
        List<LoadWarning> found = new ArrayList<>();
        if (scanner.badSequences() > 0) {
            long n = scanner.badSequences();
            found.add(LoadWarning.at(LoadWarning.Kind.INVALID_UTF8, scanner.firstBad(),
                    (n == 1 ? "a byte sequence" : n + " byte sequences") + " that " + (n == 1 ? "is" : "are")
                            + " not UTF-8 (the first here); the parser read " + (n == 1 ? "it" : "each") + " as the"
                            + " replacement character U+FFFD, so names or text there are not what the file says;"
                            + " save the file as UTF-8"));
        }
        if (scanner.unterminatedLine() > 0) {
            found.add(LoadWarning.at(LoadWarning.Kind.UNTERMINATED, new SourcePosition(source, scanner.unterminatedLine(), 0),
                    "the last statement of the file, from line " + scanner.unterminatedLine()
                            + ", is not terminated by '.'; the file may have been cut short: check that it ends"
                            + " where it should, and end the statement with '.'"));
        }
        warnings.addAll(at, found);
    }

    private VocabularyCheck.Source parseFailure(Throwable cause, Input input, List<LoadProblem> problems) {
        if (cause instanceof TurtleScanner.TooDeep deep) {
            problems.add(new LoadProblem(LoadProblem.Kind.LIMIT, input.name(), deep.position(),
                    "nested deeper than the limit of " + deep.limit() + " here ([ … ], ( … ), << … >> or {| … |} inside"
                            + " one another); nest less (name the inner nodes), or raise LoadLimits.maxNesting"
                            + " (CLI: --max-nesting) if the nesting is meant"));
            return null;
        }
        String message = cause instanceof TooLarge
                ? "larger than the limit of " + limits.maxBytesPerSource() + " bytes per source;"
                        + " raise LoadLimits.maxBytesPerSource (CLI: --max-bytes) if the file is meant to be this big"
                : "the spec exceeds the limit of " + limits.maxTriples() + " triples;"
                        + " raise LoadLimits.maxTriples (CLI: --max-triples) if it is meant to be this big";
        problems.add(new LoadProblem(LoadProblem.Kind.LIMIT, input.name(), null, message));
        return null;
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** One source to parse. */
    private record Input(String name, String iri, Opener opener) {
        InputStream open() throws IOException {
            return opener.open();
        }
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** Counts triples across sources; the parse stops when the spec goes over the limit. */
    private static final class TripleBudget {
        private final long max;
        private long used;
        private boolean exceeded;

        TripleBudget(long max) {
            this.max = max;
        }

        void spend() {
            if (++used > max) {
                exceeded = true;
                throw new TooManyTriples();
            }
        }

        boolean exceeded() {
            return exceeded;
        }

        long used() {
            return used;
        }

        /** Gives back what a source spent on a reading that was thrown away. */
        void refund(long n) {
            used -= n;
        }
    }

    /** Adds each parsed triple to its source's graph (the union is made when every source has parsed). */
    private static final class SinkToGraph extends StreamRDFBase {
        private final Graph graph;
        private final TripleBudget budget;

        SinkToGraph(Graph graph, TripleBudget budget) {
            this.graph = graph;
            this.budget = budget;
        }

        @Override
        public void triple(Triple triple) {
            budget.spend();
            graph.add(triple);
        }

        @Override
        public void prefix(String prefix, String iri) {
            graph.getPrefixMapping().setNsPrefix(prefix, iri);
        }
    }

    private static final class TooManyTriples extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyTriples() {
            super(null, null, false, false);
        }
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Shows every byte the parser reads to the scanner first, so the scan is always ahead of the parse. */
    private static final class ScanningInputStream extends FilterInputStream {
        private final TurtleScanner scanner;

        ScanningInputStream(InputStream in, TurtleScanner scanner) {
            super(in);
            this.scanner = scanner;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                scanner.accept(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                scanner.accept(buf, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipped bytes would escape the scan: read them instead
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int read = read(buf, 0, buf.length);
            return Math.max(read, 0);
        }
    }

    /** Refuses to read more than the limit, without trusting any size the source claims. */
    private static final class BoundedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw new TooLarge();
            }
        }
    }
}
