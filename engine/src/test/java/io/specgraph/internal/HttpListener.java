package io.specgraph.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SPARQL endpoint on the loopback interface that counts the requests it receives: a query that was kept in
 * leaves it at zero. It answers every request with one empty solution, so a query that does call out gets an
 * answer and finishes rather than waiting.
 */
public final class HttpListener implements AutoCloseable {
    private static final byte[] ONE_SOLUTION = "{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[{}]}}"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private HttpListener() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/sparql-results+json");
            exchange.sendResponseHeaders(200, ONE_SOLUTION.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ONE_SOLUTION);
            }
        });
        server.start();
    }

    /** Starts a listener on a free port of 127.0.0.1. */
    public static HttpListener start() throws IOException {
        return new HttpListener();
    }

    /** The endpoint's IRI. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sparql";
    }

    /** How many requests arrived so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
