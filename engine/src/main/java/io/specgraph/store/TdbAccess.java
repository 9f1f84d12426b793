package io.specgraph.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
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
import org.apache.jena.dboe.base.file.ChannelManager;
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
 * {@code specgraph runs} or {@code approve} in another process out for the whole run.
 *
 * <p>Processes take turns through a lock of their own, {@code tdb2.lock} beside the database, waiting for it up
 * to {@link #PATIENCE}, and only then open the database: TDB2's own lock cannot be waited for safely. When
 * its lock is held, TDB2 reads the holder's process id from the lock file to name it, and a holder that has just
 * taken the lock has emptied the file and not yet written its id: the read finds the end of the file and TDB2
 * fails with {@code NegativeArraySizeException: -1} (Jena 6.0.0, {@code ProcessFileLock.readProcessId}), which
 * is no damage at all. That is what the crash test met as "cannot be read: -1". A process that does not take
 * turns (a Fuseki server on the folder) can still cause it, so it is taken for "busy" too.
 */
final class TdbAccess {
    /** How long to wait for another process to release the database. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    /** Within this process, one transaction at a time per database folder: TDB2 connections are per process. */
    private static final Map<Path, ReentrantLock> HERE = new ConcurrentHashMap<>();

    private final Path folder;
    private final String store;
    private final Duration patience;

    /**
     * @param folder the database folder (created on first use)
     * @param store  the store, for messages
     */
    TdbAccess(Path folder, String store, Duration patience) {
        // no Location yet: creating one makes the folder, and the store checks its folder's layout first
        this.folder = folder.toAbsolutePath().normalize();
        this.store = store;
        this.patience = patience;
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
        try (FileChannel turn = FileChannel.open(folder.resolveSibling(folder.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = takeTurn(turn)) {
            DatasetGraph data = connect();
            try {
                return type == TxnType.WRITE ? Txn.calculateWrite(data, () -> work.apply(data))
                        : Txn.calculateRead(data, () -> work.apply(data));
            } catch (TDBException e) {
                throw damaged(e);
            } finally {
                TDBInternal.expel(data);
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the database of the run store " + store + " (" + folder + "): " + e.getMessage(), e);
        } finally {
            here.unlock();
        }
    }

    /** Waits for this process's turn on the database, up to the patience. */
    private FileLock takeTurn(FileChannel turn) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 10;
        while (true) {
            FileLock lock = turn.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw busy("another process has used it for more than " + patience.toSeconds() + " s", null);
            }
            sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }

    private StoreException busy(String why, RuntimeException e) {
        return new StoreException("the run store " + store + " is busy: " + why + " (its database " + folder + ")"
                + (e == null ? "" : ": " + e.getMessage()) + "; try again when it is done", e);
    }

    /**
     * True when {@code e} is TDB2 failing to name the process that holds its lock (see the class comment): the
     * database is being opened by another process, not damaged.
     */
    static boolean lockHolderUnnamed(RuntimeException e) {
        if (!(e instanceof NegativeArraySizeException)) {
            return false;
        }
        for (StackTraceElement at : e.getStackTrace()) {
            if (at.getClassName().equals(ProcessFileLock.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private DatasetGraph connect() {
        Location location = Location.create(folder);
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 10;
        while (true) {
            try {
                return DatabaseMgr.connectDatasetGraph(location);
            } catch (DBOpEnvException e) {
                releaseLeftovers();
                if (!String.valueOf(e.getMessage()).startsWith("Failed to get a lock")) {
                    throw damaged(e);
                }
                if (System.nanoTime() > deadline) {
                    throw busy("a process that does not take turns (a server?) has held it for more than " + patience.toSeconds() + " s", e);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 200);
            } catch (RuntimeException e) {
                releaseLeftovers();
                if (!lockHolderUnnamed(e)) {
                    throw damaged(e);
                }
                if (System.nanoTime() > deadline) {
                    throw busy("a process that does not take turns (a server?) has held it for more than " + patience.toSeconds() + " s", e);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 200);
            }
        }
    }

    /**
     * TDB2 locks the database folder, then its storage folder ({@code Data-NNNN}), then opens its files; when a
     * later step fails, the locks already taken stay taken by this process and the files opened stay open (in
     * Jena's process-wide {@code ChannelManager}), and every retry, or a database built again in their place,
     * would fail on them ("Already open"). This process holds no connection to the folder when it connects (see
     * {@link #HERE}), so a lock it holds or a file it has open then is such a leftover.
     */
    private void releaseLeftovers() {
        ChannelManager.releaseAll(folder.toString());
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
                + e.getClass().getSimpleName() + " " + e.getMessage() + (at.length > 0 ? " at " + at[0] : "")
                + "; it only indexes the run folders for history queries, and nothing is lost: remove the folder " + folder
                + " and the next query builds it again from " + folder.resolveSibling("runs"), e);
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
