package io.specgraph.record;

import io.specgraph.internal.InstantText;
import io.specgraph.internal.Json;
import io.specgraph.record.RunRecorder.ApprovalDecided;
import io.specgraph.record.RunRecorder.AttemptEnded;
import io.specgraph.record.RunRecorder.Cached;
import io.specgraph.record.RunRecorder.Checked;
import io.specgraph.record.RunRecorder.Fact;
import io.specgraph.record.RunRecorder.GateEvaluated;
import io.specgraph.record.RunRecorder.Measured;
import io.specgraph.record.RunRecorder.NotRun;
import io.specgraph.record.RunRecorder.RunFinished;
import io.specgraph.record.RunRecorder.RunStarted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonArray;
import org.apache.jena.atlas.json.JsonValue;
import org.apache.jena.graph.Graph;

/**
 * A run record kept as what was recorded rather than as its triples: one line of JSON per fact (an attempt, a
 * measurement, a gate evaluation, …), the trace links resolved, a first line naming the form and the run. Read
 * back, the facts give the same triples the record's graph had, through the same code ({@link RunRecorder}).
 *
 * <p>Why: a run store saves the record of every run when it stops; a fact is about ten triples, and writing one
 * line costs a fraction of writing ten triples as RDF, so keeping the facts takes the record's cost off every
 * run and puts the triples' cost on whoever reads the record ({@code why}, a history query), once.
 *
 * <pre>
 * ["specgraph-record",1,"urn:specgraph:run:…"]
 * ["attempt",0,1,"https://ex/t0","https://ex/agent","2026-…Z","2026-…Z","Succeeded",null]
 * ["link","attempt","https://ex/t0",1,"&lt;trace id&gt;","&lt;span id&gt;"]
 * </pre>
 */
final class RecordFacts {
    /** The first element of the first line, which says what the file is. */
    static final String FORM = "specgraph-record";
    private static final int VERSION = 1;

    private RecordFacts() {}

    /** Writes the facts of {@code record} recorded so far. */
    public static void write(RunRecord record, OutputStream out) throws IOException {
        RunRecorder recorder = record.recorder();
        Lines w = new Lines(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        InstantText times = new InstantText();
        line(w, FORM, VERSION, recorder.runIri());
        if (!recorder.facts().isEmpty()) {
            link(w, recorder, "run", null, 0, TraceLinks::run);
        }
        for (Fact fact : recorder.facts()) {
            switch (fact) {
                case RunStarted f -> line(w, "run-started", times.of(f.at()), f.workers(), f.timeScale());
                case AttemptEnded f -> {
                    line(w, "attempt", f.index(), f.number(), f.taskIri(), f.agentIri(), times.of(f.start()), times.of(f.end()),
                            f.state(), f.reason());
                    link(w, recorder, "attempt", f.taskIri(), f.number(), t -> t.attempt(f.taskIri(), f.number()));
                }
                case NotRun f -> {
                    line(w, "not-run", f.index(), f.taskIri(), f.state(), f.reason(), times.of(f.at()));
                    link(w, recorder, "attempt", f.taskIri(), 0, t -> t.attempt(f.taskIri(), 0));
                }
                case Measured f -> line(w, "measured", f.sequence(), f.index(), f.number(), f.metricIri(), f.value().toString(),
                        times.of(f.at()));
                case GateEvaluated f -> {
                    line(w, "gate", f.index(), f.gateIri(), f.state(), f.reason(), times.of(f.at()));
                    link(w, recorder, "gate", f.gateIri(), 0, t -> t.gate(f.gateIri()));
                }
                case ApprovalDecided f -> line(w, "approval", f.index(), f.gateIri(), f.approved(), f.byIri(), f.comment(),
                        times.of(f.at()));
                case RunFinished f -> line(w, "run-finished", times.of(f.at()), f.state());
                case Checked f -> {
                    List<Object> reasons = new ArrayList<>();
                    for (RunRecorder.Reason r : f.reasons()) {
                        reasons.add(Arrays.asList(r.kind(), r.sentence(), r.path(), r.upstream(), r.property(), r.before(), r.after(),
                                r.location()));
                    }
                    line(w, "checked", f.index(), f.taskIri(), f.fingerprint(), f.upToDate(), times.of(f.at()), reasons);
                }
                case Cached f -> {
                    line(w, "cached", f.index(), f.taskIri(), f.cachedFrom(), f.reason(), times.of(f.at()));
                    link(w, recorder, "attempt", f.taskIri(), 0, t -> t.attempt(f.taskIri(), 0));
                }
            }
        }
        w.flush();
    }

    /**
     * The lines being written, gathered in one buffer handed to the writer about every {@value #PIECE} characters:
     * a text per line would be a string and its copy per fact, hundreds of thousands for a large run.
     */
    private static final class Lines {
        private static final int PIECE = 1 << 15;
        final StringBuilder text = new StringBuilder(PIECE + 1024);
        final Writer out;

        Lines(Writer out) {
            this.out = out;
        }

        void line(Object... values) throws IOException {
            Json.compact(Arrays.asList(values), text);
            text.append('\n');
            if (text.length() >= PIECE) {
                out.append(text);
                text.setLength(0);
            }
        }

        void flush() throws IOException {
            out.append(text);
            text.setLength(0);
            out.flush();
        }
    }

    /**
     * Adds the triples of the record in {@code in} to {@code into}.
     *
     * @throws IOException when {@code in} is not such a record, or a line of it cannot be read, saying which
     */
    public static void read(InputStream in, Graph into) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String first = lines.readLine();
        JsonArray head;
        try {
            head = first == null ? null : array(first, 1);
        } catch (RuntimeException e) {
            head = null;
        }
        if (head == null || head.size() < 3 || !head.get(0).isString() || !FORM.equals(str(head, 0))) {
            throw new IOException("not a specgraph run record (its first line does not name the form)");
        }
        if (head.get(1).getAsNumber().value().intValue() != VERSION) {
            throw new IOException("a run record of version " + head.get(1) + "; this specgraph reads version " + VERSION);
        }
        RunRecorder recorder = new RunRecorder(str(head, 2));
        Links links = new Links();
        recorder.traceLinks(links);
        int n = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            n++;
            try {
                JsonArray a = array(line, n);
                if ("link".equals(str(a, 0))) {
                    links.put(str(a, 1), str(a, 2), num(a, 3).intValue(), new TraceLinks.SpanLink(str(a, 4), str(a, 5)));
                } else {
                    recorder.restore(fact(a));
                }
            } catch (RuntimeException e) {
                throw new IOException("line " + n + " of the run record cannot be read (" + e.getMessage() + ")", e);
            }
        }
        recorder.addAllTo(into);
    }

    private static Fact fact(JsonArray a) {
        String kind = str(a, 0);
        return switch (kind) {
            case "run-started" -> new RunStarted(at(a, 1), num(a, 2).intValue(), a.get(3).isNull() ? null : num(a, 3).doubleValue());
            case "attempt" -> new AttemptEnded(num(a, 1).intValue(), num(a, 2).intValue(), str(a, 3), str(a, 4), at(a, 5), at(a, 6),
                    str(a, 7), str(a, 8));
            case "not-run" -> new NotRun(num(a, 1).intValue(), str(a, 2), str(a, 3), str(a, 4), at(a, 5));
            case "measured" -> new Measured(num(a, 1).longValue(), num(a, 2).intValue(), num(a, 3).intValue(), str(a, 4),
                    new BigDecimal(str(a, 5)), at(a, 6));
            case "gate" -> new GateEvaluated(num(a, 1).intValue(), str(a, 2), str(a, 3), str(a, 4), at(a, 5));
            case "approval" -> new ApprovalDecided(num(a, 1).intValue(), str(a, 2), a.get(3).getAsBoolean().value(), str(a, 4),
                    str(a, 5), at(a, 6));
            case "run-finished" -> new RunFinished(at(a, 1), str(a, 2));
            case "checked" -> {
                List<RunRecorder.Reason> reasons = new ArrayList<>();
                for (JsonValue v : a.get(6).getAsArray()) {
                    JsonArray r = v.getAsArray();
                    reasons.add(new RunRecorder.Reason(str(r, 0), str(r, 1), str(r, 2), str(r, 3), str(r, 4), str(r, 5), str(r, 6),
                            str(r, 7)));
                }
                yield new Checked(num(a, 1).intValue(), str(a, 2), str(a, 3), a.get(4).getAsBoolean().value(), List.copyOf(reasons),
                        at(a, 5));
            }
            case "cached" -> new Cached(num(a, 1).intValue(), str(a, 2), str(a, 3), str(a, 4), at(a, 5));
            default -> throw new IllegalArgumentException("unknown fact " + kind);
        };
    }

    private static JsonArray array(String line, int n) {
        JsonValue v = JSON.parseAny(line);
        if (!v.isArray()) {
            throw new IllegalArgumentException("line " + n + " is not a JSON array");
        }
        return v.getAsArray();
    }

    private static String str(JsonArray a, int i) {
        JsonValue v = a.get(i);
        return v.isNull() ? null : v.getAsString().value();
    }

    private static Number num(JsonArray a, int i) {
        return a.get(i).getAsNumber().value();
    }

    private static Instant at(JsonArray a, int i) {
        return Instant.parse(str(a, i));
    }

    private static void line(Lines w, Object... values) throws IOException {
        w.line(values);
    }

    /** Writes where a part was traced, when a source of trace links traced it. */
    private static void link(Lines w, RunRecorder recorder, String part, String iri, int attempt,
                             Function<TraceLinks, Optional<TraceLinks.SpanLink>> span) throws IOException {
        Optional<TraceLinks.SpanLink> found = recorder.traced(span);
        if (found.isPresent()) {
            line(w, "link", part, iri, attempt, found.get().traceId(), found.get().spanId());
        }
    }

    /** The trace links a record kept, for the facts read back to point where they pointed. */
    private static final class Links implements TraceLinks {
        private final Map<String, SpanLink> links = new HashMap<>();

        void put(String part, String iri, int attempt, SpanLink link) {
            links.putIfAbsent(part + " " + iri + " " + attempt, link);
        }

        @Override
        public Optional<SpanLink> run() {
            return Optional.ofNullable(links.get("run null 0"));
        }

        @Override
        public Optional<SpanLink> attempt(String taskIri, int attempt) {
            return Optional.ofNullable(links.get("attempt " + taskIri + " " + attempt));
        }

        @Override
        public Optional<SpanLink> gate(String gateIri) {
            return Optional.ofNullable(links.get("gate " + gateIri + " 0"));
        }
    }
}
