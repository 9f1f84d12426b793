package io.specgraph.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
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
 *       silently.</li>
 *   <li>Each source becomes a named graph (named by the source's IRI); the union of all is the spec.</li>
 *   <li>Every source is parsed even after another one failed, so that all syntax errors are reported
 *       together in one {@link SpecLoadException}.</li>
 *   <li>{@link LoadLimits} bound the bytes of each source and the triples of the whole spec.</li>
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
        for (Path path : paths) {
            expand(path, all, problems, warnings);
        }
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
        for (Input input : all) {
            names.add(input.name());
            Graph graph = GraphFactory.createDefaultGraph();
            boolean parsed = parse(input, graph, union, positions, budget, problems, warnings);
            if (parsed) {
                dataset.addGraph(NodeFactory.createURI(input.iri()), graph);
                graphsInOrder.put(input.name(), graph);
            }
            if (budget.exceeded()) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecLoadException(problems);
        }
        warnings.addAll(NamespaceSplitCheck.check(graphsInOrder, positions));
        return new LoadedSpec(dataset, union, Map.copyOf(positions), names, warnings);
    }

    private void expand(Path path, List<Input> out, List<LoadProblem> problems, List<LoadWarning> warnings) {
        String name = path.toString();
        if (Files.isRegularFile(path)) {
            out.add(fileInput(path));
        } else if (Files.isDirectory(path)) {
            List<Path> files = new ArrayList<>();
            List<Path> skippedFolders = new ArrayList<>();
            try (Stream<Path> walk = recursive ? Files.walk(path) : Files.list(path)) {
                walk.filter(p -> !p.equals(path))
                        .filter(p -> !isHidden(path.relativize(p)))
                        .forEach(p -> {
                            if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".ttl")) {
                                files.add(p);
                            } else if (!recursive && Files.isDirectory(p)) {
                                skippedFolders.add(p);
                            }
                        });
            } catch (IOException | UncheckedIOException e) {
                problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null, "cannot list the folder: " + e.getMessage()));
                return;
            }
            files.sort(null);
            if (files.isEmpty()) {
                problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null,
                        "the folder holds no .ttl file" + (recursive ? "" : " (sub-folders are read only when recursive)")));
            }
            files.forEach(f -> out.add(fileInput(f)));
            skippedFolders.sort(null);
            for (Path folder : skippedFolders) {
                long count = countTurtle(folder);
                if (count > 0) {
                    warnings.add(new LoadWarning(null, "sub-folder " + folder + " holds " + count
                            + (count == 1 ? " .ttl file that was" : " .ttl files that were")
                            + " not loaded; load recursively (SpecLoader.recursive, CLI --recursive) if it is part of the spec"));
                }
            }
        } else if (Files.exists(path)) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null, "not a regular file or folder"));
        } else {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null, "no such file or folder"));
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static long countTurtle(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".ttl") && Files.isRegularFile(p)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static Input fileInput(Path file) {
        return new Input(file.toString(), file.toAbsolutePath().normalize().toUri().toString(), () -> Files.newInputStream(file));
    }

    private boolean parse(Input input, Graph graph, Graph union, Map<Node, SourcePosition> positions,
                          TripleBudget budget, List<LoadProblem> problems, List<LoadWarning> warnings) {
        int problemsBefore = problems.size();
        CollectingErrorHandler errors = new CollectingErrorHandler(input.name(), problems, warnings);
        SinkToGraphs sink = new SinkToGraphs(graph, union, budget);
        try (InputStream raw = input.open();
             BoundedInputStream in = new BoundedInputStream(raw, limits.maxBytesPerSource())) {
            Tokenizer tokenizer = TokenizerText.create().source(in).errorHandler(errors).build();
            ParserProfile std = RiotLib.createParserProfile(RiotLib.factoryRDF(), errors,
                    IRIxResolver.create().base(input.iri()).build(), false);
            ParserProfile profile = new PositionRecordingProfile(std, input.name(), positions);
            new LangTurtle(tokenizer, profile, sink).parse();
        } catch (NoSuchFileException e) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, input.name(), null, "no such file"));
        } catch (IOException e) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, input.name(), null, String.valueOf(e.getMessage())));
        } catch (TooLarge | TooManyTriples e) {
            return parseFailure(e, input, problems);
        } catch (RiotException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TooLarge || cause instanceof TooManyTriples) {
                // RIOT wraps exceptions thrown from the stream; unwrap and report them like the direct case.
                return parseFailure(cause, input, problems);
            }
            if (!errors.fatalSeen()) {
                problems.add(new LoadProblem(LoadProblem.Kind.SYNTAX, input.name(), null, String.valueOf(e.getMessage())));
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TooLarge || e.getCause() instanceof TooManyTriples) {
                return parseFailure(e.getCause(), input, problems);
            }
            throw e;
        }
        return problems.size() == problemsBefore;
    }

    private boolean parseFailure(Throwable cause, Input input, List<LoadProblem> problems) {
        String message = cause instanceof TooLarge
                ? "larger than the limit of " + limits.maxBytesPerSource() + " bytes per source;"
                        + " raise LoadLimits.maxBytesPerSource (CLI: --max-bytes) if the file is meant to be this big"
                : "the spec exceeds the limit of " + limits.maxTriples() + " triples;"
                        + " raise LoadLimits.maxTriples (CLI: --max-triples) if it is meant to be this big";
        problems.add(new LoadProblem(LoadProblem.Kind.LIMIT, input.name(), null, message));
        return false;
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
    }

    /** Adds each parsed triple to its source's graph and to the union. */
    private static final class SinkToGraphs extends StreamRDFBase {
        private final Graph graph;
        private final Graph union;
        private final TripleBudget budget;

        SinkToGraphs(Graph graph, Graph union, TripleBudget budget) {
            this.graph = graph;
            this.union = union;
            this.budget = budget;
        }

        @Override
        public void triple(Triple triple) {
            budget.spend();
            graph.add(triple);
            union.add(triple);
        }

        @Override
        public void prefix(String prefix, String iri) {
            graph.getPrefixMapping().setNsPrefix(prefix, iri);
            if (union.getPrefixMapping().getNsPrefixURI(prefix) == null) {
                union.getPrefixMapping().setNsPrefix(prefix, iri);
            }
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
