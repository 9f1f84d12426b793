package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.plan.PlanWriter;
import io.specgraph.load.SourcePosition;
import io.specgraph.run.StatementLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.jena.graph.NodeFactory;

/**
 * Where a task's statement is written, for the reason an incremental run gives when a task's definition changed
 * ("command changed (plan.ttl:42)"): from the line where the loader first saw the task, the first line below that
 * names the property (its local name after a colon, or its whole IRI), within the task's next lines; the task's
 * own line when none does.
 */
final class SourceLines implements StatementLocator {
    /** Far more lines than one subject's statements take; a search never reads a whole large file for one answer. */
    private static final int LOOK_AHEAD = 200;

    private final Spec spec;

    SourceLines(Spec spec) {
        this.spec = spec;
    }

    @Override
    public Optional<String> locate(String subjectIri, String propertyIri) {
        Optional<SourcePosition> at = spec.loaded().positionOf(NodeFactory.createURI(subjectIri));
        if (at.isEmpty()) {
            return Optional.empty();
        }
        SourcePosition p = at.get();
        String local = PlanWriter.local(propertyIri);
        try {
            List<String> lines = Files.readAllLines(Path.of(p.source()), StandardCharsets.UTF_8);
            for (int i = (int) Math.max(0, p.line() - 1); i < Math.min(lines.size(), p.line() - 1 + LOOK_AHEAD); i++) {
                String line = lines.get(i);
                if (line.contains(":" + local + " ") || line.contains(":" + local + "\t") || line.contains("<" + propertyIri + ">")) {
                    return Optional.of(Path.of(p.source()).getFileName() + ":" + (i + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a file (a string or a resource): the task's own line is the best answer
        }
        return Optional.of(Path.of(p.source()).getFileName() + ":" + p.line());
    }
}
