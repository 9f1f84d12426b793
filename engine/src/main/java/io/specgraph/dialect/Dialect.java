package io.specgraph.dialect;

import io.specgraph.internal.QueryGuard;
import io.specgraph.load.LoadedSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;

/**
 * A way to read specs written in another vocabulary: SPARQL CONSTRUCT queries, applied in order, that map
 * the foreign terms onto the core vocabulary. Each query sees the source and what the earlier ones produced.
 * The queries may use the {@code sgfn:} functions ({@link DialectFunctions}) for free-text values.
 *
 * <p>A dialect is a folder of {@code .rq} files, applied in name order, or in the order a {@code dialect.txt}
 * file in the folder lists them ({@code #} lines of that file are the dialect's description). Built-in
 * dialects are packaged the same way; {@code ggen} reads specs written like ggen's.
 *
 * <pre>{@code
 * Spec spec = Specgraph.load(l -> l.path(folder), Dialect.builtIn("ggen"));
 * System.out.println(spec.mapping().orElseThrow().text());
 * }</pre>
 */
public final class Dialect {
    private static final String BUILT_IN = "io/specgraph/dialects/";
    private static final String MANIFEST = "dialect.txt";
    /** How ARQ's parser messages say where: "… at line 5, column 3." or "Line 5, column 3: …". */
    private static final java.util.regex.Pattern PARSER_POSITION =
            java.util.regex.Pattern.compile("(?i)(\\s*\\bat line -?\\d+, column -?\\d+\\.?|^line -?\\d+, column -?\\d+:\\s*)");

    private final String name;
    private final String description;
    private final List<DialectQuery> queries;

    private Dialect(String name, String description, List<DialectQuery> queries) {
        this.name = name;
        this.description = description;
        this.queries = List.copyOf(queries);
    }

    /** The dialect's name (its folder's name). */
    public String name() {
        return name;
    }

    /** What the dialect reads, from the {@code #} lines of its {@code dialect.txt}; empty when it has none. */
    public String description() {
        return description;
    }

    /** Its queries, in the order they run. */
    public List<DialectQuery> queries() {
        return queries;
    }

    /** Maps a loaded spec: the result holds the source and the core triples, and the mapping report. */
    public MappedSpec map(LoadedSpec source) {
        return DialectMapper.map(this, source);
    }

    /** The names of the built-in dialects. */
    public static List<String> builtInNames() {
        String index = resource(BUILT_IN + "index.txt");
        return index == null ? List.of() : lines(index).stream().filter(l -> !l.startsWith("#")).toList();
    }

    /**
     * A built-in dialect.
     *
     * @throws DialectException when there is none by that name
     */
    public static Dialect builtIn(String name) {
        Objects.requireNonNull(name, "name");
        String manifest = builtInNames().contains(name) ? resource(BUILT_IN + name + "/" + MANIFEST) : null;
        if (manifest == null) {
            throw new DialectException("there is no built-in dialect \"" + name + "\"; built in: "
                    + String.join(", ", builtInNames()) + " (a folder of .rq files can be used with --dialect-dir)");
        }
        List<DialectQuery> queries = new ArrayList<>();
        for (String file : files(manifest)) {
            String text = resource(BUILT_IN + name + "/" + file);
            if (text == null) {
                throw new DialectException("built-in dialect " + name + " lists " + file + ", which is not packaged");
            }
            queries.add(parse("built-in dialect " + name + ": " + file, file, text));
        }
        return new Dialect(name, description(manifest), queries);
    }

    /**
     * A dialect from a folder of {@code .rq} files (in name order, or as its {@code dialect.txt} lists them).
     *
     * @throws DialectException when the folder has no query, or a query does not parse, is not a CONSTRUCT, or
     *                          reaches outside the spec ({@link QueryGuard})
     */
    public static Dialect fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DialectException(folder + " is not a folder; a dialect is a folder of .rq files");
        }
        Path manifestFile = folder.resolve(MANIFEST);
        String manifest = Files.isRegularFile(manifestFile) ? read(manifestFile) : null;
        List<String> names;
        if (manifest != null) {
            names = files(manifest);
        } else {
            try (Stream<Path> list = Files.list(folder)) {
                names = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rq")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + folder + ": " + e.getMessage(), e);
            }
        }
        if (names.isEmpty()) {
            throw new DialectException(folder + " holds no .rq query, so it is not a dialect");
        }
        List<DialectQuery> queries = new ArrayList<>();
        for (String file : names) {
            Path path = folder.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new DialectException(manifestFile + " lists " + file + ", which is not in " + folder);
            }
            queries.add(parse(path.toString(), file, read(path)));
        }
        return new Dialect(folder.toAbsolutePath().normalize().getFileName().toString(),
                manifest == null ? "" : description(manifest), queries);
    }

    /**
     * Finds a dialect by name: a sub-folder of one of {@code folders} with that name (or one of the folders
     * itself, when it has that name and holds queries), otherwise the built-in one.
     *
     * @throws DialectException when there is none, naming what there is
     */
    public static Dialect find(String name, List<Path> folders) {
        List<String> seen = new ArrayList<>();
        for (Path folder : folders) {
            Path sub = folder.resolve(name);
            if (Files.isDirectory(sub)) {
                return fromFolder(sub);
            }
            Path own = folder.toAbsolutePath().normalize().getFileName();
            if (own != null && own.toString().equals(name) && Files.isDirectory(folder)) {
                return fromFolder(folder);
            }
            try (Stream<Path> list = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
                list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(seen::add);
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + folder + ": " + e.getMessage(), e);
            }
        }
        if (builtInNames().contains(name)) {
            return builtIn(name);
        }
        List<String> known = new ArrayList<>(builtInNames());
        known.addAll(seen);
        throw new DialectException("there is no dialect \"" + name + "\"" + (folders.isEmpty() ? "" : " in " + folders)
                + "; known: " + String.join(", ", known));
    }

    private static DialectQuery parse(String where, String file, String text) {
        Query query;
        try {
            query = QueryFactory.create(DialectFunctions.SPARQL_PREFIX + text);
        } catch (QueryParseException e) {
            // the sgfn: prefix line added above shifts the parser's line by one: give the line of the .rq file,
            // once, and take the parser's own (shifted) "at line …, column …" out of its message
            String line = e.getLine() > 1 ? ":" + (e.getLine() - 1) + (e.getColumn() > 0 ? ":" + e.getColumn() : "") : "";
            String reason = PARSER_POSITION.matcher(QueryGuard.parseFailure(e)).replaceAll("").strip();
            throw new DialectException(where + line + ": the query does not parse: " + reason);
        }
        if (!query.isConstructType()) {
            throw new DialectException(where + ": a dialect query must be a CONSTRUCT query");
        }
        String problem = QueryGuard.problem(query);
        if (problem != null) {
            throw new DialectException(where + ": the query " + problem + "; a dialect query may only read the spec");
        }
        return new DialectQuery(file, query);
    }

    private static List<String> files(String manifest) {
        return lines(manifest).stream().filter(l -> !l.startsWith("#")).toList();
    }

    private static String description(String manifest) {
        return String.join(" ", lines(manifest).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.substring(1).strip()).toList()).strip();
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String resource(String path) {
        try (InputStream in = Dialect.class.getResourceAsStream("/" + path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "dialect " + name + " (" + queries.size() + " queries)";
    }
}
