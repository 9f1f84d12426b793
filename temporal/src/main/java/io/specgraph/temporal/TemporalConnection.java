package io.specgraph.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/**
 * A connection to a Temporal service at {@code HOST:PORT}, checked when it is made: a service that does not answer
 * is a {@link Unavailable} with a message for a person, not a gRPC stack trace on the first call.
 */
public final class TemporalConnection implements AutoCloseable {
    /** How long the first contact may take before the service counts as not answering. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String target;
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;

    private TemporalConnection(String target, WorkflowServiceStubs stubs, String namespace) {
        this.target = target;
        this.stubs = stubs;
        this.client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    }

    /**
     * Connects to the service at {@code target} ({@code HOST:PORT}) in {@code namespace}, waiting at most
     * {@code timeout} for it to answer.
     *
     * @throws Unavailable when the address is malformed or nothing answers there in time
     */
    public static TemporalConnection open(String target, String namespace, Duration timeout) {
        String t = target == null ? "" : target.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1 || !t.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            throw new Unavailable("--temporal wants HOST:PORT (e.g. localhost:7233), got '" + target + "'");
        }
        WorkflowServiceStubs stubs;
        try {
            stubs = WorkflowServiceStubs.newConnectedServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(t).build(), timeout);
        } catch (RuntimeException e) {
            throw new Unavailable("no Temporal service answers at " + t + " (waited " + timeout.toSeconds() + " s: "
                    + firstLine(e) + "); start one there (for a try on one machine: specgraph dev-server --port "
                    + t.substring(colon + 1) + ") or point --temporal at the frontend of your Temporal service");
        }
        return new TemporalConnection(t, stubs, namespace);
    }

    /** The first line of the innermost cause's message (its class name when it has none): what a person reads. */
    public static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The address connected to. */
    public String target() {
        return target;
    }

    /** The client of the service. */
    public WorkflowClient client() {
        return client;
    }

    @Override
    public void close() {
        stubs.shutdown();
        stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The service cannot be reached: the message says where and what to do. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
