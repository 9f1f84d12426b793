package io.specgraph.run;

import io.specgraph.internal.Iris;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of a run's task work folders, one per task, and their creation inside the run's folder.
 *
 * <p>A task IRI comes from a spec, which may come from anywhere, so its local name cannot be used as a path
 * segment as it is: {@code ..}, {@code .} or an empty name would put the folder outside the run's folder or
 * in it. A name is therefore made of letters, digits, {@code .}, {@code _} and {@code -} only, never starts
 * or ends with a dot (so it is never {@code .} or {@code ..}, never hidden, and Windows does not strip it),
 * is never empty, never one of Windows' reserved device names, and at most {@value #MAX_LENGTH} characters
 * (a long name keeps its start and a hash of the whole IRI). Names are unique within a run ignoring case, so
 * two tasks never share a folder on a case-insensitive file system. And whatever the name, the folder is
 * created only if it resolves to a real directory directly inside the run's folder (not a symbolic link a
 * command planted there).
 */
final class WorkFolders {
    /** Far below the 255 bytes most file systems allow, leaving room for the log file names under it. */
    static final int MAX_LENGTH = 100;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

    private final Map<Integer, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    /**
     * The folder name of task {@code key} (its node index), whose IRI is {@code iri}: the same for every call
     * with that key, different (ignoring case) from every other key's.
     */
    synchronized String name(int key, String iri) {
        String known = names.get(key);
        if (known != null) {
            return known;
        }
        String base = baseName(iri);
        String name = base;
        for (int i = 2; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
            String suffix = "-" + (i == 2 ? key : key + "-" + i);
            name = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
        }
        names.put(key, name);
        return name;
    }

    /** The name an IRI's local name maps to, before names are made unique. */
    static String baseName(String iri) {
        String name = UNSAFE.matcher(Iris.localName(iri)).replaceAll("_");
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1) + "_";
        }
        if (name.isEmpty() || RESERVED.matcher(name).matches()) {
            name = "_" + name;
        }
        if (name.length() > MAX_LENGTH) {
            String hash = "-" + sha256(iri).substring(0, 12);
            name = name.substring(0, MAX_LENGTH - hash.length()) + hash;
        }
        return name;
    }

    /**
     * Creates (or finds, for a later attempt) folder {@code name} in {@code root} and returns it, after
     * checking that it is a real directory whose real path is directly inside root's.
     *
     * @throws IOException when it cannot be created, or would not be inside root
     */
    static Path create(Path root, String name) throws IOException {
        Path folder = root.resolve(name).normalize();
        if (!root.normalize().equals(folder.getParent())) {
            throw new IOException("the work folder name \"" + name + "\" does not name a folder inside " + root);
        }
        try {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(folder + " exists and is not a folder (a symbolic link or a file put there"
                        + " by another command?); refusing to run a command there", e);
            }
        }
        Path real = folder.toRealPath();
        if (!root.toRealPath().equals(real.getParent())) {
            throw new IOException(folder + " resolves to " + real + ", outside the run's folder " + root);
        }
        return folder;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
