package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands reach a Temporal service that wants what production services want (TLS with its own CA, a client
 * certificate, an API key): with {@code --temporal-ca}, {@code --temporal-cert}/{@code --temporal-key} and
 * {@code --temporal-api-key-file} a worker serves and a run runs to its end; without them, or with the wrong ones,
 * the command ends with exit 2 and a message that says what to give, never a stack trace.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TemporalSecurityTest {
    private static final String KEY = "test-api-key-5f1c";

    @TempDir
    Path dir;

    private Path spec() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("spec"));
        Files.writeString(folder.resolve("plan.ttl"), """
                @prefix :        <https://example.org/tls#> .
                @prefix sg:      <https://w3id.org/specgraph#> .
                @prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
                @prefix dcterms: <http://purl.org/dc/terms/> .

                :spec a sg:Spec ; dcterms:title "Over TLS" ; sg:goal "Run on a secured service" .
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" ; sg:responsibility "builds" .
                :build a sg:Task ; rdfs:label "Build" ; sg:agent :dev ; sg:phase :p1 ;
                    sg:command "echo build >> '%s'" ; sg:estimatedDuration "PT1M"^^xsd:duration .
                """.formatted(dir.resolve("log.txt")));
        return folder;
    }

    private static String[] args(List<String> first, List<String> access, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(access);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void clear(Run run) {
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void aWorkerAndARunReachAServiceThatWantsTlsAClientCertificateAndAnApiKey() throws Exception {
        Path spec = spec();
        try (TlsTemporalServer server = new TlsTemporalServer(Files.createDirectories(dir.resolve("tls")), KEY)) {
            CompletableFuture<Run> worker = new CompletableFuture<>();
            Thread thread = Thread.ofPlatform().start(() -> worker.complete(Run.of(args(List.of("worker", spec.toString()), server.access(),
                    "--allow-commands", "--name", "w1", "--store", dir.resolve("store").toString()))));
            try {
                Run run = Run.of(args(List.of("run", spec.toString()), server.access(), "--progress", "plain"));
                assertThat(run.code()).as(run.out() + run.err()).isZero();
                assertThat(run.out()).contains("started on Temporal at " + server.target(), "task build succeeded");
                assertThat(Files.readString(dir.resolve("log.txt"))).isEqualTo("build\n");
            } finally {
                thread.interrupt();
                Run stopped = worker.get(60, TimeUnit.SECONDS);
                assertThat(stopped.out()).contains("worker w1 serves");
            }
        }
    }

    @Test
    void withoutWhatTheServiceWantsTheCommandSaysWhatToGive() throws Exception {
        Path spec = spec();
        try (TlsTemporalServer server = new TlsTemporalServer(Files.createDirectories(dir.resolve("tls")), KEY)) {
            String t = server.target();
            Run plain = Run.of("run", spec.toString(), "--temporal", t);
            clear(plain);
            assertThat(plain.err()).contains("no Temporal service answers at " + t, "--temporal-tls", "--temporal-ca");
            assertThat(plain.err()).contains("nothing was run");

            // TLS and the CA, but not the client certificate this service asks for
            Run noCert = Run.of("show", "abc", "--temporal", t, "--temporal-ca", server.serverCert.toString(),
                    "--temporal-api-key-file", server.apiKeyFile.toString());
            clear(noCert);
            assertThat(noCert.err()).contains("no Temporal service answers at " + t + " over TLS", "--temporal-cert");

            // everything but the API key
            Run noKey = Run.of("show", "abc", "--temporal", t, "--temporal-ca", server.serverCert.toString(),
                    "--temporal-cert", server.clientCert.toString(), "--temporal-key", server.clientKey.toString());
            clear(noKey);
            assertThat(noKey.err()).contains("over TLS");

            Run half = Run.of("approve", "abc", "gate", "--as", "lead", "--temporal", t, "--temporal-cert", server.clientCert.toString());
            clear(half);
            assertThat(half.err()).contains("--temporal-cert needs --temporal-key");

            Run missing = Run.of("show", "abc", "--temporal", t, "--temporal-ca", dir.resolve("no-such-ca.pem").toString());
            clear(missing);
            assertThat(missing.err()).contains("cannot read --temporal-ca", "no-such-ca.pem");

            Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
            Run bad = Run.of("show", "abc", "--temporal", t, "--temporal-ca", notPem.toString());
            clear(bad);
            assertThat(bad.err()).contains("--temporal-ca", "not.pem");

            Path empty = Files.writeString(dir.resolve("empty-key.txt"), "\n");
            Run emptyKey = Run.of("show", "abc", "--temporal", t, "--temporal-api-key-file", empty.toString());
            clear(emptyKey);
            assertThat(emptyKey.err()).contains("--temporal-api-key-file", "is empty");
        }
    }

    @Test
    void theSecurityOptionsGoWithTemporalOnly() throws Exception {
        Run run = Run.of("run", spec().toString(), "--simulate", "--temporal-tls");
        clear(run);
        assertThat(run.err()).contains("--temporal-tls goes with --temporal");
        Run show = Run.of("show", "abc", "--temporal-ca", "ca.pem", "--store", dir.resolve("store").toString());
        clear(show);
        assertThat(show.err()).contains("--temporal-ca goes with --temporal");
    }
}
