/**
 * Dialects: reading specs written in other vocabularies. This package holds the value parsers a dialect needs
 * for the free-text parts of such specs and their SPARQL functions.
 *
 * <ul>
 *   <li>{@link io.specgraph.dialect.Quantity}: "≤15s", "1.5-2 GB", "42 events", "8x", "≤5s/1k triples";</li>
 *   <li>{@link io.specgraph.dialect.Durations}: "1-2 hours", "30-45 minutes", "2 days", "PT1H";</li>
 *   <li>{@link io.specgraph.dialect.IdList}: "T004, T010", "1-B,1-I", "none";</li>
 *   <li>{@link io.specgraph.dialect.DialectFunctions}: all three as ARQ functions ({@code sgfn:}), with refusals
 *       collected in a {@link io.specgraph.dialect.ParseProblems}.</li>
 * </ul>
 * One principle runs through them: a string that is not exactly what it must be is refused with a reason the
 * spec's author can act on, never read as the nearest plausible value.
 */
package io.specgraph.dialect;
