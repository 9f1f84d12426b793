package io.specgraph.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the commands that take {@code --temporal} reach a Temporal service beyond its address: the namespace, and for a
 * service that is not on this machine TLS, a client certificate (mutual TLS) or an API key, as Temporal Cloud and
 * most clusters want. Plain values only: picocli reflects on this class for every command line, and no Temporal
 * class may load unless a command needs one ({@link OnTemporal} makes the connection's settings of these).
 */
final class TemporalAccess {
    /** The environment variable an API key is read from when no file is given (the name Temporal's own CLI uses). */
    static final String API_KEY_ENV = "TEMPORAL_API_KEY";

    @Option(names = "--temporal-namespace", paramLabel = "NAME", defaultValue = "${env:TEMPORAL_NAMESPACE:-default}",
            description = "With --temporal: the namespace (default: $TEMPORAL_NAMESPACE, else default).")
    String namespace;

    @Option(names = "--temporal-tls",
            description = "With --temporal: talk TLS, trusting the JVM's CAs (implied by --temporal-ca, --temporal-cert and an API key).")
    boolean tls;

    @Option(names = "--temporal-ca", paramLabel = "FILE",
            description = "With --temporal: the CA certificates (PEM) that signed the service's certificate, instead of the JVM's.")
    Path ca;

    @Option(names = "--temporal-cert", paramLabel = "FILE",
            description = "With --temporal: a client certificate chain (PEM) for a service that asks for one (mutual TLS); with --temporal-key.")
    Path cert;

    @Option(names = "--temporal-key", paramLabel = "FILE", description = "With --temporal: the client certificate's private key (PKCS#8 PEM).")
    Path key;

    @Option(names = "--temporal-api-key-file", paramLabel = "FILE",
            description = "With --temporal: a file holding an API key to send (Temporal Cloud); default: $TEMPORAL_API_KEY when set.")
    Path apiKeyFile;

    /** The first of these options given although the command works without Temporal, as a message; null when none is. */
    String givenWithoutTemporal() {
        String given = tls ? "--temporal-tls" : ca != null ? "--temporal-ca" : cert != null ? "--temporal-cert" : key != null ? "--temporal-key"
                : apiKeyFile != null ? "--temporal-api-key-file" : null;
        return given == null ? null : given + " goes with --temporal (it says how to reach the Temporal service)";
    }

    /**
     * The API key: the file's first line, else the environment's, else null. Read here so that the key never
     * appears on a command line (where {@code ps} shows it to everyone on the machine).
     *
     * @throws IllegalArgumentException when the file cannot be read or is empty
     */
    String apiKey() {
        if (apiKeyFile == null) {
            String env = System.getenv(API_KEY_ENV);
            return env == null || env.isBlank() ? null : env.strip();
        }
        try {
            String text = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            String first = (nl < 0 ? text : text.substring(0, nl)).strip();
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--temporal-api-key-file " + apiKeyFile + " is empty; put the API key on its first line");
            }
            return first;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --temporal-api-key-file " + apiKeyFile + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()));
        }
    }
}
