package io.specgraph.internal;

import io.specgraph.load.SourcePosition;
import org.apache.jena.graph.Node;

/**
 * Where a source refers to a node as the object of a triple: the triple's subject (a list cell or another blank
 * node for a reference inside {@code ( … )} or {@code [ … ]}) and the place the object is written. Not public API:
 * the load and dialect packages share it.
 *
 * @param subject  the subject of the triple that refers
 * @param position where the object is written
 */
public record Reference(Node subject, SourcePosition position) {}
