package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.vocab.SG;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphMemFactory;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunStore} does, whatever it keeps runs in: each store's test extends this class and says
 * how to make an empty store.
 */
abstract class RunStoreContract {
    static final String EX = "https://example.org/spec#";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration LIMIT = Duration.ofSeconds(20);

    RunStore store;

    /** A new, empty store. */
    abstract RunStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static Node ex(String local) {
        return NodeFactory.createURI(EX + local);
    }

    /** A registration of a spec with {@code tasks} tasks, started at {@code started}. */
    static NewRun registration(String label, Instant started, int tasks) {
        Graph spec = GraphMemFactory.createDefaultGraph();
        Map<String, String> fingerprints = new HashMap<>();
        StringBuilder plan = new StringBuilder("{\"tasks\": [");
        for (int i = 1; i <= tasks; i++) {
            spec.add(Triple.create(ex("t" + i), RDF.type.asNode(), SG.term("Task")));
            spec.add(Triple.create(ex("t" + i), SG.term("label"), NodeFactory.createLiteralString(label + " task " + i)));
            fingerprints.put(EX + "t" + i, "fp-" + label + "-" + i);
            plan.append(i > 1 ? ", " : "").append("{\"iri\": \"").append(EX).append("t").append(i).append("\", \"level\": ").append(i).append("}");
        }
        plan.append("]}");
        return NewRun.of(label, Map.of("workers", "4", "dialect", "core"),
                Map.of(label + "/plan.ttl", "@prefix sg: <" + SG.NS + "> .\n# \"quoted\" é ☃\n", label + "/feature.ttl", "# empty\n"),
                spec, plan.toString(), fingerprints, started);
    }

    static RunInfo.Progress progress(RunInfo.State state, int done, int total, String... gates) {
        return new RunInfo.Progress(state, done, total, Duration.ofSeconds(done), List.of(gates));
    }

    static Graph record(String runIri, String marker) {
        Graph g = GraphMemFactory.createDefaultGraph();
        g.add(Triple.create(NodeFactory.createURI(runIri), RDF.type.asNode(), SG.term("Run")));
        g.add(Triple.create(NodeFactory.createURI(runIri), SG.term("marker"), NodeFactory.createLiteralString(marker)));
        return g;
    }

    RunInfo info(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void aNewRunIsFoundByItsIdAndByAUniquePrefixOfIt() {
        NewRun reg = registration("alpha", T0, 3);
        String id;
        try (RunWriter w = store.create(reg)) {
            id = w.runId();
            assertThat(RunIds.valid(id)).as("printable id %s", id).isTrue();
            RunInfo info = info(id);
            assertThat(info.id()).isEqualTo(id);
            assertThat(info.runIri()).isEqualTo(RunIds.iri(id));
            assertThat(info.spec()).isEqualTo("alpha");
            assertThat(info.started()).isEqualTo(T0);
            assertThat(info.progress().state()).isEqualTo(RunInfo.State.RUNNING);
            assertThat(info.progress().tasksTotal()).isEqualTo(3);
            assertThat(info.progress().tasksDone()).isZero();
            assertThat(store.find(id.substring(0, 2))).map(RunInfo::id).contains(id);
            assertThat(store.find(id.charAt(0) == 'z' ? "yy" : "zz")).isEmpty();
        }
        NewRun back = store.registration(id);
        assertThat(back.spec()).isEqualTo("alpha");
        assertThat(back.started()).isEqualTo(T0);
        assertThat(back.options()).isEqualTo(reg.options());
        assertThat(back.sources()).isEqualTo(reg.sources());
        assertThat(back.fingerprints()).isEqualTo(reg.fingerprints());
        assertThat(back.plan()).isEqualTo(reg.plan());
        assertThat(back.specGraph().isIsomorphicWith(reg.specGraph())).as("spec graph read back").isTrue();
    }

    @Test
    void anAmbiguousPrefixIsAClearError() {
        // 31 letters start an id: by the 32nd run at the latest two share their first letter
        Map<Character, String> byFirst = new HashMap<>();
        List<String> same = null;
        for (int i = 0; same == null; i++) {
            try (RunWriter w = store.create(registration("r" + i, T0.plusSeconds(i), 1))) {
                String earlier = byFirst.putIfAbsent(w.runId().charAt(0), w.runId());
                if (earlier != null) {
                    same = List.of(earlier, w.runId());
                }
            }
        }
        String prefix = same.get(0).substring(0, 1);
        List<String> both = same;
        assertThatThrownBy(() -> store.find(prefix))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining(both.get(0))
                .hasMessageContaining(both.get(1))
                .hasMessageContaining(store.location());
        assertThat(store.find(both.get(1))).map(RunInfo::id).contains(both.get(1));
    }

    @Test
    void runsAreListedMostRecentlyStartedFirst() {
        List<String> ids = new ArrayList<>();
        for (int offset : new int[] {20, 30, 10}) {
            try (RunWriter w = store.create(registration("s" + offset, T0.plusSeconds(offset), 1))) {
                ids.add(w.runId());
            }
        }
        assertThat(store.runs()).extracting(RunInfo::id).containsExactly(ids.get(1), ids.get(0), ids.get(2));
        assertThat(store.runs()).extracting(RunInfo::spec).containsExactly("s30", "s20", "s10");
    }

    @Test
    void theJournalReadsBackInTheOrderItWasAppended() {
        List<String> entries = List.of("start t1", "", "  spaced\tand tabbed  ", "unicode é ☃ \"quoted\" \\back\\slash", "<x> 'y'");
        String id;
        try (RunWriter w = store.create(registration("j", T0, 2))) {
            id = w.runId();
            assertThat(store.journal(id)).isEmpty();
            w.append(entries.subList(0, 2));
            w.append(List.of());
            w.append(entries.subList(2, 5));
            w.sync();
            assertThat(store.journal(id)).containsExactlyElementsOf(entries);
        }
        try (RunWriter again = store.reopen(id)) {
            again.append(List.of("after resume"));
        }
        List<String> all = new ArrayList<>(entries);
        all.add("after resume");
        assertThat(store.journal(id)).containsExactlyElementsOf(all);
    }

    @Test
    void anEntryWithALineBreakIsRefusedAndNothingOfItsBatchIsWritten() {
        try (RunWriter w = store.create(registration("nl", T0, 1))) {
            w.append(List.of("first"));
            assertThatThrownBy(() -> w.append(List.of("ok", "two\nlines")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("line break");
            assertThatThrownBy(() -> w.append(List.of("carriage\rreturn")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("line break");
            assertThat(store.journal(w.runId())).containsExactly("first");
        }
    }

    @Test
    void decisionsArePostedInOrderAndPickedUpByTheWriter() {
        GateDecision yes = new GateDecision(EX + "g1", true, EX + "alice", "", T0.plusMillis(1500));
        GateDecision no = new GateDecision(EX + "g2", false, EX + "bob", "not yet:\nsee the \"report\" é", T0.plusSeconds(90));
        try (RunWriter w = store.create(registration("d", T0, 2))) {
            String id = w.runId();
            assertThat(w.decisionsAfter(0)).isEmpty();
            assertThat(store.decisions(id)).isEmpty();
            store.decide(id, yes);
            assertThat(w.decisionsAfter(0)).containsExactly(yes);
            store.decide(id, no);
            assertThat(store.decisions(id)).containsExactly(yes, no);
            assertThat(w.decisionsAfter(0)).containsExactly(yes, no);
            assertThat(w.decisionsAfter(1)).containsExactly(no);
            assertThat(w.decisionsAfter(2)).isEmpty();
            assertThat(w.decisionsAfter(5)).isEmpty();
        }
    }

    @Test
    void progressAndTheSavedRecordAreWhatTheStoreShows() {
        try (RunWriter w = store.create(registration("p", T0, 3))) {
            String id = w.runId();
            assertThat(store.record(id)).isEmpty();
            w.progress(progress(RunInfo.State.RUNNING, 2, 3, EX + "g1", EX + "g2"));
            assertThat(info(id).progress()).isEqualTo(progress(RunInfo.State.RUNNING, 2, 3, EX + "g1", EX + "g2"));
            assertThat(store.runs()).singleElement().extracting(RunInfo::progress)
                    .isEqualTo(progress(RunInfo.State.RUNNING, 2, 3, EX + "g1", EX + "g2"));
            Graph rec = record(RunIds.iri(id), "first save");
            w.saveRecord(rec, progress(RunInfo.State.RUNNING, 2, 3));
            assertThat(store.record(id)).hasValueSatisfying(g -> assertThat(g.isIsomorphicWith(rec)).isTrue());
            Graph last = record(RunIds.iri(id), "last save");
            w.saveRecord(last, progress(RunInfo.State.SUCCEEDED, 3, 3));
            assertThat(store.record(id)).hasValueSatisfying(g -> assertThat(g.isIsomorphicWith(last)).as("replaced").isTrue());
            assertThat(info(id).progress()).isEqualTo(progress(RunInfo.State.SUCCEEDED, 3, 3));
        }
    }

    @Test
    void aLiveRunCannotBeReopenedNorAFinishedOne() {
        RunWriter w = store.create(registration("live", T0, 2));
        String id = w.runId();
        assertThatThrownBy(() -> store.reopen(id)).isInstanceOf(StoreException.class)
                .hasMessageContaining(id).hasMessageContaining("being run");
        w.progress(progress(RunInfo.State.RUNNING, 1, 2));
        w.close();
        assertThat(info(id).progress().state()).isEqualTo(RunInfo.State.INTERRUPTED);
        assertThat(info(id).progress().tasksDone()).isEqualTo(1);
        RunWriter again = store.reopen(id);
        assertThat(again.runId()).isEqualTo(id);
        assertThat(info(id).progress().state()).as("live again").isEqualTo(RunInfo.State.RUNNING);
        assertThatThrownBy(() -> store.reopen(id)).isInstanceOf(StoreException.class).hasMessageContaining("being run");
        again.saveRecord(record(RunIds.iri(id), "done"), progress(RunInfo.State.FAILED, 2, 2));
        again.close();
        assertThat(info(id).progress().state()).isEqualTo(RunInfo.State.FAILED);
        assertThatThrownBy(() -> store.reopen(id)).isInstanceOf(StoreException.class)
                .hasMessageContaining("finished").hasMessageContaining("failed");
    }

    @Test
    void aRunLeftWaitingForADecisionStaysWaiting() {
        String id;
        try (RunWriter w = store.create(registration("wait", T0, 2))) {
            id = w.runId();
            w.progress(progress(RunInfo.State.WAITING, 1, 2, EX + "approval"));
        }
        assertThat(info(id).progress()).isEqualTo(progress(RunInfo.State.WAITING, 1, 2, EX + "approval"));
        store.reopen(id).close();
    }

    @Test
    void anUnknownRunIsAClearError() {
        for (var call : List.<Runnable>of(() -> store.reopen("nosuch"), () -> store.journal("nosuch"),
                () -> store.registration("nosuch"), () -> store.record("nosuch"), () -> store.decisions("nosuch"),
                () -> store.decide("nosuch", new GateDecision(EX + "g", true, EX + "a", "", T0)))) {
            assertThatThrownBy(call::run).isInstanceOf(StoreException.class)
                    .hasMessageContaining("no run nosuch").hasMessageContaining(store.location());
        }
        assertThat(store.find("nosuch")).isEmpty();
    }

    @Test
    void historyQueriesSeeSpecsPlansRecordsAndRuns() {
        String id;
        try (RunWriter w = store.create(registration("hist", T0, 2))) {
            id = w.runId();
            w.saveRecord(record(RunIds.iri(id), "recorded"), progress(RunInfo.State.SUCCEEDED, 2, 2));
        }
        String prefixes = "PREFIX sg: <" + SG.NS + ">\nPREFIX ex: <" + EX + ">\n";
        QueryAnswer rows = store.query(prefixes + "SELECT ?id ?state ?spec WHERE { ?r sg:runId ?id ; sg:runState ?state ; "
                + "sg:specLocation ?spec ; sg:marker \"recorded\" }", LIMIT);
        assertThat(rows).isInstanceOfSatisfying(QueryAnswer.Rows.class, r -> {
            assertThat(r.variables()).containsExactly("id", "state", "spec");
            assertThat(r.rows()).singleElement().satisfies(row -> {
                assertThat(row.get("id").getLiteralLexicalForm()).isEqualTo(id);
                assertThat(row.get("state")).isEqualTo(SG.term("Succeeded"));
                assertThat(row.get("spec").getLiteralLexicalForm()).isEqualTo("hist");
            });
        });
        assertThat(store.query(prefixes + "ASK { ex:t2 a sg:Task . ?r sg:planJson ?plan FILTER(CONTAINS(?plan, \"t2\\\", \\\"level\\\": 2\")) }", LIMIT))
                .as("spec and plan joined").isEqualTo(new QueryAnswer.Answer(true));
        assertThat(store.query(prefixes + "ASK { ex:t3 a sg:Task }", LIMIT)).isEqualTo(new QueryAnswer.Answer(false));
        assertThat(store.query(prefixes + "PREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
                + "ASK { ?r prov:startedAtTime ?t FILTER(?t = \"2025-03-01T10:00:00Z\"^^xsd:dateTime) }", LIMIT))
                .as("a start on a whole minute is a well-formed xsd:dateTime").isEqualTo(new QueryAnswer.Answer(true));
        QueryAnswer triples = store.query(prefixes + "CONSTRUCT { ?r sg:marker ?m } WHERE { ?r sg:marker ?m }", LIMIT);
        assertThat(triples).isInstanceOfSatisfying(QueryAnswer.Triples.class, t -> assertThat(t.graph().isIsomorphicWith(
                graph(Triple.create(NodeFactory.createURI(RunIds.iri(id)), SG.term("marker"),
                        NodeFactory.createLiteralString("recorded"))))).isTrue());
    }

    @Test
    void historyQueriesMayNotLeaveTheStoreNorDescribeNorUpdate() {
        store.create(registration("q", T0, 1)).close();
        assertThatThrownBy(() -> store.query("SELECT * WHERE { SERVICE <http://localhost:1/sparql> { ?s ?p ?o } }", LIMIT))
                .isInstanceOf(StoreException.class).hasMessageContaining("SERVICE");
        assertThatThrownBy(() -> store.query("DESCRIBE <" + EX + "t1>", LIMIT))
                .isInstanceOf(StoreException.class).hasMessageContaining("DESCRIBE");
        assertThatThrownBy(() -> store.query("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", LIMIT))
                .isInstanceOf(StoreException.class).hasMessageContaining("FROM");
        assertThatThrownBy(() -> store.query("INSERT DATA { <" + EX + "a> <" + EX + "b> <" + EX + "c> }", LIMIT))
                .isInstanceOf(StoreException.class).hasMessageContaining("does not parse");
        assertThat(store.query("ASK { <" + EX + "a> ?p ?o }", LIMIT)).isEqualTo(new QueryAnswer.Answer(false));
    }

    @Test
    void twoRunsWrittenAtOnceDoNotInterfere() throws Exception {
        int n = 200;
        RunWriter a = store.create(registration("a", T0, 1));
        RunWriter b = store.create(registration("b", T0.plusSeconds(1), 1));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (RunWriter w : List.of(a, b)) {
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < n; i++) {
                        w.append(i % 10 == 0 ? List.of(w.runId() + " " + i + " x", w.runId() + " " + i + " y")
                                : List.of(w.runId() + " " + i));
                        if (i % 50 == 0) {
                            w.progress(progress(RunInfo.State.RUNNING, 0, 1));
                        }
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 10; i++) {
                    store.decide(i % 2 == 0 ? a.runId() : b.runId(), new GateDecision(EX + "g" + i, true, EX + "x", "", T0));
                    store.runs();
                }
                return null;
            }));
            go.countDown();
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            a.close();
            b.close();
        }
        for (RunWriter w : List.of(a, b)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % 10 == 0) {
                    expected.add(w.runId() + " " + i + " x");
                    expected.add(w.runId() + " " + i + " y");
                } else {
                    expected.add(w.runId() + " " + i);
                }
            }
            assertThat(store.journal(w.runId())).containsExactlyElementsOf(expected);
        }
        assertThat(store.decisions(a.runId())).extracting(GateDecision::gate)
                .containsExactly(EX + "g0", EX + "g2", EX + "g4", EX + "g6", EX + "g8");
        assertThat(store.decisions(b.runId())).extracting(GateDecision::gate)
                .containsExactly(EX + "g1", EX + "g3", EX + "g5", EX + "g7", EX + "g9");
    }

    static Graph graph(Triple... triples) {
        Graph g = GraphMemFactory.createDefaultGraph();
        for (Triple t : triples) {
            g.add(t);
        }
        return g;
    }

    static TaskSuccess success(String runId, String task, Instant at, String fingerprint) {
        return TaskSuccess.of(runId, EX + task, RunIds.iri(runId) + ":task:0:attempt:1", at, fingerprint,
                Map.of("statement " + EX + "command", "h1", "input a b.txt", "h2"), Map.of("out/é ☃.txt", "h3"),
                Map.of(EX + "m", "4.50"), "s5:hello");
    }

    @Test
    void keptSuccessesAreReadBackTheLastOnePerTaskOnly() {
        String a;
        String b;
        try (RunWriter w = store.create(registration("a", T0, 2))) {
            a = w.runId();
        }
        try (RunWriter w = store.create(registration("b", T0.plusSeconds(60), 2))) {
            b = w.runId();
        }
        assertThat(store.lastSuccesses(List.of(EX + "t1"))).isEmpty();
        store.keepSuccesses(List.of(success(a, "t1", T0.plusSeconds(1), "fp-old"), success(a, "t2", T0.plusSeconds(2), "fp-2")));
        store.keepSuccesses(List.of(success(b, "t1", T0.plusSeconds(61), "fp-new")));
        store.keepSuccesses(List.of());

        Map<String, TaskSuccess> readOnly = store.lastSuccessesReadOnly(List.of(EX + "t1", EX + "t2", EX + "t3"));
        Map<String, TaskSuccess> last = store.lastSuccesses(List.of(EX + "t1", EX + "t2", EX + "t3"));
        assertThat(readOnly).isEqualTo(last);
        assertThat(last).containsOnlyKeys(EX + "t1", EX + "t2");
        assertThat(last.get(EX + "t1")).isEqualTo(success(b, "t1", T0.plusSeconds(61), "fp-new"));
        assertThat(last.get(EX + "t2").runId()).isEqualTo(a);
        assertThat(last.get(EX + "t2").outputs()).containsEntry("out/é ☃.txt", "h3");
        assertThat(last.get(EX + "t2").measurements()).containsEntry(EX + "m", "4.50");
        assertThat(store.lastSuccesses(List.of(EX + "t2"))).containsOnlyKeys(EX + "t2");
    }
}
