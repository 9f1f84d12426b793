package io.specgraph.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task successes of a {@link DiskRunStore}: {@code successes/<run id>.jsonl} under the store's folder, one
 * JSON line per success, appended by the run's one writer. One file per run, so that processes running at once
 * never write the same file; a line a killed process left half-written does not parse and is passed over (the
 * task then just runs again).
 */
final class DiskSuccesses {
    static final String FOLDER = "successes";
    private static final String SUFFIX = ".jsonl";

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
            Files.write(folder.resolve(e.getKey() + SUFFIX), e.getValue().toString().getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
    }

    Map<String, TaskSuccess> last(Collection<String> taskIris) throws IOException {
        Set<String> wanted = new HashSet<>(taskIris);
        Map<String, TaskSuccess> out = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    TaskSuccess s;
                    try {
                        s = TaskSuccessLines.decode(line);
                    } catch (IllegalArgumentException e) {
                        continue; // cut short by a killed writer: that success is as good as not kept
                    }
                    if (wanted.contains(s.taskIri())) {
                        out.merge(s.taskIri(), s, (was, now) -> now.laterThan(was) ? now : was);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }
}
