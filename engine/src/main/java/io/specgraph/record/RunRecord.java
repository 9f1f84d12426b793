package io.specgraph.record;

import io.specgraph.internal.PackageAccess;
import io.specgraph.internal.Recorder;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.graph.GraphReadOnly;

/**
 * What happened in a run, as PROV-O RDF: the {@code sg:Run} activity, one {@code sg:TaskAttempt}
 * ({@code prov:Activity}) per task attempt with its start and end times, state, agent and reason, every
 * {@code sg:Measurement}, and every {@code sg:GateEvaluation}, each also typed with its PROV class (so that PROV
 * tools without RDFS reasoning read it). Kept in memory; gates' SPARQL conditions
 * query it together with the spec, and hosts can query it with Jena or export it as Turtle.
 *
 * <p>The record is complete once the run has finished; reading it while the run is going is only safe
 * from a {@link io.specgraph.run.GatePredicate} or a listener (the engine's scheduling thread).
 */
public final class RunRecord {
    static {
        // the run and the store write records through this door; the classes behind it are not API
        PackageAccess.install(new PackageAccess.Recording() {
            @Override
            public Recorder open(String runIri) {
                return new RunRecorder(runIri);
            }

            @Override
            public void writeFacts(RunRecord record, OutputStream out) throws IOException {
                RecordFacts.write(record, out);
            }

            @Override
            public void readFacts(InputStream in, Graph into) throws IOException {
                RecordFacts.read(in, into);
            }
        });
    }

    /** Adds to a graph the triples of what was recorded from a position on; returns the position reached. */
    @FunctionalInterface
    interface Source {
        int addTo(Graph graph, int from);
    }

    private final String runIri;
    private final Source source;
    private final RunRecorder recorder;
    private final Graph graph = GraphMemFactory.createDefaultGraph();
    private final Graph readOnly = new GraphReadOnly(graph);
    private int materialized;

    RunRecord(String runIri, Source source, RunRecorder recorder) {
        this.runIri = runIri;
        this.source = source;
        this.recorder = recorder;
    }

    /** What writes the record: its facts, for {@link RecordFacts}. */
    RunRecorder recorder() {
        return recorder;
    }

    /** The IRI of the {@code sg:Run}. */
    public String runIri() {
        return runIri;
    }

    /**
     * The record as a read-only graph. Its triples are made the first time it is read, and brought up to date
     * on every later read while the run is going.
     */
    public synchronized Graph graph() {
        materialized = source.addTo(graph, materialized);
        return readOnly;
    }

    /** The number of triples recorded. */
    public int size() {
        return graph().size();
    }

    /** Writes the record as Turtle. */
    public void writeTurtle(OutputStream out) {
        RDFDataMgr.write(out, graph(), Lang.TURTLE);
    }

    /**
     * Writes the record as Turtle to a file, replacing it; creates missing parent folders. The record is
     * written to a temporary file beside it first and then moved over it, so a reader (or a crash) sees the
     * old file or the whole new one, never a torn one.
     */
    public void writeTurtle(Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            // not createTempFile, which makes the file owner-only: the record keeps what the umask or the file
            // it replaces gives it
            temporary = Files.createFile(target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp"));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                writeTurtle(out);
            }
            try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                written.force(true); // on disk before the rename makes it visible: a crash leaves old or new
            }
            if (Files.exists(target) && Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run record to " + file + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a hidden stray .tmp file; the target is the old or the whole new record either way
                }
            }
        }
    }
}
