package io.specgraph.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Every process one attempt of a command started, so that none outlives the attempt: when it ends (success,
 * failure, timeout, cancellation) or the JVM shuts down, {@link #end()} stops them: SIGTERM first, SIGKILL
 * for what is left after a short grace.
 *
 * <p>{@link Process#descendants()} is not enough: a daemon that forks twice is re-parented to init and no
 * longer descends from the shell, nor does a background job once the shell has exited. So on Linux, the shell
 * runs in a session of its own ({@code setsid}, when installed), and every process it starts inherits the
 * variable {@value #MARKER}, unique to the attempt. The sweep reads {@code /proc} and kills, until none is
 * left, every process of that session and every process whose environment carries the marker, among those
 * started after the shell. A process that both leaves the session and clears its environment is not found;
 * nor is anything on other systems than Linux, where only the shell and its descendants are killed.
 */
final class CommandProcesses {
    /** The environment variable that tags every process of an attempt. */
    static final String MARKER = "SPECGRAPH_ATTEMPT_ID";
    /** True where processes can be found through {@code /proc}. */
    static final boolean PROC = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
            && Files.isReadable(Path.of("/proc/self/stat"));
    /** util-linux's {@code setsid}, when installed (on Linux only: the sweep is what uses the session). */
    static final Optional<Path> SETSID = PROC
            ? Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of).filter(Files::isExecutable).findFirst()
            : Optional.empty();
    /** How long the processes found have, after SIGTERM, to end on their own before they are killed. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a sweep keeps killing, after the grace, before it gives up and reports what is left. */
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SELF = ProcessHandle.current().pid();

    /** A lock rather than synchronized: the handler runs on a virtual thread, which must not pin its carrier while it sweeps. */
    private final ReentrantLock lock = new ReentrantLock();
    private final String id = UUID.randomUUID().toString();
    private final byte[] tag = (MARKER + "=" + id).getBytes(StandardCharsets.UTF_8);
    private Process process;
    /** The shell's start time in clock ticks since boot (from /proc), or -1 when it could not be read. */
    private long shellStart = -1;

    /** The command line that runs {@code command} with {@code shell}, in a session of its own where possible. */
    static List<String> commandLine(List<String> shell) {
        List<String> line = new ArrayList<>();
        SETSID.ifPresent(s -> line.add(s.toString()));
        line.addAll(shell);
        return line;
    }

    /**
     * Starts the process, tagged with this attempt's marker.
     *
     * @throws IOException when it cannot be started, or the JVM is shutting down
     */
    Process start(ProcessBuilder builder) throws IOException {
        builder.environment().put(MARKER, id);
        lock.lock();
        try {
            if (!LiveCommands.add(this)) {
                throw new IOException("not started: the Java process is shutting down");
            }
            try {
                process = builder.start();
            } catch (IOException | RuntimeException e) {
                LiveCommands.remove(this);
                throw e;
            }
            if (PROC) {
                Stat stat = Stat.of(process.pid());
                shellStart = stat != null ? stat.start() : -1;
            }
            return process;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kills every process of the attempt still running, and stops watching it.
     *
     * @return the processes that could not be killed within the sweep's time (normally none)
     */
    List<Long> end() {
        try {
            return kill();
        } finally {
            LiveCommands.remove(this);
        }
    }

    /**
     * Kills every process of the attempt still running; the pids of those still alive after the sweep.
     *
     * <p>Those found are first sent SIGTERM and given 200 ms to end, so that a command can
     * clean up (a trap, a nested {@code specgraph run} whose hook stops its own commands); whatever is left
     * then, and whatever appeared meanwhile (a cleanup that hangs, say), gets SIGKILL until none is left.
     */
    List<Long> kill() {
        // an interrupt (a cancelled run) must not cut the sweep short, nor make its pauses spin: it is restored afterwards
        boolean interrupted = Thread.interrupted();
        lock.lock();
        try {
            if (process == null) {
                return List.of();
            }
            List<ProcessHandle> found = find();
            if (found.isEmpty()) {
                return List.of();
            }
            found.forEach(ProcessHandle::destroy);
            long graceEnd = System.nanoTime() + GRACE_NANOS;
            while (System.nanoTime() - graceEnd < 0) {
                interrupted |= Thread.interrupted();
                LockSupport.parkNanos(POLL_NANOS);
                found = find();
                if (found.isEmpty()) {
                    return List.of();
                }
            }
            long deadline = System.nanoTime() + SWEEP_NANOS;
            while (true) {
                if (System.nanoTime() - deadline > 0) {
                    return found.stream().map(ProcessHandle::pid).toList();
                }
                found.forEach(ProcessHandle::destroyForcibly);
                interrupted |= Thread.interrupted();
                LockSupport.parkNanos(POLL_NANOS);
                found = find();
                if (found.isEmpty()) {
                    return List.of();
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The attempt's processes still running. */
    private List<ProcessHandle> find() {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        found.add(process.toHandle());
        process.descendants().forEach(found::add);
        found.removeIf(h -> !alive(h));
        if (!PROC) {
            return new ArrayList<>(found);
        }
        long pid = process.pid();
        // a later process with the shell's pid as its session id can only be of that session if the shell ran
        // setsid and its start time is known: a reused pid is older than nothing in the session
        boolean bySession = SETSID.isPresent() && shellStart >= 0;
        long since = shellStart >= 0 ? shellStart : 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), p -> isNumber(p.getFileName().toString()))) {
            for (Path entry : entries) {
                long other = Long.parseLong(entry.getFileName().toString());
                if (other == SELF) {
                    continue;
                }
                Stat stat = Stat.of(other);
                if (stat == null || !stat.running() || stat.start() < since) {
                    continue;
                }
                if (bySession && stat.session() == pid || carriesMarker(entry)) {
                    ProcessHandle.of(other).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            // /proc vanished or cannot be listed: what descendants() found is all that can be done
        }
        return new ArrayList<>(found);
    }

    /**
     * Whether a process still runs: the handle's own check (which knows a reused pid from the process it
     * named) and, on Linux, not a zombie (dead, only not yet collected by its parent).
     */
    private static boolean alive(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        Stat stat = PROC ? Stat.of(h.pid()) : null;
        return !PROC || stat != null && stat.running();
    }

    private boolean carriesMarker(Path proc) {
        try {
            byte[] environ = Files.readAllBytes(proc.resolve("environ"));
            return indexOf(environ, tag) >= 0;
        } catch (IOException e) {
            return false; // gone, or another user's
        }
    }

    /** Where {@code part} first occurs in {@code whole} as a whole NUL-separated entry, or -1. */
    static int indexOf(byte[] whole, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= whole.length; i++) {
            if (i > 0 && whole[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < part.length; j++) {
                if (whole[i + j] != part[j]) {
                    continue outer;
                }
            }
            if (i + part.length == whole.length || whole[i + part.length] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** What {@code /proc/<pid>/stat} says about a process: its state, session and start time (clock ticks since boot). */
    record Stat(char state, long session, long start) {
        /** The stat of process {@code pid}, or null when it is gone or cannot be read. */
        static Stat of(long pid) {
            try {
                String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
                // the command name, in parentheses, may hold spaces and parentheses: the fields start after the last ')'
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                return new Stat(fields[0].charAt(0), Long.parseLong(fields[3]), Long.parseLong(fields[19]));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** False for a zombie (dead, waiting for its parent to collect it) and a dead process. */
        boolean running() {
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }
}
