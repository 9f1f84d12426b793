package io.specgraph.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Which runs of a disk store are live: a writer holds an OS lock on its run's lock file as long as it is open,
 * so that the lock is free the moment its process dies, however it dies.
 *
 * <p>OS file locks belong to the process, and on Linux closing any channel of a file drops every lock the
 * process holds on it; so this process never probes a lock file it holds, it remembers which ones it holds.
 */
final class LiveLocks {
    private static final Set<Path> HELD_HERE = new HashSet<>();

    private LiveLocks() {}

    /** A lock held by a writer of this process. */
    static final class Held implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        private Held(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            synchronized (LiveLocks.class) {
                try {
                    lock.release();
                    channel.close();
                } finally {
                    HELD_HERE.remove(file);
                }
            }
        }
    }

    /** Takes the lock on {@code file}, or returns null when a writer of this or another process holds it. */
    static synchronized Held acquire(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (HELD_HERE.contains(key)) {
            return null;
        }
        FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        HELD_HERE.add(key);
        return new Held(key, channel, lock);
    }

    /** True when a writer of this or another process holds the lock on {@code file}. */
    static synchronized boolean held(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (HELD_HERE.contains(key)) {
            return true;
        }
        if (!Files.exists(key)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(key, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
