package io.specgraph.store;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.util.FmtUtils;

/**
 * {@link RunStore#remote}: a SPARQL 1.1 dataset (Apache Jena Fuseki) shared by several machines. Besides the
 * graphs every store has ({@link RunGraphs}), each run has graphs for its journal ({@code <run>:journal}, one
 * node per entry with its sequence number), its decisions ({@code <run>:decisions}, numbered by the endpoint in
 * the update that adds them) and its registration ({@code <run>:registration}); {@value #INDEX} lists the runs
 * with what {@code runs} shows, and {@value #LEASES} holds the live runs' leases. A writer holds a lease that
 * expires {@link #lease} after its last renewal, by the endpoint's clock; a timer renews it while the writer is
 * open, so a run whose process died reads interrupted once its lease has expired.
 */
final class RemoteRunStore implements RunStore {
    static final String S = "urn:specgraph:store:";
    static final String INDEX = S + "index";
    static final String LEASES = S + "leases";
    static final String SUCCESSES = S + "successes";
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "specgraph run store leases");
        t.setDaemon(true);
        return t;
    });

    private static final PrefixMapping NO_PREFIXES = PrefixMapping.Factory.create().lock();

    private final SparqlEndpoint endpoint;
    private final Duration lease;

    /**
     * @param url            the dataset's URL, which answers queries and updates
     * @param lease          how long a writer's lease lasts without renewal (renewed every third of it)
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for an answer
     */
    RemoteRunStore(URI url, Duration lease, Duration connectTimeout, Duration requestTimeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new StoreException(url + " is not the URL of a SPARQL endpoint; give http://host:port/dataset");
        }
        this.endpoint = new SparqlEndpoint(url, connectTimeout, requestTimeout);
        this.lease = lease;
    }

    @Override
    public void keepSuccesses(List<TaskSuccess> successes) {
        if (successes.isEmpty()) {
            return;
        }
        // one JSON line per success, as on disk: the store keeps it whole and only the engine reads its parts
        StringBuilder u = new StringBuilder(prefixes()).append("INSERT DATA { GRAPH ").append(iri(SUCCESSES)).append(" {\n");
        for (TaskSuccess s : successes) {
            u.append("  [] s:successOf ").append(iri(s.taskIri())).append(" ; s:at ").append(lit(s.at().toString()))
                    .append(" ; s:run ").append(lit(s.runId())).append(" ; s:entry ").append(lit(TaskSuccessLines.encode(s))).append(" .\n");
        }
        endpoint.update(u.append("} }").toString());
    }

    @Override
    public Map<String, TaskSuccess> lastSuccesses(java.util.Collection<String> taskIris) {
        Map<String, TaskSuccess> out = new HashMap<>();
        List<String> all = List.copyOf(new java.util.TreeSet<>(taskIris));
        // a bounded VALUES block per request: a plan of 10,000 tasks is 20 requests, not 10,000
        for (int from = 0; from < all.size(); from += 500) {
            StringBuilder values = new StringBuilder();
            for (String iri : all.subList(from, Math.min(all.size(), from + 500))) {
                values.append(iri(iri)).append(' ');
            }
            for (Binding b : endpoint.select(prefixes() + "SELECT ?e WHERE { VALUES ?t { " + values + "} GRAPH " + iri(SUCCESSES)
                    + " { ?x s:successOf ?t ; s:entry ?e } }")) {
                try {
                    TaskSuccess s = TaskSuccessLines.decode(text(b, "e"));
                    out.merge(s.taskIri(), s, (was, now) -> now.laterThan(was) ? now : was);
                } catch (IllegalArgumentException e) {
                    // not written by this store's code: as if not kept, so the task runs
                }
            }
        }
        return out;
    }

    @Override
    public String location() {
        return endpoint.url();
    }

    // ---- names ----

    private static String iri(String s) {
        return "<" + s + ">";
    }

    private static String lit(String s) {
        return term(NodeFactory.createLiteralString(s));
    }

    /** A term as SPARQL text, every IRI written out: an update carries no prefixes but the one it declares. */
    private static String term(Node n) {
        return FmtUtils.stringForNode(n, NO_PREFIXES);
    }

    private static String run(String id) {
        return iri(RunIds.iri(id));
    }

    private static String graph(String id, String part) {
        return iri(RunIds.iri(id) + ":" + part);
    }

    private String leaseLength() {
        return "\"" + lease + "\"^^<http://www.w3.org/2001/XMLSchema#dayTimeDuration>";
    }

    private static String prefixes() {
        return "PREFIX s: <" + S + ">\n";
    }

    // ---- writing ----

    @Override
    public RunWriter create(NewRun run) {
        String id = RunIds.next(this::exists);
        RunInfo.Progress start = new RunInfo.Progress(RunInfo.State.RUNNING, 0, run.fingerprints().size(), Duration.ZERO, List.of());
        DatasetGraph rdf = DatasetGraphFactory.createGeneral();
        RunGraphs.register(rdf, id, run);
        StringBuilder u = new StringBuilder(prefixes());
        String token = UUID.randomUUID().toString();
        u.append("INSERT { GRAPH ").append(iri(LEASES)).append(" { ").append(run(id)).append(" s:holder ").append(lit(token))
                .append(" ; s:until ?until } } WHERE { BIND(NOW() + ").append(leaseLength()).append(" AS ?until) } ;\n");
        u.append("INSERT DATA {\n");
        quads(u, rdf);
        u.append("GRAPH ").append(iri(INDEX)).append(" { ").append(run(id)).append(" s:spec ").append(lit(run.spec()))
                .append(" ; s:started ").append(lit(run.started().toString())).append(" }\n");
        u.append("GRAPH ").append(graph(id, "registration")).append(" {\n  ").append(run(id)).append(" s:plan ").append(lit(run.plan())).append(" .\n");
        entries(u, id, "option", run.options());
        entries(u, id, "source", run.sources());
        entries(u, id, "fingerprint", run.fingerprints());
        u.append("}\n} ;\n");
        u.append(progressUpdate(id, start));
        endpoint.update(u.toString());
        return new Writer(id, token, 0);
    }

    private static void entries(StringBuilder u, String id, String kind, Map<String, String> m) {
        m.forEach((k, v) -> u.append("  ").append(run(id)).append(" s:").append(kind).append(" [ s:key ").append(lit(k))
                .append(" ; s:value ").append(lit(v)).append(" ] .\n"));
    }

    private static void quads(StringBuilder u, DatasetGraph rdf) {
        Map<Node, StringBuilder> byGraph = new HashMap<>();
        rdf.find().forEachRemaining((Quad q) -> byGraph.computeIfAbsent(q.getGraph(), g -> new StringBuilder())
                .append("  ").append(term(q.getSubject())).append(' ')
                .append(term(q.getPredicate())).append(' ')
                .append(term(q.getObject())).append(" .\n"));
        byGraph.forEach((g, triples) -> u.append("GRAPH ").append(term(g)).append(" {\n").append(triples).append("}\n"));
    }

    /** Replaces a run's summary, in the index (as {@code runs} reads it) and in the description of runs (as queries see it). */
    private static String progressUpdate(String id, RunInfo.Progress p) {
        StringBuilder u = new StringBuilder(prefixes());
        u.append("DELETE WHERE { GRAPH ").append(iri(INDEX)).append(" { ").append(run(id)).append(" s:summary ?x } } ;\n");
        for (String term : RunGraphs.PROGRESS_TERMS) {
            u.append("DELETE WHERE { GRAPH ").append(iri(RunGraphs.RUNS)).append(" { ").append(run(id)).append(" <")
                    .append(io.specgraph.vocab.SG.NS).append(term).append("> ?x } } ;\n");
        }
        DatasetGraph rdf = DatasetGraphFactory.createGeneral();
        RunGraphs.progress(rdf, id, p);
        u.append("INSERT DATA {\n");
        quads(u, rdf);
        u.append("GRAPH ").append(iri(INDEX)).append(" { ").append(run(id)).append(" s:summary ").append(lit(summary(p))).append(" }\n}\n");
        return u.toString();
    }

    private static String summary(RunInfo.Progress p) {
        StringBuilder s = new StringBuilder().append(p.state().name()).append(' ').append(p.tasksDone()).append(' ')
                .append(p.tasksTotal()).append(' ').append(p.elapsed());
        p.waitingGates().forEach(g -> s.append(' ').append(g));
        return s.toString();
    }

    private static RunInfo.Progress summary(String s, boolean live) {
        String[] f = s.split(" ");
        RunInfo.State state = RunInfo.State.valueOf(f[0]);
        if (state == RunInfo.State.RUNNING && !live) {
            state = RunInfo.State.INTERRUPTED;
        }
        return new RunInfo.Progress(state, Integer.parseInt(f[1]), Integer.parseInt(f[2]), Duration.parse(f[3]),
                Arrays.asList(f).subList(4, f.length));
    }

    @Override
    public RunWriter reopen(String runId) {
        RunInfo info = find(runId).filter(i -> i.id().equals(runId)).orElseThrow(() -> noRun(runId));
        if (info.progress().state().finished()) {
            throw new StoreException("run " + runId + " has finished (" + info.progress().state().name().toLowerCase()
                    + "); nothing to resume");
        }
        String token = UUID.randomUUID().toString();
        // taken only when no lease of the run is current; whatever an expired one left is replaced as a whole
        endpoint.update(prefixes() + "DELETE { GRAPH " + iri(LEASES) + " { " + run(runId) + " ?p ?o } }\n"
                + "INSERT { GRAPH " + iri(LEASES) + " { " + run(runId) + " s:holder " + lit(token) + " ; s:until ?until } }\n"
                + "WHERE { FILTER NOT EXISTS { GRAPH " + iri(LEASES) + " { " + run(runId) + " s:until ?u FILTER(?u > NOW()) } }\n"
                + "  OPTIONAL { GRAPH " + iri(LEASES) + " { " + run(runId) + " ?p ?o } }\n"
                + "  BIND(NOW() + " + leaseLength() + " AS ?until) }");
        if (!holds(runId, token)) {
            throw new StoreException("run " + runId + " is being run by another writer of " + location()
                    + " (its lease is held); wait for it to stop");
        }
        List<Binding> max = endpoint.select(prefixes() + "SELECT (MAX(?n) AS ?max) WHERE { GRAPH " + graph(runId, "journal")
                + " { ?e s:seq ?n } }");
        Node n = max.isEmpty() ? null : max.get(0).get(Var.alloc("max"));
        return new Writer(runId, token, n == null ? 0 : Integer.parseInt(n.getLiteralLexicalForm()));
    }

    private boolean holds(String runId, String token) {
        return endpoint.ask(prefixes() + "ASK { GRAPH " + iri(LEASES) + " { " + run(runId) + " s:holder " + lit(token)
                + " ; s:until ?u } FILTER(?u > NOW()) }");
    }

    // ---- reading ----

    private boolean exists(String id) {
        return RunIds.valid(id) && endpoint.ask(prefixes() + "ASK { GRAPH " + iri(INDEX) + " { " + run(id) + " s:spec ?x } }");
    }

    private void existing(String id) {
        if (!exists(id)) {
            throw noRun(id);
        }
    }

    private StoreException noRun(String id) {
        return new StoreException("no run " + id + " in " + location() + "; `specgraph runs` lists the runs");
    }

    @Override
    public Optional<RunInfo> find(String idOrPrefix) {
        Map<String, RunInfo> all = new HashMap<>();
        runs().forEach(r -> all.put(r.id(), r));
        return RunIds.resolve(idOrPrefix, all.keySet(), location()).map(all::get);
    }

    @Override
    public List<RunInfo> runs() {
        List<RunInfo> out = new ArrayList<>();
        for (Binding b : endpoint.select(prefixes() + "SELECT ?r ?spec ?started ?summary ?until WHERE {\n"
                + "  GRAPH " + iri(INDEX) + " { ?r s:spec ?spec ; s:started ?started ; s:summary ?summary }\n"
                + "  OPTIONAL { GRAPH " + iri(LEASES) + " { ?r s:until ?until } FILTER(?until > NOW()) } }")) {
            String iri = b.get(Var.alloc("r")).getURI();
            String id = iri.substring(iri.lastIndexOf(':') + 1);
            out.add(new RunInfo(id, iri, text(b, "spec"), Instant.parse(text(b, "started")),
                    summary(text(b, "summary"), b.get(Var.alloc("until")) != null)));
        }
        out.sort(Comparator.comparing(RunInfo::started).reversed().thenComparing(RunInfo::id));
        return out;
    }

    private static String text(Binding b, String var) {
        return b.get(Var.alloc(var)).getLiteralLexicalForm();
    }

    @Override
    public NewRun registration(String runId) {
        RunInfo info = find(runId).filter(i -> i.id().equals(runId)).orElseThrow(() -> noRun(runId));
        Map<String, SortedMap<String, String>> sections = new HashMap<>();
        String plan = null;
        for (Binding b : endpoint.select(prefixes() + "SELECT ?kind ?k ?v ?plan WHERE { GRAPH " + graph(runId, "registration")
                + " { { " + run(runId) + " ?kind [ s:key ?k ; s:value ?v ] } UNION { " + run(runId) + " s:plan ?plan } } }")) {
            if (b.get(Var.alloc("plan")) != null) {
                plan = text(b, "plan");
            } else {
                String kind = b.get(Var.alloc("kind")).getURI().substring(S.length());
                sections.computeIfAbsent(kind, k -> new TreeMap<>()).put(text(b, "k"), text(b, "v"));
            }
        }
        Graph spec = endpoint.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH " + iri(RunGraphs.spec(RunIds.iri(runId)).getURI())
                + " { ?s ?p ?o } }");
        return new NewRun(info.spec(), sections.getOrDefault("option", new TreeMap<>()),
                sections.getOrDefault("source", new TreeMap<>()), spec, plan,
                sections.getOrDefault("fingerprint", new TreeMap<>()), info.started());
    }

    @Override
    public List<String> journal(String runId) {
        existing(runId);
        return endpoint.select(prefixes() + "SELECT ?e WHERE { GRAPH " + graph(runId, "journal") + " { ?x s:seq ?n ; s:entry ?e } } ORDER BY ?n")
                .stream().map(b -> text(b, "e")).toList();
    }

    @Override
    public Optional<Graph> record(String runId) {
        existing(runId);
        Graph g = endpoint.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH " + iri(RunGraphs.record(RunIds.iri(runId)).getURI())
                + " { ?s ?p ?o } }");
        return g.isEmpty() ? Optional.empty() : Optional.of(g);
    }

    @Override
    public void decide(String runId, GateDecision d) {
        existing(runId);
        String base = RunIds.iri(runId) + ":decision:";
        // the number is taken in the update that adds the decision: one transaction, so two posters never share one
        endpoint.update(prefixes() + "INSERT { GRAPH " + graph(runId, "decisions") + " { ?d s:seq ?n ; s:gate " + lit(d.gate())
                + " ; s:approved " + lit(Boolean.toString(d.approved())) + " ; s:by " + lit(d.by()) + " ; s:comment " + lit(d.comment())
                + " ; s:at " + lit(d.at().toString()) + " } }\n"
                + "WHERE { { SELECT (COALESCE(MAX(?m), 0) + 1 AS ?n) WHERE { OPTIONAL { GRAPH " + graph(runId, "decisions")
                + " { ?x s:seq ?m } } } }\n  BIND(IRI(CONCAT(" + lit(base) + ", STR(?n))) AS ?d) }");
    }

    @Override
    public List<GateDecision> decisions(String runId) {
        existing(runId);
        return decisionsAfter(runId, 0);
    }

    private List<GateDecision> decisionsAfter(String runId, int seen) {
        return endpoint.select(prefixes() + "SELECT ?g ?a ?b ?c ?at WHERE { GRAPH " + graph(runId, "decisions")
                        + " { ?d s:seq ?n ; s:gate ?g ; s:approved ?a ; s:by ?b ; s:comment ?c ; s:at ?at } FILTER(?n > " + seen
                        + ") } ORDER BY ?n").stream()
                .map(b -> new GateDecision(text(b, "g"), Boolean.parseBoolean(text(b, "a")), text(b, "b"), text(b, "c"),
                        Instant.parse(text(b, "at"))))
                .toList();
    }

    @Override
    public QueryAnswer query(String sparql, Duration limit) {
        Query checked = StoreQueries.parse(sparql);
        // the endpoint's default graph is not the union: name the graphs a history query reads, and only those
        Query q = checked.cloneQuery();
        q.addGraphURI(RunGraphs.RUNS);
        for (Binding b : endpoint.select(prefixes() + "SELECT ?r WHERE { GRAPH " + iri(INDEX) + " { ?r s:spec ?x } }")) {
            String r = b.get(Var.alloc("r")).getURI();
            q.addGraphURI(RunGraphs.spec(r).getURI());
            q.addGraphURI(RunGraphs.record(r).getURI());
        }
        return endpoint.query(q, limit, exec -> {
            if (q.isAskType()) {
                return new QueryAnswer.Answer(exec.ask());
            }
            if (q.isSelectType()) {
                List<String> vars = q.getResultVars();
                List<Map<String, Node>> rows = new ArrayList<>();
                exec.select().forEachRemaining(b -> {
                    Map<String, Node> row = new HashMap<>();
                    for (String v : vars) {
                        Node n = b.get(Var.alloc(v));
                        if (n != null) {
                            row.put(v, n);
                        }
                    }
                    rows.add(Map.copyOf(row));
                });
                return new QueryAnswer.Rows(vars, List.copyOf(rows));
            }
            return new QueryAnswer.Triples(exec.construct());
        });
    }

    @Override
    public void close() {
        // nothing held between calls: each request is one HTTP exchange; writers release their own leases
    }

    /** The writer of one run: appends with the next sequence numbers and keeps the run's lease. */
    private final class Writer implements RunWriter {
        private final String id;
        private final String token;
        private final ScheduledFuture<?> renewal;
        private int next;
        private volatile boolean lost;
        private boolean closed;

        Writer(String id, String token, int last) {
            this.id = id;
            this.token = token;
            this.next = last + 1;
            long every = Math.max(50, lease.toMillis() / 3);
            this.renewal = RENEWALS.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        @Override
        public String runId() {
            return id;
        }

        private void renew() {
            try {
                endpoint.update(prefixes() + "DELETE { GRAPH " + iri(LEASES) + " { " + run(id) + " s:until ?u } }\n"
                        + "INSERT { GRAPH " + iri(LEASES) + " { " + run(id) + " s:until ?until } }\n"
                        + "WHERE { GRAPH " + iri(LEASES) + " { " + run(id) + " s:holder " + lit(token) + " ; s:until ?u }\n"
                        + "  BIND(NOW() + " + leaseLength() + " AS ?until) }");
                if (!holds(id, token)) {
                    lost = true;
                    renewal.cancel(false);
                }
            } catch (StoreException e) {
                // the endpoint is away for now: the next renewal tries again, and the lease lasts meanwhile
            }
        }

        @Override
        public synchronized void append(List<String> entries) {
            JournalEntries.check(id, entries);
            usable();
            if (entries.isEmpty()) {
                return;
            }
            StringBuilder u = new StringBuilder(prefixes()).append("INSERT DATA { GRAPH ").append(graph(id, "journal")).append(" {\n");
            int n = next;
            for (String e : entries) {
                u.append("  ").append(iri(RunIds.iri(id) + ":journal:" + n)).append(" s:seq ").append(n).append(" ; s:entry ")
                        .append(lit(e)).append(" .\n");
                n++;
            }
            endpoint.update(u.append("} }").toString());
            next = n;
        }

        @Override
        public void sync() {
            usable();
            // each update was committed by the endpoint before it answered
        }

        @Override
        public synchronized void progress(RunInfo.Progress progress) {
            usable();
            endpoint.update(progressUpdate(id, progress));
        }

        @Override
        public List<GateDecision> decisionsAfter(int seen) {
            return RemoteRunStore.this.decisionsAfter(id, seen);
        }

        @Override
        public synchronized void saveRecord(Graph record, RunInfo.Progress progress) {
            usable();
            Node name = RunGraphs.record(RunIds.iri(id));
            DatasetGraph rdf = DatasetGraphFactory.createGeneral();
            record.find().forEach(t -> rdf.add(name, t.getSubject(), t.getPredicate(), t.getObject()));
            StringBuilder u = new StringBuilder("DROP SILENT GRAPH ").append(iri(name.getURI())).append(" ;\nINSERT DATA {\n");
            quads(u, rdf);
            u.append("} ;\n").append(progressUpdate(id, progress));
            endpoint.update(u.toString());
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            renewal.cancel(false);
            try {
                endpoint.update(prefixes() + "DELETE WHERE { GRAPH " + iri(LEASES) + " { " + run(id) + " s:holder " + lit(token)
                        + " ; s:until ?u } }");
            } catch (StoreException e) {
                // the lease expires by itself; the run then reads interrupted, as it should
            }
        }

        private void usable() {
            if (closed) {
                throw new StoreException("the writer of run " + id + " is closed");
            }
            if (lost) {
                throw new StoreException("run " + id + " lost its lease on " + location() + ": it was not renewed within "
                        + lease.toSeconds() + " s and another process has taken the run over; stop this one");
            }
        }
    }
}
