package io.specgraph.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file a command will write when it is done (a run record, a plan), claimed before the work starts so
 * that an unwritable path is refused before anything runs, and written whole or not at all.
 *
 * <p>Claiming creates the temporary file the output will be written to, beside the target (so that the
 * final rename stays on one file system and is atomic), and takes an exclusive lock on a hidden
 * {@code .NAME.lock} file beside it, held until the output is written: a second specgraph command that
 * would write the same file is refused at its start instead of overwriting the first one's output
 * afterwards, so the message "written to FILE" is never a claim another run silently undid. Readers see
 * the old file or the new one, never a torn one. The lock is the operating system's, so a crashed command
 * leaves no lock behind (at most the empty lock file, reused by the next command).
 */
final class OutputFile implements AutoCloseable {
    /** The output could not be claimed or written; the message says why and what to do. */
    static final class OutputException extends Exception {
        OutputException(String message) {
            super(message);
        }
    }

    /** What writes the output's content. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path target;
    private final Path temporary;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean committed;

    private OutputFile(Path target, Path temporary, Path lockFile, FileChannel lockChannel, FileLock lock) {
        this.target = target;
        this.temporary = temporary;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Claims the file: checks that it can be written (creating missing parent folders) and that no other
     * specgraph command is about to write it.
     *
     * @param option the option that named the file, for messages ({@code --record})
     */
    static OutputFile claim(Path file, String option) throws OutputException {
        Path target = file.toAbsolutePath().normalize();
        Path name = target.getFileName();
        if (name == null) {
            throw new OutputException(option + " " + file + " names no file");
        }
        if (Files.isDirectory(target)) {
            throw new OutputException(option + " " + file + " is a folder; give the path of a file to write");
        }
        Path folder = target.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new OutputException("cannot create the folder of " + option + " " + file + ": " + reason(e));
        }
        Path lockFile = folder.resolve("." + name + ".lock");
        Lock lock = null;
        try {
            lock = lock(lockFile);
            if (lock == null) {
                throw new OutputException(option + " " + file + " is being written by another specgraph command that"
                        + " is still running; wait for it to finish or write to another file");
            }
            // not createTempFile: that makes the file owner-only, and the output would lose the permissions the
            // user's umask (or the file it replaces) gives it
            Path temporary = Files.createFile(folder.resolve("." + name + "." + java.util.UUID.randomUUID() + ".tmp"));
            return new OutputFile(target, temporary, lockFile, lock.channel(), lock.lock());
        } catch (IOException e) {
            if (lock != null) {
                closeQuietly(lock.channel());
            }
            throw new OutputException("cannot write " + option + " " + file + ": " + reason(e));
        }
    }

    private record Lock(FileChannel channel, FileLock lock) {}

    /**
     * Locks the lock file, or returns null when another command holds it. The holder deletes the file when
     * it is done, so a lock is only good if, once taken, the path still names the file that was locked;
     * otherwise the attempt is repeated on the file now there.
     */
    private static Lock lock(Path lockFile) throws IOException {
        while (true) {
            Object before = inode(lockFile);
            if (before == null) {
                try {
                    Files.createFile(lockFile);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another command created it first: lock that one
                }
                continue;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            } catch (NoSuchFileException deleted) {
                continue;
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already holds it: another command embedded in the same process
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            if (before.equals(inode(lockFile))) {
                return new Lock(channel, lock);
            }
            channel.close(); // we locked a file its holder had just deleted: try the one there now
        }
    }

    /** The file's identity (its inode where the platform has one); null when there is no such file. */
    private static Object inode(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key != null ? key : file; // no identity on this platform: trust the path
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Writes the content to the temporary file and moves it over the target in one step. */
    void write(Content content) throws OutputException {
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                content.writeTo(out);
            }
            keepPermissions(target, temporary);
            try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                written.force(true); // on disk before the rename makes it visible: a crash leaves old or new
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException | RuntimeException e) {
            throw new OutputException("could not write " + target + ": " + reason(e) + "; the previous content, if any, is unchanged");
        }
    }

    /** A file replaced keeps its permissions (a record shared with CI stays readable by it). */
    private static void keepPermissions(Path target, Path temporary) throws IOException {
        if (Files.exists(target) && Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
        }
    }

    /** Removes the temporary file if nothing was written, and releases the claim. */
    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a stray hidden .tmp file is harmless; the target is untouched either way
            }
        }
        try {
            Files.deleteIfExists(lockFile); // while still locked: the next claimant creates a fresh one
            lock.release();
        } catch (IOException ignored) {
            // released when the channel closes
        }
        closeQuietly(lockChannel);
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
