package io.specgraph.cli;

import io.specgraph.store.RunStore;
import io.specgraph.store.StoreException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --store}: where runs are kept, shared by every command that reads or writes runs. */
final class StoreOption {
    /** The environment variable that sets the default store. */
    static final String ENV = "SPECGRAPH_STORE";
    /** The default store: a folder in the current directory, as Gradle and Nextflow keep theirs. */
    static final String DEFAULT = ".specgraph";
    /** The value that keeps nothing. */
    static final String NONE = "none";

    @Option(names = "--store", paramLabel = "DIR|URL|none",
            description = "Where runs are kept: a folder (default: .specgraph in the current folder, or $SPECGRAPH_STORE),"
                    + " the URL of a SPARQL 1.1 endpoint shared by several machines (a Fuseki dataset), or none.")
    String store;

    /** The store as given, or the default. */
    String location() {
        if (store != null && !store.isBlank()) {
            return store.trim();
        }
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? env.trim() : DEFAULT;
    }

    boolean none() {
        return NONE.equalsIgnoreCase(location());
    }

    /** Opens the store, or says on {@code err} why it cannot; empty then. */
    Optional<RunStore> open(PrintWriter err) {
        if (none()) {
            err.println("specgraph: --store none keeps no runs; give a folder or an endpoint URL");
            return Optional.empty();
        }
        try {
            return Optional.of(RunStore.open(location()));
        } catch (StoreException e) {
            err.println("specgraph: " + e.getMessage());
            return Optional.empty();
        }
    }
}
