package io.specgraph.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk store keeps the contract, and what only a store shared by processes must do. */
class DiskRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;

    @Override
    RunStore newStore() {
        return RunStore.onDisk(dir.resolve("store"));
    }

    @Test
    void aSecondStoreOnTheSameFolderSeesRunsJournalsDecisionsAndRecords() {
        String id;
        try (RunWriter w = store.create(registration("shared", T0, 2))) {
            id = w.runId();
            w.append(List.of("one", "two"));
            store.decide(id, new GateDecision(EX + "g", true, EX + "alice", "ok", T0));
            try (RunStore other = RunStore.onDisk(dir.resolve("store"))) {
                assertThat(other.runs()).extracting(RunInfo::id).containsExactly(id);
                assertThat(other.find(id).orElseThrow().progress().state()).isEqualTo(RunInfo.State.RUNNING);
                assertThat(other.journal(id)).containsExactly("one", "two");
                assertThat(other.decisions(id)).extracting(GateDecision::comment).containsExactly("ok");
                assertThatThrownBy(() -> other.reopen(id)).isInstanceOf(StoreException.class).hasMessageContaining("being run");
                other.decide(id, new GateDecision(EX + "g2", false, EX + "bob", "no", T0));
            }
            assertThat(w.decisionsAfter(1)).extracting(GateDecision::comment).containsExactly("no");
            w.saveRecord(record(RunIds.iri(id), "saved"), progress(RunInfo.State.SUCCEEDED, 2, 2));
        }
        try (RunStore other = RunStore.onDisk(dir.resolve("store"))) {
            assertThat(other.record(id)).hasValueSatisfying(g -> assertThat(g.isIsomorphicWith(record(RunIds.iri(id), "saved"))).isTrue());
            assertThat(other.registration(id).plan()).isEqualTo(registration("shared", T0, 2).plan());
            assertThat(other.find(id).orElseThrow().progress().state()).isEqualTo(RunInfo.State.SUCCEEDED);
        }
    }

    @Test
    void thePlanAndFingerprintsAreTheirOwnFilesAndARegistrationThatKeptThemAsPropertiesIsStillRead() throws IOException {
        NewRun reg = registration("planned", T0, 2);
        String id;
        try (RunWriter w = store.create(reg)) {
            id = w.runId();
        }
        Path folder = dir.resolve("store/runs/" + id);
        // a megabyte plan escaped character by character into a properties file cost more than the rest of the run
        assertThat(folder.resolve("plan.json")).content(StandardCharsets.UTF_8).isEqualTo(reg.plan());
        assertThat(folder.resolve("registration.properties")).content(StandardCharsets.UTF_8).doesNotContain("plan=")
                .doesNotContain("fingerprint.");
        assertThat(Files.readAllLines(folder.resolve("fingerprints"))).containsExactly(EX + "t1 fp-planned-1", EX + "t2 fp-planned-2");
        assertThat(store.registration(id).fingerprints()).isEqualTo(reg.fingerprints());

        // a run registered by an earlier build of format 2: plan and fingerprints properties of the registration
        java.util.Properties old = new java.util.Properties();
        try (var in = Files.newBufferedReader(folder.resolve("registration.properties"), StandardCharsets.UTF_8)) {
            old.load(in);
        }
        old.setProperty("plan", reg.plan());
        reg.fingerprints().forEach((iri, fp) -> old.setProperty("fingerprint." + iri, fp));
        Files.delete(folder.resolve("fingerprints"));
        try (var out = Files.newBufferedWriter(folder.resolve("registration.properties"), StandardCharsets.UTF_8)) {
            old.store(out, null);
        }
        Files.delete(folder.resolve("plan.json"));
        try (RunStore other = RunStore.onDisk(dir.resolve("store"))) {
            assertThat(other.registration(id).plan()).isEqualTo(reg.plan());
            assertThat(other.registration(id).fingerprints()).isEqualTo(reg.fingerprints());
            assertThat(other.query("PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { ?r sg:runId \"" + id
                    + "\" ; sg:planJson ?p FILTER(CONTAINS(?p, \"level\")) }", LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        }
    }

    /** A large plan's JSON goes to plan.json as it is made, never as one text of megabytes (nor its bytes). */
    @Test
    void thePlansJsonIsWrittenIntoItsFileAsItIsMade() throws IOException {
        NewRun given = registration("streamed", T0, 3);
        java.util.List<Class<?>> writers = new java.util.ArrayList<>();
        String big = given.plan().replace("streamed task", "x".repeat(100_000) + " é ☃");
        NewRun reg = NewRun.withPlanWrittenWhenAsked(given.spec(), given.options(), given.sources(), given.specGraph(), out -> {
            writers.add(out.getClass());
            for (int i = 0; i < big.length(); i += 1000) {
                out.write(big, i, Math.min(1000, big.length() - i));
            }
        }, given.fingerprints(), given.started());
        String id;
        try (RunWriter w = store.create(reg)) {
            id = w.runId();
        }
        assertThat(writers).as("one writing, straight into the file").hasSize(1).doesNotContain(java.io.StringWriter.class);
        assertThat(dir.resolve("store/runs/" + id + "/plan.json")).content(StandardCharsets.UTF_8).isEqualTo(big);
        try (RunStore other = RunStore.onDisk(dir.resolve("store"))) {
            assertThat(other.registration(id).plan()).isEqualTo(big);
        }
    }

    /**
     * The plan's JSON is written beside the run, not before it: the run is created, queried and read while it is
     * being written; its writer waits for it on close; a failure to write it is said on close, the run kept.
     */
    @Test
    void thePlansJsonIsWrittenBesideTheRunAndWaitedForOnClose() throws Exception {
        NewRun given = registration("beside", T0, 2);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        NewRun reg = NewRun.withPlanWrittenWhenAsked(given.spec(), given.options(), given.sources(), given.specGraph(), out -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            out.write(given.plan());
        }, given.fingerprints(), given.started());
        String planned = "PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { ?r sg:runId ?id ; sg:planJson ?p }";
        String id;
        try (RunWriter w = store.create(reg)) {
            id = w.runId();
            w.append(List.of("e1"));
            assertThat(dir.resolve("store/runs/" + id + "/plan.json")).doesNotExist();
            assertThat(store.runs()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(id));
            assertThat(store.query(planned, LIMIT)).isEqualTo(new QueryAnswer.Answer(false));
            NewRun back = store.registration(id);
            assertThat(back.fingerprints()).isEqualTo(given.fingerprints());
            assertThatThrownBy(back::plan).isInstanceOf(StoreException.class).hasMessageContaining("run " + id)
                    .hasMessageContaining("has no plan JSON");
            go.countDown();
        }
        assertThat(dir.resolve("store/runs/" + id + "/plan.json")).content(StandardCharsets.UTF_8).isEqualTo(given.plan());
        assertThat(store.query(planned, LIMIT)).as("the index takes the plan once written").isEqualTo(new QueryAnswer.Answer(true));
        assertThat(store.registration(id).plan()).isEqualTo(given.plan());

        NewRun failing = NewRun.withPlanWrittenWhenAsked(given.spec(), given.options(), given.sources(), given.specGraph(), out -> {
            throw new IOException("disk full");
        }, given.fingerprints(), given.started());
        RunWriter w = store.create(failing);
        w.append(List.of("e1"));
        assertThatThrownBy(w::close).isInstanceOf(StoreException.class).hasMessageContaining("cannot write the plan JSON of run " + w.runId())
                .hasMessageContaining("disk full").hasMessageContaining("the run itself is kept");
        assertThat(store.journal(w.runId())).containsExactly("e1");
    }

    @Test
    void aFolderThatIsNotAStoreIsRefused() throws IOException {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> RunStore.onDisk(foreign)).isInstanceOf(StoreException.class)
                .hasMessage(foreign + " is not a specgraph run store (no specgraph-store file); choose an empty folder or another --store");
        assertThat(foreign.resolve("runs")).doesNotExist();

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> RunStore.onDisk(file)).isInstanceOf(StoreException.class).hasMessageContaining("is a file");

        Path later = Files.createDirectories(dir.resolve("later"));
        Files.writeString(later.resolve(DiskRunStore.MARKER), "format=7\n");
        assertThatThrownBy(() -> RunStore.onDisk(later)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format 7").hasMessageContaining("reads formats 2 to 4");
    }

    @Test
    void listingAStoreThatDoesNotExistCreatesNothing() {
        Path none = dir.resolve("none");
        try (RunStore s = RunStore.onDisk(none)) {
            assertThat(s.runs()).isEmpty();
            assertThat(s.find("abc")).isEmpty();
            assertThat(s.query("ASK { ?s ?p ?o }", LIMIT)).isEqualTo(new QueryAnswer.Answer(false));
        }
        assertThat(none).doesNotExist();
        Path empty = dir.resolve("empty");
        try (RunStore s = RunStore.onDisk(empty)) {
            s.create(registration("first", T0, 1)).close();
        }
        assertThat(empty.resolve(DiskRunStore.MARKER)).content().contains("format=4");
    }

    @Test
    void aLineAKilledWriterLeftHalfWrittenIsNotPartOfTheJournalAndIsCutOffOnReopen() throws IOException {
        String id;
        try (RunWriter w = store.create(registration("torn", T0, 1))) {
            id = w.runId();
            w.append(List.of("whole"));
        }
        Path journal = dir.resolve("store/runs/" + id + "/journal");
        Files.writeString(journal, "half of a li", StandardOpenOption.APPEND);
        assertThat(store.journal(id)).containsExactly("whole");
        try (RunWriter w = store.reopen(id)) {
            w.append(List.of("next"));
        }
        assertThat(store.journal(id)).containsExactly("whole", "next");
        assertThat(journal).content(StandardCharsets.UTF_8).isEqualTo("whole\nnext\n");
    }

    /**
     * The database only indexes the run folders: damaged, it stops history queries with an error that says how
     * to rebuild it, and nothing else; removed, the next query builds it again with everything it had.
     */
    @Test
    void aDamagedDatabaseStopsOnlyQueriesAndIsRebuiltFromTheRunFolders() throws IOException {
        String id;
        try (RunWriter w = store.create(registration("damaged", T0, 1))) {
            id = w.runId();
            w.append(List.of("kept"));
            w.saveRecord(record(RunIds.iri(id), "before"), progress(RunInfo.State.INTERRUPTED, 0, 1));
        }
        String ask = "PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { ?r sg:marker \"before\" ; sg:runState sg:Interrupted ; sg:planJson ?p }";
        assertThat(store.query(ask, LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        Path tdb2 = dir.resolve("store/tdb2");
        try (var files = Files.walk(tdb2)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lock")).toList()) {
                Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            }
        }
        // nothing a run, a resume or an approval needs is in the database
        assertThat(store.journal(id)).containsExactly("kept");
        assertThat(store.record(id)).hasValueSatisfying(g -> assertThat(g.isIsomorphicWith(record(RunIds.iri(id), "before"))).isTrue());
        assertThat(store.registration(id).specGraph().isIsomorphicWith(registration("damaged", T0, 1).specGraph())).isTrue();
        try (RunWriter w = store.reopen(id)) {
            w.append(List.of("resumed"));
            w.saveRecord(record(RunIds.iri(id), "after"), progress(RunInfo.State.SUCCEEDED, 1, 1));
        }
        assertThatThrownBy(() -> store.query(ask, LIMIT)).isInstanceOf(StoreException.class)
                .hasMessageContaining("the TDB2 database of the run store " + dir.resolve("store"))
                .hasMessageContaining("remove the folder " + tdb2)
                .hasMessageContaining("builds it again from " + dir.resolve("store/runs"));
        deleteTree(tdb2);
        assertThat(store.query(ask, LIMIT)).isEqualTo(new QueryAnswer.Answer(false));
        assertThat(store.query(ask.replace("before", "after").replace("Interrupted", "Succeeded"), LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        assertThat(store.query("PREFIX ex: <" + EX + ">\nPREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { ex:t1 a sg:Task }", LIMIT))
                .as("the spec indexed again").isEqualTo(new QueryAnswer.Answer(true));
    }

    /** A resume reads a run's registration, not its spec graph: that is read when used, and a missing one is a clear error. */
    @Test
    void theSpecGraphOfARegistrationIsReadWhenUsed() throws IOException {
        String id;
        try (RunWriter w = store.create(registration("lazy", T0, 2))) {
            id = w.runId();
        }
        Path spec = dir.resolve("store/runs/" + id + "/spec.trdf");
        assertThat(store.registration(id).specGraph().isIsomorphicWith(registration("lazy", T0, 2).specGraph())).isTrue();
        Files.delete(spec);
        NewRun back = store.registration(id);
        assertThat(back.options()).isEqualTo(registration("lazy", T0, 2).options());
        assertThat(back.fingerprints()).isEqualTo(registration("lazy", T0, 2).fingerprints());
        assertThatThrownBy(() -> back.specGraph().size()).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot read the spec of run " + id).hasMessageContaining(spec.toString());
    }

    /**
     * A spec declared to be its sources parsed is kept as those texts only (writing a large spec's graph was most of
     * what creating a run cost), read back by parsing them with their recorded base IRIs, and queried like any other.
     */
    @Test
    void aSpecDeclaredToBeItsSourcesIsKeptAsItsTextsAndParsedAgainWhenRead() throws IOException {
        String plan = "@prefix sg: <" + io.specgraph.vocab.SG.NS + "> .\n<t1> a sg:Task ; sg:label \"from sources é\" .\n";
        String feature = "@prefix sg: <" + io.specgraph.vocab.SG.NS + "> .\n<#f> a sg:Feature .\n";
        java.util.Map<String, String> options = new java.util.TreeMap<>(java.util.Map.of(NewRun.SPEC_FROM_SOURCES, "true",
                NewRun.SOURCE_BASE + "s/plan.ttl", "file:///work/s/plan.ttl", NewRun.SOURCE_BASE + "s/feature.ttl", "file:///work/s/feature.ttl"));
        java.util.Map<String, String> sources = java.util.Map.of("s/plan.ttl", plan, "s/feature.ttl", feature);
        org.apache.jena.graph.Graph loaded = org.apache.jena.graph.GraphMemFactory.createDefaultGraph();
        org.apache.jena.riot.RDFParser.fromString(plan, org.apache.jena.riot.Lang.TURTLE).base("file:///work/s/plan.ttl").parse(loaded);
        org.apache.jena.riot.RDFParser.fromString(feature, org.apache.jena.riot.Lang.TURTLE).base("file:///work/s/feature.ttl").parse(loaded);
        NewRun reg = NewRun.of("s", options, sources, loaded, "{}", java.util.Map.of("file:///work/s/t1", "fp"), T0);
        assertThat(reg.specFromSources()).isTrue();
        String id;
        try (RunWriter w = store.create(reg)) {
            id = w.runId();
        }
        Path folder = dir.resolve("store/runs/" + id);
        assertThat(folder.resolve("spec.trdf")).as("no graph written").doesNotExist();
        assertThat(folder.resolve("registration.properties")).content(StandardCharsets.UTF_8).doesNotContain("from sources");
        try (RunStore other = RunStore.onDisk(dir.resolve("store"))) {
            NewRun back = other.registration(id);
            assertThat(back.sources()).isEqualTo(sources);
            assertThat(back.specGraph().isIsomorphicWith(loaded)).as("the same triples, relative IRIs resolved as loaded").isTrue();
            assertThat(other.query("PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { <file:///work/s/t1> sg:label \"from sources é\" }",
                    LIMIT)).isEqualTo(new QueryAnswer.Answer(true));
        }

        // declared, but a source without its base: the graph is kept as given
        options.remove(NewRun.SOURCE_BASE + "s/feature.ttl");
        NewRun noBase = NewRun.of("s", options, sources, loaded, "{}", java.util.Map.of("file:///work/s/t1", "fp"), T0);
        assertThat(noBase.specFromSources()).isFalse();
        try (RunWriter w = store.create(noBase)) {
            assertThat(dir.resolve("store/runs/" + w.runId() + "/spec.trdf")).exists();
        }

        // a kept source removed by hand: a clear error when the spec is read, naming the file
        Path kept;
        try (var files = Files.list(folder.resolve("sources"))) {
            kept = files.sorted().findFirst().orElseThrow();
        }
        Files.delete(kept);
        assertThatThrownBy(() -> store.registration(id)).isInstanceOf(StoreException.class).hasMessageContaining(kept.toString())
                .hasMessageContaining("is missing");
    }

    /** A query sees what changed since the last one: a new run, a saved record, a removed run folder. */
    @Test
    void theIndexFollowsTheRunFolders() throws IOException {
        String count = "PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nSELECT (COUNT(?r) AS ?n) WHERE { ?r sg:runId ?id }";
        String a;
        try (RunWriter w = store.create(registration("a", T0, 1))) {
            a = w.runId();
        }
        assertThat(runCount(count)).isEqualTo(1);
        try (RunWriter w = store.create(registration("b", T0.plusSeconds(1), 1))) {
            w.saveRecord(record(RunIds.iri(w.runId()), "b"), progress(RunInfo.State.SUCCEEDED, 1, 1));
        }
        assertThat(runCount(count)).isEqualTo(2);
        assertThat(store.query("PREFIX sg: <" + io.specgraph.vocab.SG.NS + ">\nASK { ?r sg:marker \"b\" }", LIMIT))
                .isEqualTo(new QueryAnswer.Answer(true));
        deleteTree(dir.resolve("store/runs/" + a));
        assertThat(runCount(count)).isEqualTo(1);
    }

    private int runCount(String query) {
        QueryAnswer.Rows rows = (QueryAnswer.Rows) store.query(query, LIMIT);
        return Integer.parseInt(rows.rows().get(0).get("n").getLiteralLexicalForm());
    }

    private static void deleteTree(Path top) throws IOException {
        try (var files = Files.walk(top)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A writer in another process holds its run until that process dies, however it dies; what it appended
     * before being killed is kept.
     */
    @Test
    void aRunOfAnotherProcessIsLiveUntilItIsKilledAndKeepsWhatItAppended() throws Exception {
        Path folder = dir.resolve("store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", classPathOfThisJvm(), DiskStoreChild.class.getName(),
                folder.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String id = out.readLine();
            assertThat(id).as("the child's run id").isNotNull();
            assertThat(store.find(id).orElseThrow().progress().state()).isEqualTo(RunInfo.State.RUNNING);
            assertThatThrownBy(() -> store.reopen(id)).isInstanceOf(StoreException.class).hasMessageContaining("being run");
            store.decide(id, new GateDecision(EX + "g", true, EX + "alice", "", T0));
            assertThat(out.readLine()).isEqualTo("decided " + EX + "g");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(store.find(id).orElseThrow().progress().state()).isEqualTo(RunInfo.State.INTERRUPTED);
            assertThat(store.journal(id)).containsExactly("child 1", "child 2", "child 3");
            try (RunWriter w = store.reopen(id)) {
                w.append(List.of("parent"));
            }
            assertThat(store.journal(id)).containsExactly("child 1", "child 2", "child 3", "parent");
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * Everything this JVM runs the tests from, as one class path: surefire puts the engine on the module path and
     * patches the test classes into its module, neither of which is in {@code java.class.path}.
     */
    static String classPathOfThisJvm() throws Exception {
        java.util.List<String> entries = new java.util.ArrayList<>();
        entries.add(Path.of(DiskStoreChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : java.util.List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.add(value);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void withManyRunsTheLastSuccessesComeFromTheNewestAndOnlyWhatWasAddedSinceIsRead() throws IOException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        List<String> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = RunIds.next(ids::contains);
            ids.add(id);
            runs.add(id);
            // t1 in every run, later each time; t2 in the first run only
            store.keepSuccesses(i == 0 ? List.of(success(id, "t1", t0.plusSeconds(i), "fp-" + i), success(id, "t2", t0, "fp-t2"))
                    : List.of(success(id, "t1", t0.plusSeconds(i), "fp-" + i)));
        }
        Path successes = dir.resolve("store").resolve("successes");
        // read only: the same answer, and neither the index nor its lock written
        assertThat(store.lastSuccessesReadOnly(List.of(EX + "t1")).get(EX + "t1").fingerprint()).isEqualTo("fp-299");
        assertThat(successes.resolve(DiskSuccesses.INDEX)).doesNotExist();
        assertThat(successes.resolve(".lock")).doesNotExist();
        java.util.Map<String, TaskSuccess> last = store.lastSuccesses(List.of(EX + "t1", EX + "t2"));
        assertThat(last.get(EX + "t1").fingerprint()).isEqualTo("fp-299");
        assertThat(successes.resolve(DiskSuccesses.INDEX)).exists();
        assertThat(last.get(EX + "t1").runId()).isEqualTo(runs.get(299));
        assertThat(last.get(EX + "t2").fingerprint()).isEqualTo("fp-t2");

        // the old runs' files are not read again: spoiled in place (same size), the answer still comes from the index
        for (String id : runs.subList(0, 299)) {
            Path f = successes.resolve(id + ".jsonl");
            Files.write(f, "x".repeat((int) Files.size(f) - 1).concat("\n").getBytes(StandardCharsets.UTF_8));
        }
        String newest = RunIds.next(ids::contains);
        store.keepSuccesses(List.of(success(newest, "t1", t0.plusSeconds(1000), "fp-newest")));
        last = store.lastSuccesses(List.of(EX + "t1", EX + "t2"));
        assertThat(last.get(EX + "t1").fingerprint()).isEqualTo("fp-newest");
        assertThat(last.get(EX + "t2").fingerprint()).isEqualTo("fp-t2");

        // without its index (or with a damaged one) the store builds it again from the files as they are
        Files.write(successes.resolve(DiskSuccesses.INDEX), "{not json\n".getBytes(StandardCharsets.UTF_8));
        last = store.lastSuccesses(List.of(EX + "t1", EX + "t2"));
        assertThat(last.get(EX + "t1").fingerprint()).isEqualTo("fp-newest");
        assertThat(last).doesNotContainKey(EX + "t2"); // its run's file is spoiled now: passed over, so t2 runs again
        Files.delete(successes.resolve(DiskSuccesses.INDEX));
        assertThat(store.lastSuccesses(List.of(EX + "t1")).get(EX + "t1").fingerprint()).isEqualTo("fp-newest");
    }

    @Test
    void aHalfWrittenLineIsNotReadUntilWholeAndADamagedLineIsPassedOverNotMistaken() throws IOException {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        String a = RunIds.next(id -> false);
        String b = RunIds.next(a::equals);
        store.keepSuccesses(List.of(success(a, "t1", t0, "fp-a")));
        store.keepSuccesses(List.of(success(b, "t2", t0, "fp-b2")));
        Path file = dir.resolve("store").resolve("successes").resolve(b + ".jsonl");
        // a killed writer of run b left half of a newer success of t1, without its line break
        String whole = TaskSuccessLines.encode(success(b, "t1", t0.plusSeconds(5), "fp-b1"));
        Files.write(file, whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        assertThat(store.lastSuccesses(List.of(EX + "t1")).get(EX + "t1").fingerprint()).isEqualTo("fp-a");
        // run b resumed and kept another success: the half line is ended and passed over, the new line is read
        store.keepSuccesses(List.of(success(b, "t3", t0.plusSeconds(9), "fp-b3")));
        java.util.Map<String, TaskSuccess> last = store.lastSuccesses(List.of(EX + "t1", EX + "t2", EX + "t3"));
        assertThat(last.get(EX + "t1").fingerprint()).isEqualTo("fp-a");
        assertThat(last.get(EX + "t2").fingerprint()).isEqualTo("fp-b2");
        assertThat(last.get(EX + "t3").fingerprint()).isEqualTo("fp-b3");
        assertThat(Files.readAllLines(file)).hasSize(3);
    }
}
