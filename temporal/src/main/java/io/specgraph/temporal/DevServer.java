package io.specgraph.temporal;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Temporal's Java test server, in memory, bound to a port of the loopback interface only: for trying runs on
 * Temporal on one machine and for tests. Not for production: it keeps nothing when it stops, has one namespace
 * ({@code default}) and no security; a real Temporal service runs elsewhere ({@code temporal server start-dev} or a
 * cluster) and specgraph points at its frontend with {@code --temporal HOST:7233}.
 */
public final class DevServer implements AutoCloseable {
    private final TestServicesStarter services;
    private final Server server;

    private DevServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /**
     * Starts the server on {@code port} of the loopback interface (0: a free port, see {@link #port()}).
     *
     * @throws UncheckedIOException when the port is taken or cannot be bound
     */
    public static DevServer start(int port) {
        // time skipping locked: the clock is real time, as workers and clients expect (not the test environment's
        // skipped time, in which an idle run's timers would fire at once)
        TestServicesStarter services = new TestServicesStarter(true, 0);
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                InsecureServerCredentials.create());
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        try {
            return new DevServer(services, builder.build().start());
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); is something else there? Give another --port", e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** The address to give {@code --temporal}. */
    public String target() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /** Stops serving; everything it kept is gone. */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
