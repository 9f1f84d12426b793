package io.specgraph.run;

import io.specgraph.Specgraph;
import io.specgraph.plan.Plan;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small specs written inline for the engine tests, and lookups into their results. */
final class RunSpecs {
    static final String NS = "https://example.org/run#";
    static final String PREFIXES = """
            @prefix :     <https://example.org/run#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;

    private RunSpecs() {}

    /** The plan of a spec written with the prefixes above (default namespace {@value #NS}). */
    static Plan plan(String turtle) {
        return Specgraph.load(l -> l.string("run-spec.ttl", PREFIXES + turtle)).plan();
    }

    static String iri(String local) {
        return NS + local;
    }

    static TaskRun task(RunResult result, String local) {
        return result.task(iri(local)).orElseThrow(() -> new AssertionError("no task " + local + " in the result"));
    }

    static GateOutcome gate(RunResult result, String local) {
        return result.gate(iri(local)).orElseThrow(() -> new AssertionError("no gate " + local + " in the result"));
    }

    /** Waits for a latch long enough for any healthy run on a loaded machine; false means it never opened. */
    static boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(20, TimeUnit.SECONDS);
    }
}
