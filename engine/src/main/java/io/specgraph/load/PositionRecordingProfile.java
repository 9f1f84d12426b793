package io.specgraph.load;

import java.util.Map;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.system.ParserProfile;
import org.apache.jena.riot.system.ParserProfileWrapper;

/**
 * A RIOT parser profile that remembers, for every subject, the position of the first triple the parser
 * emits for it. RIOT's stream API drops positions; the profile is the one place that still sees them.
 */
final class PositionRecordingProfile extends ParserProfileWrapper {
    private final String source;
    private final Map<Node, SourcePosition> positions;

    PositionRecordingProfile(ParserProfile delegate, String source, Map<Node, SourcePosition> positions) {
        super(delegate);
        this.source = source;
        this.positions = positions;
    }

    @Override
    public Triple createTriple(Node subject, Node predicate, Node object, long line, long col) {
        if (line > 0) {
            positions.putIfAbsent(subject, new SourcePosition(source, line, Math.max(col, 0)));
        }
        return super.createTriple(subject, predicate, object, line, col);
    }
}
