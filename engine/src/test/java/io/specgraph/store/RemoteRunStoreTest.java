package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.update.UpdateAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The remote store keeps the contract against an embedded Fuseki on a loopback port, and fails clearly without one. */
class RemoteRunStoreTest extends RunStoreContract {
    private FusekiServer fuseki;
    private DatasetGraph dataset;

    @Override
    RunStore newStore() {
        dataset = DatasetGraphFactory.createTxnMem();
        fuseki = FusekiServer.create().loopback(true).port(0).add("/runs", dataset).build().start();
        return RunStore.open(url());
    }

    private String url() {
        return "http://localhost:" + fuseki.getPort() + "/runs";
    }

    @AfterEach
    void stopFuseki() {
        if (fuseki != null) {
            fuseki.stop();
        }
    }

    @Test
    void aWriterWhoseLeaseExpiredReadsInterruptedAndLosesTheRunToTheNextWriter() throws Exception {
        try (RunStore shortLeases = new RemoteRunStore(URI.create(url()), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(10))) {
            RunWriter first = shortLeases.create(registration("lease", T0, 2));
            String id = first.runId();
            Thread.sleep(2500);
            assertThat(store.find(id).orElseThrow().progress().state()).as("renewed while open").isEqualTo(RunInfo.State.RUNNING);
            // as if the run had been left by a process that died: its lease is someone else's and long expired
            Txn.executeWrite(dataset, () -> UpdateAction.parseExecute("PREFIX s: <" + RemoteRunStore.S + ">\n"
                    + "DELETE WHERE { GRAPH <" + RemoteRunStore.LEASES + "> { ?r ?p ?o } } ;\n"
                    + "INSERT DATA { GRAPH <" + RemoteRunStore.LEASES + "> { <" + RunIds.iri(id) + "> s:holder \"dead\" ; "
                    + "s:until \"2000-01-01T00:00:00Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> } }", dataset));
            assertThat(store.find(id).orElseThrow().progress().state()).isEqualTo(RunInfo.State.INTERRUPTED);
            RunWriter second = store.reopen(id);
            second.append(List.of("by the second writer"));
            Thread.sleep(1500);
            assertThatThrownBy(() -> first.append(List.of("late"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("lost its lease");
            assertThat(store.journal(id)).containsExactly("by the second writer");
            second.close();
            first.close();
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsAClearError() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String down = "http://127.0.0.1:" + port + "/runs";
        try (RunStore s = RunStore.open(down)) {
            assertThatThrownBy(s::runs).isInstanceOf(StoreException.class)
                    .hasMessageContaining("the run store " + down + " does not answer")
                    .hasMessageContaining("start the SPARQL endpoint or check the URL given with --store");
        }
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersTimesOut() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/runs";
            try (RunStore s = new RemoteRunStore(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(500))) {
                assertThatThrownBy(s::runs).isInstanceOf(StoreException.class)
                        .hasMessageContaining("the run store " + url + " did not answer within 500 ms");
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aUrlThatIsNoEndpointIsRefused() {
        assertThatThrownBy(() -> RunStore.remote(URI.create("ftp://host/runs"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("http://host:port/dataset");
        String missing = "http://localhost:" + fuseki.getPort() + "/nothing-here";
        try (RunStore s = RunStore.open(missing)) {
            assertThatThrownBy(s::runs).isInstanceOf(StoreException.class)
                    .hasMessageContaining("the run store " + missing + " refused a request (HTTP 404");
        }
    }
}
