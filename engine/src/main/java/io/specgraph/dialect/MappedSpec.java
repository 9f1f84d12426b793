package io.specgraph.dialect;

import io.specgraph.load.LoadedSpec;

/**
 * A spec read through a dialect.
 *
 * @param spec   the source with the core triples the dialect produced, in their own named graph
 * @param report what was mapped and what was not
 */
public record MappedSpec(LoadedSpec spec, MappingReport report) {}
