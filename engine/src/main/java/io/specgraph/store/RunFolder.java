package io.specgraph.store;

import io.specgraph.internal.PackageAccess;
import io.specgraph.record.RunRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;

/**
 * The files of one run of a disk store, {@code runs/<id>/}, and how each is written and read:
 * <ul>
 *   <li>{@code state.properties}: what {@code runs} lists (spec, start, state, counts), replaced atomically;</li>
 *   <li>{@code registration.properties}: options, and where each source's text is, written once;</li>
 *   <li>{@code sources/NNNN.ttl}: each source's text as it is, written once (runs registered before kept the texts as
 *   the registration's {@code source.*} properties, escaped character by character, which are still read);</li>
 *   <li>{@code fingerprints}: a line per task, its IRI, a space and its fingerprint, written once (a properties file
 *   escapes every colon of every IRI; runs registered before kept them as {@code fingerprint.*} properties, which
 *   are still read);</li>
 *   <li>{@code plan.json}: the plan as one line of JSON, written once, beside the run (on a thread of its own; absent
 *   while it is written, and for good if the run's process ended first), as it is, into the file as it is made
 *   ({@link NewRun#writePlan}): a plan's JSON is megabytes for a large plan, which a properties file would escape
 *   character by character and a text in memory would hold twice, as chars and as bytes (runs registered before
 *   kept it as the registration's {@code plan} property, which is still read);</li>
 *   <li>{@code spec.trdf}: the spec as loaded, written once, RDF Thrift, which Jena writes and reads an order of
 *   magnitude faster than it adds triples to a database; not written when the registration declares that the spec
 *   is its sources parsed ({@link NewRun#SPEC_FROM_SOURCES}), which are then parsed again when it is read;</li>
 *   <li>{@code record.jsonl}: the PROV-O record as last saved by the engine, as what was recorded
 *   (the record package's RecordFacts: a line per attempt, not ten triples), or {@code record.trdf}: a record saved as a graph
 *   (RDF Thrift); replaced atomically, the one saved last removing the other;</li>
 *   <li>{@code journal}: the entries, one per line, UTF-8, only ever appended to;</li>
 *   <li>{@code decisions/NNNNNNNN.properties}: one file per decision, numbered in the order they were posted;</li>
 *   <li>{@code live.lock}: locked by the run's writer while it is open.</li>
 * </ul>
 */
final class RunFolder {
    static final String STATE = "state.properties";
    private static final String REGISTRATION = "registration.properties";
    static final String PLAN = "plan.json";
    private static final String FINGERPRINTS = "fingerprints";
    private static final String SOURCES = "sources";
    static final String SPEC = "spec.trdf";
    static final String RECORD = "record.trdf";
    static final String RECORD_FACTS = "record.jsonl";
    private static final String JOURNAL = "journal";
    private static final String DECISIONS = "decisions";
    private static final String LIVE = "live.lock";

    final Path dir;
    final String id;

    RunFolder(Path dir) {
        this.dir = dir;
        this.id = dir.getFileName().toString();
    }

    Path journal() {
        return dir.resolve(JOURNAL);
    }

    Path liveLock() {
        return dir.resolve(LIVE);
    }

    Path decisionsDir() {
        return dir.resolve(DECISIONS);
    }

    /** True when the run was completely created (its state is written last). */
    boolean complete() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    // ---- state ----

    void writeState(String spec, Instant started, RunInfo.Progress p) throws IOException {
        Properties s = new Properties();
        s.setProperty("spec", spec);
        s.setProperty("started", started.toString());
        s.setProperty("state", p.state().name());
        s.setProperty("tasksDone", Integer.toString(p.tasksDone()));
        s.setProperty("tasksTotal", Integer.toString(p.tasksTotal()));
        s.setProperty("elapsed", p.elapsed().toString());
        for (int i = 0; i < p.waitingGates().size(); i++) {
            s.setProperty("waitsFor." + i, p.waitingGates().get(i));
        }
        AtomicFiles.write(dir.resolve(STATE), s);
    }

    /** The run as last reported, before the store decides whether it is live. */
    Optional<RunInfo> readState() throws IOException {
        Optional<Properties> read = AtomicFiles.read(dir.resolve(STATE));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Properties s = read.get();
        List<String> gates = new ArrayList<>();
        for (int i = 0; s.getProperty("waitsFor." + i) != null; i++) {
            gates.add(s.getProperty("waitsFor." + i));
        }
        try {
            RunInfo.Progress p = new RunInfo.Progress(RunInfo.State.valueOf(s.getProperty("state")),
                    Integer.parseInt(s.getProperty("tasksDone")), Integer.parseInt(s.getProperty("tasksTotal")),
                    Duration.parse(s.getProperty("elapsed")), gates);
            return Optional.of(new RunInfo(id, RunIds.iri(id), s.getProperty("spec"), Instant.parse(s.getProperty("started")), p));
        } catch (RuntimeException e) {
            throw new IOException(dir.resolve(STATE) + " is damaged (" + e + ")", e);
        }
    }

    // ---- registration ----

    /** Writes the plan's JSON, once; atomically, so that it is there whole or not at all. */
    void writePlan(NewRun run) throws IOException {
        AtomicFiles.write(dir.resolve(PLAN), out -> {
            // as the plan's JSON is made, a piece at a time: megabytes for a large plan, never one text in memory
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            run.writePlan(text);
            text.flush();
        });
    }

    /** Writes what the run is registered with, but its plan's JSON ({@link #writePlan}). */
    void writeRegistration(NewRun run) throws IOException {
        boolean asLines = run.fingerprints().entrySet().stream().allMatch(e -> oneWord(e.getKey()) && oneLine(e.getValue()));
        if (asLines) {
            StringBuilder lines = new StringBuilder(run.fingerprints().size() * 128);
            run.fingerprints().forEach((iri, fp) -> lines.append(iri).append(' ').append(fp).append('\n'));
            AtomicFiles.write(dir.resolve(FINGERPRINTS), lines.toString());
        }
        Properties r = new Properties();
        r.setProperty("spec", run.spec());
        r.setProperty("started", run.started().toString());
        put(r, "option.", run.options());
        if (!run.sources().isEmpty()) {
            // as they are: a large spec's texts are megabytes, which a properties file would escape character by character
            Files.createDirectory(dir.resolve(SOURCES));
            int n = 0;
            for (Map.Entry<String, String> source : run.sources().entrySet()) {
                String file = SOURCES + "/" + String.format("%04d", n++) + ".ttl";
                AtomicFiles.write(dir.resolve(file), out -> out.write(source.getValue().getBytes(StandardCharsets.UTF_8)));
                r.setProperty("sourcefile." + source.getKey(), file);
            }
        }
        if (!asLines) {
            // a key with a space or a value with a line break (never the engine's IRIs and hex digests): escaped
            put(r, "fingerprint.", run.fingerprints());
        }
        AtomicFiles.write(dir.resolve(REGISTRATION), r);
    }

    /** The registration without its spec graph, which is {@link #spec()}. */
    Properties readRegistration() throws IOException {
        return AtomicFiles.read(dir.resolve(REGISTRATION))
                .orElseThrow(() -> new IOException(dir.resolve(REGISTRATION) + " is missing"));
    }

    /** Each source's name and text: the files of {@code sources/} and those a registration kept as properties. */
    SortedMap<String, String> readSources(Properties registration) throws IOException {
        SortedMap<String, String> sources = section(registration, "source.");
        for (Map.Entry<String, String> file : section(registration, "sourcefile.").entrySet()) {
            try {
                sources.put(file.getKey(), Files.readString(dir.resolve(file.getValue()), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new IOException(dir.resolve(file.getValue()) + " is missing (the source " + file.getKey() + ")", e);
            }
        }
        return sources;
    }

    /**
     * Sends the spec's triples to {@code into}: {@code spec.trdf}, or, for a run registered with
     * {@link NewRun#SPEC_FROM_SOURCES}, its sources parsed again, each with its recorded base IRI.
     */
    void readSpec(Properties registration, StreamRDF into) throws IOException {
        if (Files.exists(spec())) {
            readGraph(spec(), into);
            return;
        }
        SortedMap<String, String> options = section(registration, "option.");
        if (!"true".equals(options.get(NewRun.SPEC_FROM_SOURCES))) {
            throw new NoSuchFileException(spec().toString());
        }
        for (Map.Entry<String, String> source : readSources(registration).entrySet()) {
            String base = options.get(NewRun.SOURCE_BASE + source.getKey());
            try {
                RDFParser.fromString(source.getValue(), RDFLanguages.TURTLE).base(base).parse(into);
            } catch (RiotException e) {
                throw new IOException("the source " + source.getKey() + " kept in " + dir.resolve(SOURCES) + " no longer parses ("
                        + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * The plan's JSON: its own file, or the {@code plan} property of a registration written before there was one;
     * empty while it is being written, or when the run's process ended before it was.
     */
    Optional<String> readPlan(Properties registration) throws IOException {
        try {
            return Optional.of(Files.readString(dir.resolve(PLAN), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.ofNullable(registration.getProperty("plan"));
        }
    }

    /** The fingerprints: the {@code fingerprints} file's lines, and those a registration kept as properties. */
    SortedMap<String, String> readFingerprints(Properties registration) throws IOException {
        SortedMap<String, String> fingerprints = section(registration, "fingerprint.");
        try {
            for (String line : Files.readAllLines(dir.resolve(FINGERPRINTS), StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IOException(dir.resolve(FINGERPRINTS) + " is damaged (a line without a space: " + line + ")");
                }
                fingerprints.put(line.substring(0, space), line.substring(space + 1));
            }
        } catch (NoSuchFileException e) {
            // registered before the file, or with fingerprints a line cannot hold: all in the properties
        }
        return fingerprints;
    }

    private static boolean oneWord(String s) {
        return !s.isEmpty() && s.chars().noneMatch(c -> c == ' ' || c == '\n' || c == '\r');
    }

    private static boolean oneLine(String s) {
        return s.chars().noneMatch(c -> c == '\n' || c == '\r');
    }

    static SortedMap<String, String> section(Properties p, String prefix) {
        SortedMap<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), p.getProperty(k));
            }
        }
        return m;
    }

    private static void put(Properties p, String prefix, Map<String, String> m) {
        m.forEach((k, v) -> p.setProperty(prefix + k, v));
    }

    // ---- graphs ----

    Path spec() {
        return dir.resolve(SPEC);
    }

    Path record() {
        return dir.resolve(RECORD);
    }

    Path recordFacts() {
        return dir.resolve(RECORD_FACTS);
    }

    /** Replaces the record with what was recorded, then removes a record saved as a graph before. */
    void writeRecord(RunRecord record) throws IOException {
        AtomicFiles.write(recordFacts(), out -> PackageAccess.recording().writeFacts(record, out));
        Files.deleteIfExists(record());
    }

    /** Replaces the record with a graph, then removes a record saved as what was recorded before. */
    void writeRecord(Graph record) throws IOException {
        writeGraph(record(), record);
        Files.deleteIfExists(recordFacts());
    }

    /**
     * Adds the record as last saved to {@code into}; false when there is none. Were a process killed between saving
     * one form and removing the other, the newer file is the record (the facts when they are as new).
     */
    boolean readRecord(Graph into) throws IOException {
        Optional<FileTime> facts = modified(recordFacts());
        Optional<FileTime> graph = modified(record());
        if (facts.isPresent() && (graph.isEmpty() || facts.get().compareTo(graph.get()) >= 0)) {
            try (InputStream in = Files.newInputStream(recordFacts())) {
                PackageAccess.recording().readFacts(in, into);
            } catch (NoSuchFileException e) {
                return readRecord(into); // replaced by a graph between the look and the read
            } catch (IOException e) {
                throw new IOException(recordFacts() + " is damaged (" + e.getMessage() + ")", e);
            }
            return true;
        }
        if (graph.isPresent()) {
            try {
                readGraph(record(), StreamRDFLib.graph(into));
            } catch (NoSuchFileException e) {
                return readRecord(into);
            }
            return true;
        }
        return false;
    }

    private static Optional<FileTime> modified(Path file) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Replaces {@code file} with {@code graph} as RDF Thrift. */
    static void writeGraph(Path file, Graph graph) throws IOException {
        AtomicFiles.write(file, out -> RDFDataMgr.write(out, graph, RDFFormat.RDF_THRIFT_VALUES));
    }

    /** The graph in {@code file}, or empty when there is no such file. */
    static Optional<Graph> readGraph(Path file) throws IOException {
        Graph g = GraphMemFactory.createDefaultGraph();
        try {
            readGraph(file, StreamRDFLib.graph(g));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(g);
    }

    /** Sends the triples of {@code file} to {@code into}. */
    static void readGraph(Path file, StreamRDF into) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            RDFParser.source(in).lang(RDFLanguages.RDFTHRIFT).parse(into);
        } catch (RiotException e) {
            throw new IOException(file + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    // ---- journal ----

    /** The complete lines of the journal; a last line without its line break is a write the process did not finish. */
    List<String> readJournal() throws IOException {
        String text = new String(Files.readAllBytes(journal()), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            lines.add(text.substring(from, nl));
            from = nl + 1;
        }
        return lines;
    }

    /** Opens the journal to append to it, first cutting off an unfinished last line a killed writer left. */
    FileChannel openJournal() throws IOException {
        FileChannel ch = FileChannel.open(journal(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            long size = ch.size();
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < size) {
                ch.truncate(end);
            }
            ch.position(end);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends entries, each on its own line, in one write: once it returns the OS has them. */
    static void append(FileChannel journal, List<String> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String e : entries) {
            text.append(e).append('\n');
        }
        // String.getBytes is an array copy for the ASCII of nearly every entry; Charset.encode goes a char at a time
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            journal.write(bytes);
        }
    }

    // ---- decisions ----

    /** The decision numbered {@code n} (from 1), if it was posted. */
    Optional<GateDecision> readDecision(int n) throws IOException {
        Optional<Properties> read = AtomicFiles.read(decisionsDir().resolve(decisionFile(n)));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Properties d = read.get();
        try {
            return Optional.of(new GateDecision(d.getProperty("gate"), Boolean.parseBoolean(d.getProperty("approved")),
                    d.getProperty("by"), d.getProperty("comment"), Instant.parse(d.getProperty("at"))));
        } catch (RuntimeException e) {
            throw new IOException(decisionsDir().resolve(decisionFile(n)) + " is damaged (" + e + ")", e);
        }
    }

    /** Writes decision number {@code n}; the caller holds the decisions lock and knows {@code n} is free. */
    void writeDecision(int n, GateDecision decision) throws IOException {
        Properties d = new Properties();
        d.setProperty("gate", decision.gate());
        d.setProperty("approved", Boolean.toString(decision.approved()));
        d.setProperty("by", decision.by());
        d.setProperty("comment", decision.comment());
        d.setProperty("at", decision.at().toString());
        AtomicFiles.write(decisionsDir().resolve(decisionFile(n)), d);
    }

    /** How many decisions were posted: they are numbered from 1 without gaps. */
    int countDecisions() throws IOException {
        int n = 0;
        while (Files.exists(decisionsDir().resolve(decisionFile(n + 1)))) {
            n++;
        }
        return n;
    }

    private static String decisionFile(int n) {
        return String.format("%08d.properties", n);
    }
}
