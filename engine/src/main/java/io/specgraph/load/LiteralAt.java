package io.specgraph.load;

import org.apache.jena.graph.Node;

/**
 * A literal as the object of some triple of a subject (a list cell or another blank node for a literal inside
 * {@code ( … )} or {@code [ … ]}): the key under which the loader notes where the literal is written.
 */
record LiteralAt(Node subject, Node literal) {}
