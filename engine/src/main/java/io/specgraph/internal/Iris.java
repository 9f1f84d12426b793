package io.specgraph.internal;

/** Splitting an IRI into namespace and local name, the way specs are written ({@code ns#name}, {@code ns/name}). Not public API. */
public final class Iris {
    private Iris() {}

    /** Index where the local name starts (after the last {@code #} or {@code /}), or -1 when there is none. */
    public static int localNameStart(String iri) {
        int split = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return split >= 0 && split < iri.length() - 1 ? split + 1 : -1;
    }

    /** The local name, or the whole IRI when it has none. */
    public static String localName(String iri) {
        int start = localNameStart(iri);
        return start < 0 ? iri : iri.substring(start);
    }
}
