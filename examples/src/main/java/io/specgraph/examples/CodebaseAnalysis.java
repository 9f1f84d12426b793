package io.specgraph.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small but real analysis of a source folder: what the {@code analyse-codebase} task of
 * {@code specs/review-all} computes once and shares with the five reviewers through the run's context
 * store. Every reviewer's finding is derived from these figures alone, which is the point of the spec:
 * the folder is read once, not once per review.
 *
 * @param root                    the folder analysed
 * @param files                   regular files found (hidden entries and {@code target} folders excluded)
 * @param lines                   lines of the text files
 * @param filesByExtension        file count per extension ({@code ""} for none), by name
 * @param javaFiles               {@code .java} files
 * @param javaFilesWithoutJavadoc {@code .java} files with no {@code /**} comment at all
 * @param packages                Java file count per declared package, by name
 * @param largestFile             the text file with the most lines, relative to {@code root}; null when none
 * @param largestFileLines        its line count
 * @param filesOver500Lines       text files longer than 500 lines
 * @param markers                 for each of {@link #MARKERS}, how many lines contain it
 * @param analysedAt              when the analysis finished; the analysis gate checks its age against the
 *                                context entry's TTL
 */
public record CodebaseAnalysis(Path root, int files, long lines, Map<String, Integer> filesByExtension, int javaFiles,
                               int javaFilesWithoutJavadoc, Map<String, Integer> packages, Path largestFile,
                               long largestFileLines, int filesOver500Lines, Map<String, Integer> markers,
                               Instant analysedAt) {
    /**
     * The substrings counted per line. Each reviewer looks at a few of them: a line count is cheap, needs
     * no parser, and is still a real figure about the code.
     */
    public static final List<String> MARKERS = List.of(
            "TODO", "FIXME", "catch (Exception", "catch (Throwable",            // best practices
            "synchronized", "Thread.sleep", "new Thread(",                        // performance
            "ProcessBuilder", "Runtime.getRuntime().exec", "setAccessible(true)"); // security

    public CodebaseAnalysis {
        // sorted and read-only copies: printed in a stable order, and a record shared between threads must not change
        filesByExtension = Collections.unmodifiableSortedMap(new TreeMap<>(filesByExtension));
        packages = Collections.unmodifiableSortedMap(new TreeMap<>(packages));
        markers = Collections.unmodifiableMap(new LinkedHashMap<>(markers));
    }

    /** How many lines contain {@code marker}, one of {@link #MARKERS}. */
    public int marker(String marker) {
        Integer n = markers.get(marker);
        if (n == null) {
            throw new IllegalArgumentException("not a counted marker: " + marker + "; counted: " + MARKERS);
        }
        return n;
    }

    /** The package with the most Java files, or null when there is no Java file. */
    public String largestPackage() {
        return packages.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    /**
     * Walks {@code root} and counts. Hidden entries and {@code target} folders are skipped, so pointing it at
     * a whole checkout does not count build output or {@code .git}. A file that is not UTF-8 counts as a
     * file but not for lines: the reviews are about source text.
     *
     * @throws UncheckedIOException when the folder cannot be walked
     */
    public static CodebaseAnalysis of(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a folder");
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(root) && (name.startsWith(".") || name.equals("target"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + root + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.naturalOrder()); // a stable order makes ties (largest file) deterministic

        long lines = 0;
        Map<String, Integer> byExtension = new TreeMap<>();
        Map<String, Integer> packages = new TreeMap<>();
        Map<String, Integer> markers = new LinkedHashMap<>();
        MARKERS.forEach(m -> markers.put(m, 0));
        int javaFiles = 0;
        int withoutJavadoc = 0;
        Path largest = null;
        long largestLines = -1;
        int over500 = 0;
        for (Path file : found) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            byExtension.merge(dot > 0 ? name.substring(dot + 1) : "", 1, Integer::sum);
            List<String> text;
            try {
                text = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                continue; // binary or another encoding: a file, but no source lines to review
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            lines += text.size();
            if (text.size() > largestLines) {
                largest = root.relativize(file);
                largestLines = text.size();
            }
            if (text.size() > 500) {
                over500++;
            }
            for (String line : text) {
                for (String m : MARKERS) {
                    if (line.contains(m)) {
                        markers.merge(m, 1, Integer::sum);
                    }
                }
            }
            if (name.endsWith(".java")) {
                javaFiles++;
                if (text.stream().noneMatch(l -> l.contains("/**"))) {
                    withoutJavadoc++;
                }
                packages.merge(packageOf(text), 1, Integer::sum);
            }
        }
        return new CodebaseAnalysis(root, found.size(), lines, byExtension, javaFiles, withoutJavadoc, packages,
                largest, Math.max(largestLines, 0), over500, markers, Instant.now());
    }

    /** The declared package, from the first line that starts with {@code package}; "(default)" when none. */
    private static String packageOf(List<String> text) {
        for (String line : text) {
            String t = line.strip();
            if (t.startsWith("package ") && t.endsWith(";")) {
                return t.substring("package ".length(), t.length() - 1).strip();
            }
        }
        return "(default)";
    }
}
