package io.specgraph.load;

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
 * them.
 *
 * <p>The position given with a triple is that of the parser's current token (the object, or the closing
 * {@code ]} of a blank node), not of the subject; so the profile also notes where each IRI and blank node
 * was last read, and a subject gets the position it was last read at before its first triple.
 */
final class PositionRecordingProfile extends ParserProfileWrapper {
    private final String source;
    private final Map<Node, SourcePosition> positions;
    /** Where each IRI or blank node of this source was last read, until it is recorded as a subject. */
    private final Map<Node, SourcePosition> lastRead = new HashMap<>();

    PositionRecordingProfile(ParserProfile delegate, String source, Map<Node, SourcePosition> positions) {
        super(delegate);
        this.source = source;
        this.positions = positions;
    }

    @Override
    public Node create(Node currentGraph, Token token) {
        Node node = super.create(currentGraph, token);
        read(node, token.getLine(), token.getColumn());
        return node;
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
                at = new SourcePosition(source, line, Math.max(col, 0));
            }
            if (at != null) {
                positions.put(subject, at);
            }
        }
        return super.createTriple(subject, predicate, object, line, col);
    }

    private void read(Node node, long line, long col) {
        if (node != null && (node.isURI() || node.isBlank()) && line > 0 && !positions.containsKey(node)) {
            lastRead.put(node, new SourcePosition(source, line, Math.max(col, 0)));
        }
    }
}
