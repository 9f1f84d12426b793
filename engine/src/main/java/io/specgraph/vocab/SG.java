package io.specgraph.vocab;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * Terms of the specgraph core vocabulary ({@value #NS}) as Jena nodes.
 *
 * <p>The vocabulary itself (labels, comments, domains, ranges, links to P-Plan and PROV-O) is defined
 * in {@code shapes/specgraph.ttl}, packaged in the engine jar as {@value #VOCABULARY_RESOURCE}; this class
 * only names the terms the engine reads.
 */
public final class SG {
    /** The namespace of the core vocabulary. */
    public static final String NS = "https://w3id.org/specgraph#";
    /** Classpath location of the vocabulary's Turtle definition. */
    public static final String VOCABULARY_RESOURCE = "io/specgraph/shapes/specgraph.ttl";

    public static final Node Spec = term("Spec");
    public static final Node Phase = term("Phase");
    public static final Node Agent = term("Agent");
    public static final Node Task = term("Task");
    public static final Node Gate = term("Gate");
    public static final Node Condition = term("Condition");
    public static final Node Metric = term("Metric");
    public static final Node Bottleneck = term("Bottleneck");
    public static final Node Risk = term("Risk");
    public static final Node Conflict = term("Conflict");

    public static final Node goal = term("goal");
    public static final Node order = term("order");
    public static final Node maxParallel = term("maxParallel");
    public static final Node estimatedDuration = term("estimatedDuration");
    public static final Node responsibility = term("responsibility");
    public static final Node concurrency = term("concurrency");
    public static final Node agent = term("agent");
    public static final Node phase = term("phase");
    public static final Node dependsOn = term("dependsOn");
    public static final Node handler = term("handler");
    public static final Node command = term("command");
    public static final Node inputs = term("inputs");
    public static final Node outputs = term("outputs");
    public static final Node writes = term("writes");
    public static final Node retries = term("retries");
    public static final Node timeout = term("timeout");
    public static final Node addresses = term("addresses");
    public static final Node measures = term("measures");
    public static final Node compensatedBy = term("compensatedBy");
    public static final Node closes = term("closes");
    public static final Node requires = term("requires");
    public static final Node owner = term("owner");
    public static final Node condition = term("condition");
    public static final Node metricMet = term("metricMet");
    public static final Node ask = term("ask");
    public static final Node predicate = term("predicate");
    public static final Node baseline = term("baseline");
    public static final Node target = term("target");
    public static final Node unit = term("unit");
    public static final Node direction = term("direction");
    public static final Node priority = term("priority");
    public static final Node measuredBy = term("measuredBy");
    public static final Node severity = term("severity");
    public static final Node probability = term("probability");
    public static final Node mitigation = term("mitigation");
    public static final Node between = term("between");
    public static final Node resource = term("resource");
    public static final Node resolution = term("resolution");

    public static final Node Claim = term("Claim");
    public static final Node figure = term("figure");
    public static final Node claimedValue = term("claimedValue");
    public static final Node claimedMin = term("claimedMin");
    public static final Node claimedMax = term("claimedMax");
    public static final Node approximate = term("approximate");
    public static final Node tolerance = term("tolerance");
    public static final Node scope = term("scope");
    public static final Node withWorkers = term("withWorkers");
    public static final Node through = term("through");
    public static final Node statedAs = term("statedAs");
    public static final Node TaskCount = term("TaskCount");
    public static final Node TotalWork = term("TotalWork");
    public static final Node CriticalPath = term("CriticalPath");
    public static final Node Makespan = term("Makespan");
    public static final Node Speedup = term("Speedup");
    public static final Node ClosurePercent = term("ClosurePercent");
    public static final Node durationFallback = term("durationFallback");
    public static final Node ShareOfPhaseEstimate = term("ShareOfPhaseEstimate");

    public static final Node Run = term("Run");
    public static final Node TaskAttempt = term("TaskAttempt");
    public static final Node GateEvaluation = term("GateEvaluation");
    public static final Node Measurement = term("Measurement");
    public static final Node run = term("run");
    public static final Node task = term("task");
    public static final Node attempt = term("attempt");
    public static final Node state = term("state");
    public static final Node reason = term("reason");
    public static final Node traceId = term("traceId");
    public static final Node spanId = term("spanId");
    public static final Node gate = term("gate");
    public static final Node metric = term("metric");
    public static final Node value = term("value");
    public static final Node workers = term("workers");
    public static final Node timeScale = term("timeScale");

    public static final Node Minimize = term("Minimize");
    public static final Node Maximize = term("Maximize");

    private SG() {}

    /** The node of a term of this vocabulary, by local name. */
    public static Node term(String localName) {
        return NodeFactory.createURI(NS + localName);
    }
}
