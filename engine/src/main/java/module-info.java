/**
 * specgraph's engine: loads RDF Turtle specs, checks their closure, derives a plan and runs it, keeping a PROV
 * record of the run. The packages below are its API; {@code io.specgraph.internal} holds what the packages share
 * among themselves (query guards, IRIs, timings) and is not exported.
 */
// Jena 6 ships automatic modules (an Automatic-Module-Name in each jar), which is all it offers
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.specgraph.engine {
    // Jena graphs, models and query results appear in the API (a spec's graph, the run record) and so does a
    // JGraphT graph (Plan.graph()), so a user of the engine reads them too
    requires transitive org.apache.jena.core;
    requires transitive org.apache.jena.arq;
    requires org.apache.jena.shacl;
    // the run stores: TDB2 on disk, a SPARQL endpoint over HTTP
    requires org.apache.jena.tdb2;
    requires org.apache.jena.dboe.base;
    requires org.apache.jena.base;
    requires java.net.http;
    requires transitive org.jgrapht.core;
    requires org.slf4j;
    // RunTracer is built from an OpenTelemetry the host configures, so the host reads the API too
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports io.specgraph;
    exports io.specgraph.closure;
    exports io.specgraph.dialect;
    exports io.specgraph.load;
    exports io.specgraph.plan;
    exports io.specgraph.record;
    exports io.specgraph.report;
    exports io.specgraph.run;
    exports io.specgraph.store;
    exports io.specgraph.trace;
    exports io.specgraph.vocab;

    // the vocabulary, shapes and closure queries: SG.VOCABULARY_RESOURCE names the vocabulary for anyone to read
    opens io.specgraph.shapes;
}
