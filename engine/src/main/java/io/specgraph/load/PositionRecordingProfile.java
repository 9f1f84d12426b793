package io.specgraph.load;

import io.specgraph.internal.Reference;
import io.specgraph.vocab.SG;
import java.util.HashMap;
import java.util.Map;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.ParserProfile;
import org.apache.jena.riot.system.ParserProfileWrapper;
import org.apache.jena.riot.tokens.Token;

/**
 * A RIOT parser profile that remembers, for every subject, where the parser read it the first time it
 * emits a triple about it. RIOT's stream API drops positions; the profile is the one place that still sees
 * them. For the same reason it also notes where each term of the {@code sg:} namespace is first read and
 * where each namespace of a {@code @prefix} or {@code PREFIX} directive is declared, so that a mistake in
 * either can be reported on its own line.
 *
 * <p>The position given with a triple is that of the parser's current token (the object, or the closing
 * {@code ]} of a blank node), not of the subject; so the profile also notes where each IRI and blank node
 * was last read, and a subject gets the position it was last read at before its first triple.
 *
 * <p>When asked to ({@link #recordLiterals()}), it also notes where each literal object is written, per subject: a
 * dialect may turn a string ({@code :owner "TaskOrchestrator"}, {@code :dependsOn "T1, T2"}) into references, and a
 * reference that resolves to nothing is then reported at the line of that string. Off by default, as it costs an
 * entry per literal.
 */
final class PositionRecordingProfile extends ParserProfileWrapper {
    /** References kept per IRI: enough to tell the referrers of a dangling IRI apart, bounded for huge specs. */
    private static final int MAX_REFERENCES = 8;
    private final Map<Node, SourcePosition> positions;
    /** Where each IRI or blank node of this source was last read, until it is recorded as a subject. */
    private final Map<Node, SourcePosition> lastRead = new HashMap<>();
    private final Map<Node, SourcePosition> sgTerms = new HashMap<>();
    private final Map<String, SourcePosition> declared = new HashMap<>();
    /**
     * Where each IRI that is not (yet) a subject of this source is referred to as an object, a few places per
     * IRI: the loader keeps those of IRIs nothing defines, so that a dangling reference is reported at the
     * statement that refers, not at the first line of its subject.
     */
    private final Map<Node, java.util.List<Reference>> references = new HashMap<>();
    private final java.util.List<Node> referencesSinceMark = new java.util.ArrayList<>();
    /** Subjects first recorded since {@link #mark()}, forgotten again by {@link #rollback()}. */
    private final java.util.List<Node> sinceMark = new java.util.ArrayList<>();
    /** Where each literal object is written, per subject holding it (the first place); null when not recorded. */
    private Map<LiteralAt, SourcePosition> literals;
    /** Where each literal was last read, until the triple that holds it is made. */
    private final Map<Node, SourcePosition> literalRead = new HashMap<>();
    private final java.util.List<LiteralAt> literalsSinceMark = new java.util.ArrayList<>();
    private Locator locator;
    private boolean statementwise;

    PositionRecordingProfile(ParserProfile delegate, Map<Node, SourcePosition> positions, Locator locator) {
        super(delegate);
        this.positions = positions;
        this.locator = locator;
    }

    /** Notes from now on where each literal object is written (see the class comment). */
    void recordLiterals() {
        if (literals == null) {
            literals = new HashMap<>();
        }
    }

    /** Where each literal object was written, per subject holding it; empty unless {@link #recordLiterals() recorded}. */
    Map<LiteralAt, SourcePosition> literals() {
        return literals == null ? Map.of() : literals;
    }

    /** Reads the positions of the next parse (one statement of a source re-read after an error) with this locator. */
    void locator(Locator at) {
        this.locator = at;
    }

    /** Starts a statement whose subjects' positions may have to be forgotten. */
    void mark() {
        statementwise = true;
        sinceMark.clear();
        referencesSinceMark.clear();
        literalsSinceMark.clear();
        lastRead.clear();
        literalRead.clear();
    }

    /** Forgets the subjects first recorded since {@link #mark()}: their statement did not parse and was left out. */
    void rollback() {
        sinceMark.forEach(positions::remove);
        sinceMark.clear();
        for (Node object : referencesSinceMark) {
            java.util.List<Reference> list = references.get(object);
            if (list != null && !list.isEmpty()) {
                list.remove(list.size() - 1);
            }
        }
        referencesSinceMark.clear();
        if (literals != null) {
            literalsSinceMark.forEach(literals::remove);
        }
        literalsSinceMark.clear();
        lastRead.clear();
        literalRead.clear();
    }

    /** Where IRIs that are objects here are referred to (a few places each), before any filtering. */
    Map<Node, java.util.List<Reference>> references() {
        return references;
    }

    /** Where each IRI of the {@code sg:} namespace was first read in this source. */
    Map<Node, SourcePosition> sgTerms() {
        return sgTerms;
    }

    /** Where each namespace declared by a prefix directive of this source was first declared. */
    Map<String, SourcePosition> declared() {
        return declared;
    }

    @Override
    public Node create(Node currentGraph, Token token) {
        Node node = super.create(currentGraph, token);
        read(node, token.getLine(), token.getColumn());
        if (literals != null && node != null && node.isLiteral() && token.getLine() > 0) {
            literalRead.put(node, locator.at(token.getLine(), Math.max(token.getColumn(), 0)));
        }
        if (node != null && node.isURI() && node.getURI().startsWith(SG.NS) && token.getLine() > 0) {
            sgTerms.computeIfAbsent(node, n -> locator.at(token.getLine(), Math.max(token.getColumn(), 0)));
        }
        return node;
    }

    /** The parser resolves an IRI through the profile itself only for its directives (prefix and base). */
    @Override
    public String resolveIRI(String uriStr, long line, long col) {
        String resolved = super.resolveIRI(uriStr, line, col);
        if (resolved != null && line > 0) {
            declared.computeIfAbsent(resolved, r -> locator.at(line, Math.max(col, 0)));
        }
        return resolved;
    }

    @Override
    public Node createBlankNode(Node scope, long line, long col) {
        Node node = super.createBlankNode(scope, line, col);
        read(node, line, col);
        return node;
    }

    @Override
    public Triple createTriple(Node subject, Node predicate, Node object, long line, long col) {
        if (!positions.containsKey(subject)) {
            SourcePosition at = lastRead.remove(subject);
            if (at == null && line > 0) {
                at = locator.at(line, Math.max(col, 0));
            }
            if (at != null) {
                positions.put(subject, at);
                if (statementwise) {
                    sinceMark.add(subject);
                }
            }
        }
        if (object != null && object.isURI() && !positions.containsKey(object)) {
            SourcePosition at = lastRead.get(object);
            if (at == null && line > 0) {
                at = locator.at(line, Math.max(col, 0));
            }
            java.util.List<Reference> list = references.computeIfAbsent(object, o -> new java.util.ArrayList<>(1));
            if (at != null && list.size() < MAX_REFERENCES) {
                list.add(new Reference(subject, at));
                if (statementwise) {
                    referencesSinceMark.add(object);
                }
            }
        }
        if (literals != null && object != null && object.isLiteral()) {
            SourcePosition at = literalRead.remove(object);
            if (at == null && line > 0) {
                at = locator.at(line, Math.max(col, 0));
            }
            LiteralAt key = new LiteralAt(subject, object);
            if (at != null && !literals.containsKey(key)) {
                literals.put(key, at);
                if (statementwise) {
                    literalsSinceMark.add(key);
                }
            }
        }
        return super.createTriple(subject, predicate, object, line, col);
    }

    private void read(Node node, long line, long col) {
        if (node != null && (node.isURI() || node.isBlank()) && line > 0 && !positions.containsKey(node)) {
            lastRead.put(node, locator.at(line, Math.max(col, 0)));
        }
    }
}
