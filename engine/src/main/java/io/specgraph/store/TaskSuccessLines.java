package io.specgraph.store;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.apache.jena.atlas.json.JsonValue;

/**
 * A {@link TaskSuccess} as one line of JSON and back, the form the disk and remote stores keep it in: one line,
 * so that an append-only file of them is cut at a line when a process dies half-way through a write.
 */
final class TaskSuccessLines {
    private TaskSuccessLines() {}

    static String encode(TaskSuccess s) {
        JsonObject o = new JsonObject();
        o.put("run", s.runId());
        o.put("task", s.taskIri());
        o.put("attempt", s.attemptIri());
        o.put("at", s.at().toString());
        o.put("fingerprint", s.fingerprint());
        o.put("parts", object(s.parts()));
        o.put("outputs", object(s.outputs()));
        o.put("measurements", object(s.measurements()));
        o.put("output", s.output());
        return JSON.toStringFlat(o);
    }

    /**
     * Reads a line back.
     *
     * @throws IllegalArgumentException when the line is not a success of this form
     */
    static TaskSuccess decode(String line) {
        try {
            JsonObject o = JSON.parse(line);
            return new TaskSuccess(text(o, "run"), text(o, "task"), text(o, "attempt"), Instant.parse(text(o, "at")),
                    text(o, "fingerprint"), map(o, "parts"), map(o, "outputs"), map(o, "measurements"), text(o, "output"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a kept task success: " + e.getMessage(), e);
        }
    }

    private static JsonObject object(Map<String, String> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::put);
        return o;
    }

    private static String text(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("no text \"" + key + "\"");
        }
        return v.getAsString().value();
    }

    private static SortedMap<String, String> map(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("no object \"" + key + "\"");
        }
        SortedMap<String, String> out = new TreeMap<>();
        for (String k : v.getAsObject().keys()) {
            out.put(k, text(v.getAsObject(), k));
        }
        return out;
    }
}
