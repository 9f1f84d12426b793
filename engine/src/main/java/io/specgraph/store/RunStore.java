package io.specgraph.store;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.jena.graph.Graph;

/**
 * Where runs live beyond the process that runs them: per run, the spec as loaded, the plan, the journal of the
 * run core's inputs and the PROV-O record; across runs, what history queries need. Three stores keep one
 * contract: {@linkplain #inMemory() in memory} (the default of an embedding host), on disk (Jena TDB2 plus append-only journal files; the CLI's default, {@code .specgraph/}) and a
 * SPARQL 1.1 endpoint such as Apache Jena Fuseki, shared by several machines.
 *
 * <p>Every method is safe to call from any thread, and from several processes at once for the stores that
 * outlive one: a run being written in one process can be listed, queried and decided on (approvals) from
 * another.
 */
public interface RunStore extends AutoCloseable {
    /** A store that lives as long as this object: nothing survives the process. */
    static RunStore inMemory() {
        return new MemoryRunStore();
    }

    /**
     * The store in {@code folder}, shared by every process that names it. The folder is created with the first
     * run; an existing folder must be empty or a store.
     *
     * @throws StoreException when the folder is something else than a run store
     */
    static RunStore onDisk(Path folder) {
        return new DiskRunStore(folder);
    }

    /**
     * The store in the SPARQL 1.1 dataset at {@code url} (such as {@code http://host:3030/runs} of Apache Jena
     * Fuseki), which must answer queries and updates posted to that URL; shared by every machine that names it.
     * Nothing is sent until the store is used.
     *
     * @throws StoreException when {@code url} is not an http(s) URL
     */
    static RunStore remote(URI url) {
        return new RemoteRunStore(url, Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * The store a user named: an {@code http://} or {@code https://} URL is a SPARQL endpoint ({@link #remote}),
     * anything else a folder ({@link #onDisk}).
     */
    static RunStore open(String store) {
        String lower = store.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                return remote(new URI(store));
            } catch (java.net.URISyntaxException e) {
                throw new StoreException(store + " is not a URL (" + e.getReason() + "); give http://host:port/dataset");
            }
        }
        try {
            return onDisk(Path.of(store));
        } catch (java.nio.file.InvalidPathException e) {
            throw new StoreException(store + " is not a folder name (" + e.getReason() + "); give a folder or an http:// URL");
        }
    }

    /** Where the store is, for messages: a folder or an endpoint URL. */
    String location();

    /**
     * Registers a new run and returns the only writer of its journal. The store gives the run a short
     * printable id, unique in the store.
     */
    RunWriter create(NewRun run);

    /**
     * Reopens an unfinished run to continue it.
     *
     * @throws StoreException when the run is unknown, finished, or being written by a live process
     */
    RunWriter reopen(String runId);

    /** The run with this id, or with this unique id prefix. */
    Optional<RunInfo> find(String idOrPrefix);

    /** Every run of the store, most recently started first. */
    List<RunInfo> runs();

    /** The sources and plan a run was registered with. */
    NewRun registration(String runId);

    /** The journal of a run, in the order it was appended. */
    List<String> journal(String runId);

    /** The PROV-O record of a run, as last saved by its writer. */
    Optional<Graph> record(String runId);

    /** Posts a decision on an approval gate of a run, from any process; a live run picks it up. */
    void decide(String runId, GateDecision decision);

    /** The decisions posted to a run, in the order they were posted. */
    List<GateDecision> decisions(String runId);

    /**
     * Answers a read-only SPARQL query over every spec, plan and record of the store, within {@code limit}.
     * SERVICE, FROM and updates are refused.
     */
    QueryAnswer query(String sparql, Duration limit);

    /**
     * Keeps what successful task attempts left, for later runs' up-to-date checks (in one write where the store
     * can). A task may have any number of successes; {@link #lastSuccesses} reads the most recent.
     */
    void keepSuccesses(List<TaskSuccess> successes);

    /**
     * For each of {@code taskIris} that the store holds a success of, the most recent one, in any run. A store that
     * keeps an index of them may bring it up to date meanwhile.
     */
    java.util.Map<String, TaskSuccess> lastSuccesses(java.util.Collection<String> taskIris);

    /**
     * As {@link #lastSuccesses}, writing nothing to the store (an index that is behind is caught up in memory only),
     * for telling what a run would do without running it.
     */
    default java.util.Map<String, TaskSuccess> lastSuccessesReadOnly(java.util.Collection<String> taskIris) {
        return lastSuccesses(taskIris);
    }

    /** Releases what the store holds (files, connections); the store's contents stay. */
    @Override
    void close();
}
