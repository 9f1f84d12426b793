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
     * Connects to the service at {@code target} ({@code HOST:PORT}) in {@code namespace}, in plain text, waiting at
     * most {@code timeout} for it to answer.
     *
     * @throws Unavailable when the address is malformed or nothing answers there in time
     */
    public static TemporalConnection open(String target, String namespace, Duration timeout) {
        return open(target, namespace, Security.PLAIN, timeout);
    }

    /**
     * Connects to the service at {@code target} ({@code HOST:PORT}) in {@code namespace} with {@code security} (TLS,
     * a client certificate, an API key), waiting at most {@code timeout} for it to answer.
     *
     * @throws Unavailable when the address is malformed, a certificate or key cannot be read, or nothing answers
     *                     there in time (the message says which and what to do)
     */
    public static TemporalConnection open(String target, String namespace, Security security, Duration timeout) {
        String t = target == null ? "" : target.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1 || !t.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            throw new Unavailable("--temporal wants HOST:PORT (e.g. localhost:7233), got '" + target + "'");
        }
        if (namespace == null || namespace.isBlank()) {
            throw new Unavailable("the Temporal namespace is empty; give --temporal-namespace NAME (the service's default one: default)");
        }
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(t);
        security.configure(options);
        WorkflowServiceStubs stubs;
        try {
            stubs = WorkflowServiceStubs.newConnectedServiceStubs(options.build(), timeout);
        } catch (RuntimeException e) {
            String why = firstLine(e);
            String hint = security.tls() ? "; check the service's address, that it speaks TLS, and --temporal-ca (the CA that"
                    + " signed its certificate) or --temporal-cert/--temporal-key (when it asks for a client certificate)"
                    : "; start one there (for a try on one machine: specgraph dev-server --port " + t.substring(colon + 1)
                    + ") or point --temporal at the frontend of your Temporal service (one that speaks TLS, such as Temporal"
                    + " Cloud, also needs --temporal-tls, --temporal-ca or a client certificate)";
            throw new Unavailable("no Temporal service answers at " + t + (security.tls() ? " over TLS" : "") + " (waited "
                    + timeout.toSeconds() + " s: " + why + ")" + hint);
        }
        return new TemporalConnection(t, stubs, namespace);
    }

    /**
     * How a connection proves who it talks to and who it is: TLS ({@code tls}, implied by any of the others), the CA
     * certificates (PEM) that signed the service's certificate ({@code ca}; null: the JVM's trusted CAs), a client
     * certificate chain and its PKCS#8 private key, both PEM, for a service that asks for one (mutual TLS, as Temporal
     * Cloud's certificate authentication), and an API key sent as a bearer token with every call (Temporal Cloud's
     * other authentication). Files are read when the connection is opened.
     *
     * @param tls    TLS even when nothing else is given (a service with a certificate from a trusted CA)
     * @param ca     PEM file of the CA certificates to trust instead of the JVM's, or null
     * @param cert   PEM file of the client certificate chain, or null (then {@code key} too)
     * @param key    PEM file of the client's PKCS#8 private key, or null (then {@code cert} too)
     * @param apiKey the API key, or null; never logged
     */
    public record Security(boolean tls, java.nio.file.Path ca, java.nio.file.Path cert, java.nio.file.Path key, String apiKey) {
        /** Plain text, no authentication: a service on this machine or a trusted network. */
        public static final Security PLAIN = new Security(false, null, null, null, null);

        public Security {
            if ((cert == null) != (key == null)) {
                throw new Unavailable(cert == null ? "--temporal-key needs --temporal-cert (the client certificate it belongs to)"
                        : "--temporal-cert needs --temporal-key (the certificate's private key, PKCS#8 PEM)");
            }
            tls = tls || ca != null || cert != null || (apiKey != null && !apiKey.isEmpty());
        }

        @Override
        public String toString() { // the API key stays out of every message and log
            return "Security[tls=" + tls + ", ca=" + ca + ", cert=" + cert + ", key=" + key + ", apiKey=" + (apiKey == null ? "none" : "set") + "]";
        }

        void configure(WorkflowServiceStubsOptions.Builder options) {
            if (apiKey != null && !apiKey.isEmpty()) {
                options.addApiKey(() -> apiKey);
            }
            if (!tls) {
                return;
            }
            if (ca == null && cert == null) {
                options.setEnableHttps(true);
                return;
            }
            try {
                io.temporal.serviceclient.SimpleSslContextBuilder ssl = cert == null
                        ? io.temporal.serviceclient.SimpleSslContextBuilder.noKeyOrCertChain()
                        : io.temporal.serviceclient.SimpleSslContextBuilder.forPKCS8(read(cert, "--temporal-cert"), read(key, "--temporal-key"));
                if (ca != null) {
                    ssl.setTrustManager(trustManager(ca));
                }
                options.setSslContext(ssl.build());
            } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
                throw new Unavailable("cannot use the TLS files given (" + firstLine(e) + "); --temporal-cert wants a PEM certificate"
                        + " chain, --temporal-key its PKCS#8 PEM private key (BEGIN PRIVATE KEY; convert an RSA one with"
                        + " openssl pkcs8 -topk8 -nocrypt), --temporal-ca PEM certificates");
            }
        }

        private static java.io.InputStream read(java.nio.file.Path file, String option) {
            try {
                return new java.io.ByteArrayInputStream(java.nio.file.Files.readAllBytes(file));
            } catch (java.io.IOException e) {
                throw new Unavailable("cannot read " + option + " " + file + ": " + why(e));
            }
        }

        /** Why a file could not be read, in words. */
        static String why(java.io.IOException e) {
            return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }

        /** A trust manager that trusts exactly the CA certificates of a PEM file. */
        private static javax.net.ssl.TrustManager trustManager(java.nio.file.Path ca) {
            try (java.io.InputStream in = read(ca, "--temporal-ca")) {
                java.util.Collection<? extends java.security.cert.Certificate> certs =
                        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certs.isEmpty()) {
                    throw new Unavailable("--temporal-ca " + ca + " holds no certificate (a PEM file, BEGIN CERTIFICATE)");
                }
                java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (java.security.cert.Certificate c : certs) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                javax.net.ssl.TrustManagerFactory factory =
                        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                return factory.getTrustManagers()[0];
            } catch (java.security.GeneralSecurityException | java.io.IOException e) {
                throw new Unavailable("--temporal-ca " + ca + " is not a PEM file of certificates (" + firstLine(e) + ")");
            }
        }
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
