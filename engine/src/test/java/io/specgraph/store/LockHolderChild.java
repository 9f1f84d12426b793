package io.specgraph.store;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The other process of {@link TdbLockRaceTest}: takes the OS lock on a TDB2 lock file and leaves the file
 * empty, as TDB2's {@code ProcessFileLock} has it between taking the lock and writing its process id (it
 * truncates the file first), says so, holds the lock for the given milliseconds, then writes its id and exits.
 */
final class LockHolderChild {
    private LockHolderChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
             FileLock lock = ch.lock()) {
            ch.truncate(0);
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
    }
}
