package io.specgraph.cli;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's test server behind what a production service asks for: TLS with a certificate of its own CA, a client
 * certificate (mutual TLS) and an API key on every call ({@code authorization: Bearer KEY}), on a loopback port.
 * The certificates are made by the JDK's keytool (self-signed, RSA, valid for a day) in a folder of the test's.
 */
final class TlsTemporalServer implements AutoCloseable {
    final Path serverCert;
    final Path clientCert;
    final Path clientKey;
    final Path apiKeyFile;
    private final TestServicesStarter services;
    private final Server server;

    TlsTemporalServer(Path dir, String apiKey) throws Exception {
        Path serverKey = dir.resolve("server-key.pem");
        serverCert = dir.resolve("server-cert.pem");
        clientKey = dir.resolve("client-key.pem");
        clientCert = dir.resolve("client-cert.pem");
        selfSigned(dir, "server", "CN=localhost", serverCert, serverKey);
        selfSigned(dir, "client", "CN=specgraph-test-client", clientCert, clientKey);
        apiKeyFile = dir.resolve("api-key.txt");
        Files.writeString(apiKeyFile, apiKey + "\n");

        services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(GrpcSslContexts.forServer(serverCert.toFile(), serverKey.toFile())
                        .trustManager(clientCert.toFile()).clientAuth(ClientAuth.REQUIRE).build());
        ServerInterceptor bearer = new ServerInterceptor() {
            private final Metadata.Key<String> authorization = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                if (!("Bearer " + apiKey).equals(headers.get(authorization))) {
                    call.close(Status.UNAUTHENTICATED.withDescription("no valid API key"), new Metadata());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder, List.of(bearer));
        server = builder.build().start();
    }

    /** The address to give {@code --temporal} (its certificate names localhost). */
    String target() {
        return "localhost:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    private static void selfSigned(Path dir, String alias, String name, Path certPem, Path keyPem) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
                "-dname", name, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate(alias);
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        // PKCS#8, as a private key's getEncoded() is
        Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey(alias, "changeit".toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The options that reach this server from a command. */
    List<String> access() {
        return List.of("--temporal", target(), "--temporal-ca", serverCert.toString(), "--temporal-cert", clientCert.toString(),
                "--temporal-key", clientKey.toString(), "--temporal-api-key-file", apiKeyFile.toString());
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
