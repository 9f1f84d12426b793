package io.specgraph.load;

/**
 * Limits that protect a host from a runaway or hostile spec. A source beyond a limit is refused with a
 * message that names the source, the limit and the setting that raises it.
 *
 * @param maxBytesPerSource largest accepted source, in bytes
 * @param maxTriples        most triples accepted across all sources of one spec
 * @param maxNesting        deepest accepted nesting of {@code [ … ]}, {@code ( … )}, {@code << … >>} and
 *                          {@code {| … |}} in one source
 */
public record LoadLimits(long maxBytesPerSource, long maxTriples, int maxNesting) {

    /**
     * Nesting of 256 by default: no hand-written spec comes near it, and the Turtle parser (recursive
     * descent, one set of stack frames per level) overflows a default 1 MiB thread stack at about 1,500.
     */
    public static final int DEFAULT_MAX_NESTING = 256;

    /**
     * 256 MiB per source, 20 million triples and nesting 256 deep: far above any hand-written spec, below
     * a heap or stack exhaustion.
     */
    public static final LoadLimits DEFAULT = new LoadLimits(256L * 1024 * 1024, 20_000_000L, DEFAULT_MAX_NESTING);

    public LoadLimits {
        if (maxBytesPerSource <= 0 || maxTriples <= 0 || maxNesting <= 0) {
            throw new IllegalArgumentException("load limits must be positive, got " + maxBytesPerSource
                    + " bytes, " + maxTriples + " triples and nesting " + maxNesting);
        }
    }

    /** Limits on bytes and triples, with the default nesting limit. */
    public LoadLimits(long maxBytesPerSource, long maxTriples) {
        this(maxBytesPerSource, maxTriples, DEFAULT_MAX_NESTING);
    }

    /** A copy with another per-source byte limit. */
    public LoadLimits withMaxBytesPerSource(long bytes) {
        return new LoadLimits(bytes, maxTriples, maxNesting);
    }

    /** A copy with another total triple limit. */
    public LoadLimits withMaxTriples(long triples) {
        return new LoadLimits(maxBytesPerSource, triples, maxNesting);
    }

    /**
     * A copy with another nesting limit. Raising it far above the default needs a larger thread stack
     * ({@code -Xss}); a parse that still runs out of stack is refused, not crashed.
     */
    public LoadLimits withMaxNesting(int depth) {
        return new LoadLimits(maxBytesPerSource, maxTriples, depth);
    }
}
