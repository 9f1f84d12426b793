package io.specgraph.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task successes of a {@link DiskRunStore}: {@code successes/<run id>.jsonl} under the store's folder, one
 * JSON line per success, appended by the run's one writer. One file per run, so that processes running at once
 * never write the same file.
 *
 * <p>Reading the last success of each task does not read every run's file: {@code successes/index.jsonl} holds the
 * last success of every task the files hold, and how far into each file it has read (a first line, {@code
 * {"covered": {"<run id>.jsonl": bytes, …}}}). A read brings it up to date first, reading only the bytes appended
 * since (in practice the file of the run before), and replaces it atomically, one process at a time (a lock file).
 * Without it (a store written before it, or a deleted index) the first read builds it from every file. A line a
 * killed process left half-written, without its line break, is not read until it has one; a line that does not
 * parse is passed over with a warning naming the file and line (the task then just runs again), and a writer that
 * appends to a file ending in a half line ends that line first, so that it does not spoil the next.
 */
final class DiskSuccesses {
    static final String FOLDER = "successes";
    private static final String SUFFIX = ".jsonl";
    static final String INDEX = "index" + SUFFIX;
    private static final String LOCK = ".lock";
    private static final Logger LOG = LoggerFactory.getLogger(DiskSuccesses.class);
    /** Within this process, one updater of an index at a time; the OS lock covers other processes. */
    private static final Map<Path, ReentrantLock> UPDATING = new ConcurrentHashMap<>();

    private final Path folder;

    DiskSuccesses(Path storeRoot) {
        this.folder = storeRoot.resolve(FOLDER);
    }

    void keep(List<TaskSuccess> successes) throws IOException {
        Map<String, StringBuilder> byRun = new HashMap<>();
        for (TaskSuccess s : successes) {
            if (!RunIds.valid(s.runId())) {
                throw new IllegalArgumentException("\"" + s.runId() + "\" is not a run id of this store");
            }
            byRun.computeIfAbsent(s.runId(), k -> new StringBuilder()).append(TaskSuccessLines.encode(s)).append('\n');
        }
        if (byRun.isEmpty()) {
            return;
        }
        Files.createDirectories(folder);
        for (Map.Entry<String, StringBuilder> e : byRun.entrySet()) {
            try (FileChannel ch = FileChannel.open(folder.resolve(e.getKey() + SUFFIX), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                String text = e.getValue().toString();
                if (size > 0 && lastByte(ch, size) != '\n') {
                    text = "\n" + text; // a killed writer of this run (since resumed) left a half line
                }
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), size);
            }
        }
    }

    private static byte lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    /**
     * The last success of each task asked for that the files hold; {@code update}: the index brought up to date on
     * disk when it is behind, else only in memory (nothing written).
     */
    Map<String, TaskSuccess> last(Collection<String> taskIris, boolean update) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Map.of();
        }
        Index index = Index.read(folder.resolve(INDEX));
        Map<String, Long> now = runFiles();
        if (!index.behind(now)) {
            return index.of(taskIris);
        }
        if (!update) {
            index.catchUp(folder, now); // whole lines only, so a writer appending meanwhile does no harm
            return index.of(taskIris);
        }
        ReentrantLock here = UPDATING.computeIfAbsent(folder.toAbsolutePath().normalize(), d -> new ReentrantLock());
        here.lock();
        try (FileChannel ch = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            index = Index.read(folder.resolve(INDEX)); // another process may have brought it up to date meanwhile
            Map<String, Long> files = runFiles();
            if (index.behind(files)) {
                index.catchUp(folder, files);
                AtomicFiles.write(folder.resolve(INDEX), index.text());
            }
            return index.of(taskIris);
        } finally {
            here.unlock();
        }
    }

    /** The run files and their sizes. */
    private Map<String, Long> runFiles() throws IOException {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.equals(INDEX) && !name.startsWith(AtomicFiles.TEMP_PREFIX)) {
                    try {
                        out.put(name, Files.size(file));
                    } catch (NoSuchFileException gone) {
                        // removed while listed: nothing of it to read
                    }
                }
            }
        }
        return out;
    }

    /** The index: the last success per task, and how many bytes of each run file it has read. */
    private static final class Index {
        final Map<String, Long> covered = new TreeMap<>();
        final Map<String, TaskSuccess> latest = new HashMap<>();

        static Index read(Path file) throws IOException {
            Index index = new Index();
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return index;
            }
            try {
                JsonObject head = JSON.parse(lines.get(0)).get("covered").getAsObject();
                for (String name : head.keys()) {
                    index.covered.put(name, head.get(name).getAsNumber().value().longValue());
                }
                for (String line : lines.subList(1, lines.size())) {
                    TaskSuccess s = TaskSuccessLines.decode(line);
                    index.latest.put(s.taskIri(), s);
                }
            } catch (RuntimeException e) {
                // written whole or not at all, so only a hand or a disk can damage it; the run files hold it all
                LOG.warn("{} is damaged ({}); it is built again from the run files", file, e.getMessage());
                return new Index();
            }
            return index;
        }

        /** Whether a run file grew, shrank, appeared or went since the index read it. */
        boolean behind(Map<String, Long> files) {
            if (!files.keySet().containsAll(covered.keySet())) {
                return true;
            }
            for (Map.Entry<String, Long> f : files.entrySet()) {
                if (!f.getValue().equals(covered.getOrDefault(f.getKey(), 0L))) {
                    return true;
                }
            }
            return false;
        }

        /** Reads what the index has not read yet; a file that shrank or went, from scratch with every file. */
        void catchUp(Path folder, Map<String, Long> files) throws IOException {
            boolean lost = !files.keySet().containsAll(covered.keySet());
            for (Map.Entry<String, Long> f : files.entrySet()) {
                lost |= f.getValue() < covered.getOrDefault(f.getKey(), 0L);
            }
            if (lost) {
                covered.clear();
                latest.clear();
            }
            for (String name : new java.util.TreeSet<>(files.keySet())) {
                long from = covered.getOrDefault(name, 0L);
                if (files.get(name) > from) {
                    covered.put(name, from + readFrom(folder.resolve(name), from));
                }
            }
        }

        /** Merges the complete lines of the file after {@code from}; returns how many bytes they took. */
        private long readFrom(Path file, long from) throws IOException {
            byte[] bytes;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, ch.size() - from));
                while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
                    // read on
                }
                bytes = buf.array();
            }
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a line still being written, or cut short by a killed writer: read once it is whole
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            long lineNumber = from == 0 ? 1 : -1;
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    try {
                        TaskSuccess s = TaskSuccessLines.decode(line);
                        latest.merge(s.taskIri(), s, (was, now) -> now.laterThan(was) ? now : was);
                    } catch (IllegalArgumentException e) {
                        LOG.warn("{}{}: not a kept task success, passed over (the task runs again when it is next checked): {}",
                                file, lineNumber > 0 ? ":" + lineNumber : " after byte " + from, e.getMessage());
                    }
                }
                if (lineNumber > 0) {
                    lineNumber++;
                }
            }
            return end;
        }

        Map<String, TaskSuccess> of(Collection<String> taskIris) {
            Map<String, TaskSuccess> out = new HashMap<>();
            for (String iri : taskIris) {
                TaskSuccess s = latest.get(iri);
                if (s != null) {
                    out.put(iri, s);
                }
            }
            return out;
        }

        String text() {
            JsonObject files = new JsonObject();
            covered.forEach(files::put);
            JsonObject head = new JsonObject();
            head.put("covered", files);
            StringBuilder out = new StringBuilder(JSON.toStringFlat(head)).append('\n');
            new TreeMap<>(latest).values().forEach(s -> out.append(TaskSuccessLines.encode(s)).append('\n'));
            return out.toString();
        }
    }
}
