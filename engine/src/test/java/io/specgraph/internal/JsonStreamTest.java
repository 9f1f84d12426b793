package io.specgraph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value written member by member is, indented or compact, the same text {@link Json} writes for the value as a whole. */
class JsonStreamTest {
    /** The same document as {@link #streamed}: nested, empty containers, nulls, numbers and characters to escape. */
    private static Map<String, Object> value() {
        return Json.object("schema", "s/1", "empty", Map.of(), "none", List.of(), "nothing", null,
                "items", List.of(Json.object("id", "a\"b\\c\n\t\u0001", "n", 3, "x", 2.5, "whole", 4.0, "ok", true,
                        "tags", List.of("t1", "t2"), "inner", Json.object("k", List.of())),
                        Json.object("id", "é ☃", "n", -1L, "x", Double.NaN, "ok", false, "tags", List.of(), "inner", Map.of())),
                "emptyObjects", List.of(Map.of(), Map.of()), "last", Json.object("load", Json.object("a", 1L)));
    }

    private static void streamed(JsonStream out) {
        out.beginObject().field("schema", "s/1");
        out.name("empty").beginObject().endObject();
        out.name("none").beginArray().endArray();
        out.field("nothing", (Object) null);
        out.name("items").beginArray();
        out.beginObject().field("id", "a\"b\\c\n\t\u0001").field("n", 3).field("x", 2.5).field("whole", 4.0).field("ok", true)
                .field("tags", List.of("t1", "t2")).name("inner").beginObject().name("k").beginArray().endArray().endObject().endObject();
        out.beginObject().field("id", "é ☃").field("n", -1L).field("x", Double.NaN).field("ok", false).field("tags", List.of())
                .field("inner", Map.of()).endObject();
        out.endArray();
        out.name("emptyObjects").beginArray().beginObject().endObject().value(Map.of()).endArray();
        out.name("last").beginObject().field("load", Json.object("a", 1L)).endObject();
        out.endObject();
    }

    @Test
    void indentedAndCompactTextIsJsonsToTheCharacter() {
        StringBuilder indented = new StringBuilder();
        streamed(JsonStream.into(indented, true));
        assertThat(indented.append('\n').toString()).isEqualTo(Json.write(value()));
        StringBuilder compact = new StringBuilder();
        streamed(JsonStream.into(compact, false));
        assertThat(compact.toString()).isEqualTo(Json.compact(value()));
    }

    @Test
    void aLargeDocumentGoesToItsWriterInPieces() throws Exception {
        List<Integer> pieces = new ArrayList<>();
        StringWriter text = new StringWriter() {
            @Override
            public StringWriter append(CharSequence s) {
                pieces.add(s.length());
                return super.append(s);
            }
        };
        JsonStream out = JsonStream.into(text, false);
        List<Object> whole = new ArrayList<>();
        out.beginArray();
        for (int i = 0; i < 20_000; i++) {
            out.value("element " + i);
            whole.add("element " + i);
        }
        out.endArray();
        out.flush();
        assertThat(text.toString()).isEqualTo(Json.compact(whole));
        assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(n -> assertThat(n).isLessThan(40_000));
    }

    @Test
    void closingWhatWasNotOpenedIsRefused() {
        assertThatThrownBy(() -> JsonStream.into(new StringBuilder(), false).endObject()).isInstanceOf(IllegalStateException.class);
    }
}
