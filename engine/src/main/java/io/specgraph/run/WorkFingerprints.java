package io.specgraph.run;

import io.specgraph.vocab.SG;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;

/**
 * The parts of a task's work fingerprint that do not depend on the run: its own statements in canonical form,
 * one hash per property, and the content hash of a file or folder.
 *
 * <p>Canonical means what the parser read, not how it was written: IRIs in full (so prefixes and their names
 * do not count), objects of one property sorted (statement order does not count), blank nodes written as their
 * own canonical statements, nested (their labels do not count; a list keeps its order). Properties that describe
 * or schedule a task but do not change its work are left out: labels and comments, its estimate, phase, the
 * bottlenecks it addresses, the resources it locks, its compensation, its dependencies (an upstream task counts
 * through its own fingerprint and outputs) and {@code sg:cacheable} itself.
 */
final class WorkFingerprints {
    /** What the hash of a declared path is when nothing is there. */
    static final String MISSING = "missing";

    private static final Set<Node> NOT_WORK = Set.of(RDFS.label.asNode(), RDFS.comment.asNode(), DCTerms.title.asNode(),
            DCTerms.description.asNode(), SKOS.prefLabel.asNode(), SKOS.altLabel.asNode(), SKOS.definition.asNode(),
            SKOS.note.asNode(), SG.estimatedDuration, SG.phase, SG.addresses, SG.writes, SG.compensatedBy, SG.dependsOn,
            SG.term("cacheable"));
    /** Deeper nesting of blank nodes than any spec writes; a cycle of blank nodes stops here. */
    private static final int MAX_DEPTH = 64;

    private WorkFingerprints() {}

    /** Per property IRI of the task (but those that are not work), the SHA-256 of its objects in canonical form. */
    static SortedMap<String, String> statements(Graph spec, String taskIri) {
        Map<String, List<String>> byProperty = new TreeMap<>();
        Node task = NodeFactory.createURI(taskIri);
        spec.find(task, Node.ANY, Node.ANY).forEachRemaining(t -> {
            if (!NOT_WORK.contains(t.getPredicate())) {
                byProperty.computeIfAbsent(t.getPredicate().getURI(), k -> new ArrayList<>()).add(canonical(spec, t.getObject(), 0));
            }
        });
        SortedMap<String, String> out = new TreeMap<>();
        byProperty.forEach((p, objects) -> {
            objects.sort(null);
            out.put(p, sha256(String.join("\n", objects)));
        });
        return out;
    }

    private static String canonical(Graph spec, Node n, int depth) {
        if (n.isURI()) {
            return "<" + n.getURI() + ">";
        }
        if (n.isLiteral()) {
            String lang = n.getLiteralLanguage();
            return "\"" + n.getLiteralLexicalForm().replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                    + (lang != null && !lang.isEmpty() ? "@" + lang : "^^<" + n.getLiteralDatatypeURI() + ">");
        }
        if (n.isBlank()) {
            if (depth >= MAX_DEPTH) {
                return "[…]";
            }
            List<String> inner = new ArrayList<>();
            for (Triple t : spec.find(n, Node.ANY, Node.ANY).toList()) {
                inner.add("<" + t.getPredicate().getURI() + "> " + canonical(spec, t.getObject(), depth + 1));
            }
            inner.sort(null);
            return "[" + String.join(" ; ", inner) + "]";
        }
        return n.toString();
    }

    /**
     * The SHA-256 of what is at {@code path}: a file's bytes; for a folder, every file under it by relative path
     * (a symbolic link by its target, not followed); {@link #MISSING} when nothing is there.
     */
    static String content(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                return fileHash(path);
            }
            if (!Files.isDirectory(path)) {
                return Files.exists(path, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(path)
                        ? sha256("link " + Files.readSymbolicLink(path)) : MISSING;
            }
            MessageDigest folder = digest();
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted().toList()) {
                    String rel = path.relativize(p).toString().replace('\\', '/');
                    String what = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                            : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file " + fileHash(p) : "folder";
                    folder.update((rel + "\0" + what + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(folder.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " to hash it: " + e.getMessage(), e);
        }
    }

    private static String fileHash(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                d.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** The fingerprint over every part: one SHA-256 of the parts in key order. */
    static String of(SortedMap<String, String> parts) {
        StringBuilder text = new StringBuilder();
        parts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return sha256(text.toString());
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
