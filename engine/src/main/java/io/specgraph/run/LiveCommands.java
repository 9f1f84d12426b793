package io.specgraph.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The commands running in this JVM, and the shutdown hook that kills their processes when it ends (SIGTERM,
 * Ctrl-C, {@code System.exit}) so that no command is orphaned. The hook is installed while at least one
 * command runs and removed when none does, so an embedding program is left with no hook between runs. A JVM
 * killed with SIGKILL runs no hook: its commands keep running.
 */
final class LiveCommands {
    /**
     * How long the hook lets the commands end on their own first: a host that cancels its run in its own hook
     * (the CLI does) then sees its tasks end cancelled rather than failed by a kill from here.
     */
    private static final long COOPERATION_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final Set<CommandProcesses> live = new LinkedHashSet<>();
    private static Thread hook;
    private static boolean shuttingDown;

    private LiveCommands() {}

    /** Watches a command about to start; false when the JVM is shutting down and it must not start. */
    static synchronized boolean add(CommandProcesses command) {
        if (shuttingDown) {
            return false;
        }
        if (hook == null) {
            Thread cleanup = Thread.ofPlatform().name("specgraph-command-cleanup").unstarted(LiveCommands::shutdown);
            try {
                Runtime.getRuntime().addShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                shuttingDown = true; // too late for a hook, and so for a command
                return false;
            }
            hook = cleanup;
        }
        live.add(command);
        return true;
    }

    /** Stops watching a command whose processes are gone. */
    static synchronized void remove(CommandProcesses command) {
        live.remove(command);
        if (live.isEmpty() && hook != null && !shuttingDown) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return; // the JVM began shutting down meanwhile: the hook runs and finds nothing to do
            }
            hook = null;
        }
    }

    /** Whether the shutdown hook is installed (for tests: it must not outlive the commands). */
    static synchronized boolean hookInstalled() {
        return hook != null;
    }

    private static void shutdown() {
        synchronized (LiveCommands.class) {
            shuttingDown = true;
        }
        long deadline = System.nanoTime() + COOPERATION_NANOS;
        while (System.nanoTime() - deadline < 0 && !snapshot().isEmpty()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                break;
            }
        }
        for (CommandProcesses command : snapshot()) {
            command.kill();
        }
    }

    private static synchronized List<CommandProcesses> snapshot() {
        return new ArrayList<>(live);
    }
}
