package io.specgraph.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.dboe.DBOpEnvException;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.dboe.base.file.ProcessFileLock;
import org.apache.jena.dboe.sys.Names;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDBException;
import org.apache.jena.tdb2.sys.DatabaseConnection;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * One transaction at a time on a store's TDB2 database, which is opened for the transaction and released after
 * it. TDB2 locks its folder for the process that opens it; holding it for the life of a store would keep
 * {@code specgraph runs} or {@code approve} in another process out for the whole run. A process that finds it
 * locked by another retries for {@link #PATIENCE}.
 */
final class TdbAccess {
    /** How long to wait for another process to release the database. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    /** Within this process, one transaction at a time per database folder: TDB2 connections are per process. */
    private static final Map<Path, ReentrantLock> HERE = new ConcurrentHashMap<>();

    private final Path folder;
    private final String store;

    /**
     * @param folder the database folder (created on first use)
     * @param store  the store, for messages
     */
    TdbAccess(Path folder, String store) {
        // no Location yet: creating one makes the folder, and the store checks its folder's layout first
        this.folder = folder.toAbsolutePath().normalize();
        this.store = store;
    }

    /** Runs {@code work} in a write transaction, committed when it returns. */
    void write(Consumer<DatasetGraph> work) {
        transaction(TxnType.WRITE, data -> {
            work.accept(data);
            return null;
        });
    }

    /** Runs {@code read} in a read transaction; what it returns must not refer to the database. */
    <T> T read(Function<DatasetGraph, T> read) {
        return transaction(TxnType.READ, read);
    }

    private <T> T transaction(TxnType type, Function<DatasetGraph, T> work) {
        ReentrantLock here = HERE.computeIfAbsent(folder, f -> new ReentrantLock());
        here.lock();
        try {
            DatasetGraph data = connect();
            try {
                return type == TxnType.WRITE ? Txn.calculateWrite(data, () -> work.apply(data))
                        : Txn.calculateRead(data, () -> work.apply(data));
            } catch (TDBException e) {
                throw damaged(e);
            } finally {
                TDBInternal.expel(data);
            }
        } finally {
            here.unlock();
        }
    }

    private DatasetGraph connect() {
        Location location = Location.create(folder);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pause = 10;
        while (true) {
            try {
                return DatabaseMgr.connectDatasetGraph(location);
            } catch (DBOpEnvException e) {
                releaseLeftoverLocks();
                if (!String.valueOf(e.getMessage()).startsWith("Failed to get a lock")) {
                    throw damaged(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("the run store " + store + " is busy: another process has held its database ("
                            + folder + ") for more than " + PATIENCE.toSeconds() + " s (" + e.getMessage()
                            + "); try again when it is done", e);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 200);
            } catch (RuntimeException e) {
                releaseLeftoverLocks();
                // another process may be recovering the database after a crash (TDB2 replays its journal when it
                // opens): what cannot be read now may be readable in a moment; only a lasting failure is damage
                if (System.nanoTime() > deadline) {
                    throw damaged(e);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 200);
            }
        }
    }

    /**
     * TDB2 locks the database folder, then its storage folder ({@code Data-NNNN}), then reads them; when a later
     * step fails, the locks already taken stay taken by this process, and every retry would fail on them. This
     * process holds no connection to the folder when it connects (see {@link #HERE}), so a lock it holds then
     * is such a leftover.
     */
    private void releaseLeftoverLocks() {
        List<Path> folders = new ArrayList<>(List.of(folder));
        try (DirectoryStream<Path> data = Files.newDirectoryStream(folder, "Data-*")) {
            data.forEach(folders::add);
        } catch (IOException e) {
            // no storage folder to look at
        }
        for (Path f : folders) {
            if (Files.exists(f.resolve(Names.TDB_LOCK_FILE))) {
                ProcessFileLock lock = DatabaseConnection.lockForLocation(Location.create(f));
                if (lock.isLockedHere()) {
                    lock.unlock();
                    ProcessFileLock.release(lock);
                }
            }
        }
    }

    private StoreException damaged(RuntimeException e) {
        StackTraceElement[] at = e.getStackTrace();
        return new StoreException("the TDB2 database of the run store " + store + " (" + folder + ") cannot be read: "
                + e.getClass().getSimpleName() + " " + e.getMessage() + (at.length > 0 ? " at " + at[0] : "") + "; restore the folder from a backup, or move the store away and start with an empty "
                + "one (each run's journal stays readable in its runs/ folder)", e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the run store's database", e);
        }
    }
}
