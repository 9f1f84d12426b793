package io.specgraph.load;

/**
 * Limits that protect a host from a runaway or hostile spec. A source beyond a limit is refused with a
 * message that names the source, the limit and the setting that raises it.
 *
 * @param maxBytesPerSource largest accepted source, in bytes
 * @param maxTriples        most triples accepted across all sources of one spec
 */
public record LoadLimits(long maxBytesPerSource, long maxTriples) {

    /** 256 MiB per source and 20 million triples: far above any hand-written spec, below a heap exhaustion. */
    public static final LoadLimits DEFAULT = new LoadLimits(256L * 1024 * 1024, 20_000_000L);

    public LoadLimits {
        if (maxBytesPerSource <= 0 || maxTriples <= 0) {
            throw new IllegalArgumentException("load limits must be positive, got " + maxBytesPerSource
                    + " bytes and " + maxTriples + " triples");
        }
    }

    /** A copy with another per-source byte limit. */
    public LoadLimits withMaxBytesPerSource(long bytes) {
        return new LoadLimits(bytes, maxTriples);
    }

    /** A copy with another total triple limit. */
    public LoadLimits withMaxTriples(long triples) {
        return new LoadLimits(maxBytesPerSource, triples);
    }
}
