package io.specgraph.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns the files and folders given to a loader into the Turtle files to read, by the folder rule of
 * {@link SpecLoader}, and says what it did not read and why: sub-folders of a flat load, symbolic links
 * to folders (never followed, so a spec folder from elsewhere cannot make the loader walk the host's disk,
 * and a link loop cannot trap it), dangling links and files that are not regular files.
 */
final class SourceFiles {
    private final boolean recursive;
    private final List<Path> files = new ArrayList<>();
    private final List<LoadProblem> problems;
    private final List<LoadWarning> warnings;

    SourceFiles(boolean recursive, List<LoadProblem> problems, List<LoadWarning> warnings) {
        this.recursive = recursive;
        this.problems = problems;
        this.warnings = warnings;
    }

    /** The files found so far, in the order to read them. */
    List<Path> files() {
        return files;
    }

    /** Adds a file, or the Turtle files of a folder; a link given explicitly is followed (the user chose it). */
    void add(Path path) {
        String name = path.toString();
        if (Files.isRegularFile(path)) {
            files.add(path);
        } else if (Files.isDirectory(path)) {
            addFolder(path);
        } else if (Files.exists(path)) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null,
                    "not a regular file or folder (a pipe, socket or device); pass a .ttl file or a folder"));
        } else if (Files.isSymbolicLink(path)) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null, danglingLink(path)));
        } else {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, name, null, "no such file or folder"));
        }
    }

    private void addFolder(Path folder) {
        Path realFolder;
        try {
            realFolder = folder.toRealPath();
        } catch (IOException e) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, folder.toString(), null, "cannot list the folder: " + reason(e)));
            return;
        }
        List<Path> found = new ArrayList<>();
        List<Path> skippedFolders = new ArrayList<>();
        List<LoadWarning> notFollowed = new ArrayList<>();
        try {
            Files.walkFileTree(folder, EnumSet.noneOf(java.nio.file.FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return dir.equals(folder) || !isHidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (isHidden(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (attrs.isSymbolicLink()) {
                                link(file, realFolder, found, notFollowed);
                            } else if (attrs.isDirectory()) {
                                skippedFolders.add(file); // only at the depth limit of a flat load
                            } else if (isTurtle(file)) {
                                if (attrs.isRegularFile()) {
                                    found.add(file);
                                } else {
                                    notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, file.toString(), null,
                                            "not a regular file (a pipe, socket or device), so it was not read"));
                                }
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (file.equals(folder)) {
                                problems.add(new LoadProblem(LoadProblem.Kind.IO, folder.toString(), null,
                                        "cannot list the folder: " + reason(e)));
                            } else {
                                problems.add(new LoadProblem(LoadProblem.Kind.IO, file.toString(), null,
                                        "cannot read the folder " + Shown.path(file.toString()) + " inside "
                                                + Shown.path(folder.toString()) + ": " + reason(e)));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        private boolean isHidden(Path p) {
                            for (Path part : folder.relativize(p)) {
                                if (part.toString().startsWith(".")) {
                                    return true;
                                }
                            }
                            return false;
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            problems.add(new LoadProblem(LoadProblem.Kind.IO, folder.toString(), null, "cannot list the folder: " + reason(cause)));
            return;
        }
        found.sort(null);
        if (found.isEmpty()) {
            problems.add(new LoadProblem(LoadProblem.Kind.IO, folder.toString(), null,
                    "the folder holds no .ttl file" + (recursive ? "" : " (sub-folders are read only when recursive)")));
        }
        files.addAll(found);
        notFollowed.sort(java.util.Comparator.comparing(LoadWarning::source));
        warnings.addAll(notFollowed);
        skippedFolders.sort(null);
        for (Path skipped : skippedFolders) {
            long count = countTurtle(skipped);
            if (count > 0) {
                warnings.add(new LoadWarning(LoadWarning.Kind.FOLDER_NOT_LOADED, skipped.toString(), null,
                        "a sub-folder holding " + count + (count == 1 ? " .ttl file that was" : " .ttl files that were")
                                + " not loaded; load recursively (SpecLoader.recursive, CLI --recursive) if it is part of the spec"));
            }
        }
    }

    /**
     * A symbolic link inside a folder: a link to a Turtle file inside the folder is read; anything else is named
     * in a warning.
     */
    private void link(Path link, Path realFolder, List<Path> found, List<LoadWarning> notFollowed) {
        String name = link.toString();
        if (!Files.exists(link)) {
            if (isTurtle(link) || recursive) {
                notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null, danglingLink(link)));
            }
            return;
        }
        if (Files.isRegularFile(link)) {
            if (isTurtle(link)) {
                fileLink(link, realFolder, found, notFollowed);
            }
            return;
        }
        if (!Files.isDirectory(link)) {
            if (isTurtle(link)) {
                notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null,
                        "a symbolic link to something that is not a regular file (a pipe, socket or device), so it was not read"));
            }
            return;
        }
        String target;
        boolean loop;
        try {
            Path real = link.toRealPath();
            target = Shown.path(real.toString());
            loop = link.toAbsolutePath().getParent().toRealPath().startsWith(real);
        } catch (IOException e) {
            notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null,
                    "a symbolic link that cannot be resolved (" + reason(e) + "), so it was not followed"));
            return;
        }
        notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null, loop
                ? "a symbolic link to " + target + ", a folder that contains it: a link loop, so it was not followed"
                : "a symbolic link to the folder " + target + ", not followed: links to folders are never followed,"
                        + " so that a spec folder cannot pull in files from elsewhere; pass " + target
                        + " as a source of its own if it is part of the spec"));
    }

    /**
     * A link to a regular file is read only when the file is inside the folder being read, and not hidden in
     * it: a spec folder from elsewhere (a cloned repository, a pull request) could otherwise plant
     * {@code zz.ttl -> ~/.ssh/id_rsa} or {@code -> ../.env}, and the parser's syntax error would quote the
     * file's first token into a CI log.
     */
    private static void fileLink(Path link, Path realFolder, List<Path> found, List<LoadWarning> notFollowed) {
        String name = link.toString();
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null,
                    "a symbolic link that cannot be resolved (" + reason(e) + "), so it was not read"));
            return;
        }
        String target = Shown.path(real.toString());
        String folder = Shown.path(realFolder.toString());
        if (!real.startsWith(realFolder)) {
            notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null, "a symbolic link to " + target
                    + ", a file outside the folder " + folder + " being read, so it was not read: links in a spec"
                    + " folder are read only when they point inside it, so that a link planted there cannot show"
                    + " another file's content in messages; pass " + target + " as a source of its own if it is"
                    + " part of the spec"));
            return;
        }
        for (Path part : realFolder.relativize(real)) {
            if (part.toString().startsWith(".")) {
                notFollowed.add(new LoadWarning(LoadWarning.Kind.NOT_FOLLOWED, name, null, "a symbolic link to "
                        + target + ", a hidden file of the folder (a name starting with '.'), so it was not read:"
                        + " hidden files are never read from a folder, through a link neither; pass " + target
                        + " as a source of its own if it is part of the spec"));
                return;
            }
        }
        found.add(link);
    }

    private static String danglingLink(Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            target = "something";
        }
        return "a symbolic link to " + Shown.path(target) + ", which does not exist, so it was not read";
    }

    private static boolean isTurtle(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".ttl");
    }

    private static long countTurtle(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> isTurtle(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Why an I/O operation failed, in words: the JDK's exceptions for file system errors often carry only
     * the path in their message, not the reason.
     */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied; check the permissions of the file and of its folders";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemLoopException) {
            return "a symbolic link loop";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lowerFirst(f.getReason());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : lowerFirst(message);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
