package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.Specgraph;
import io.specgraph.internal.HttpListener;
import io.specgraph.internal.ServiceForms;
import io.specgraph.internal.Traps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A dialect query may only read the spec: refused when read if it says otherwise, stopped when run if it hides it. */
class DialectConfinementTest {
    @TempDir
    Path dir;

    private HttpListener listener;

    @BeforeEach
    void start() throws Exception {
        listener = HttpListener.start();
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.specgraph.internal.ServiceForms#forms")
    void aDialectQueryWithServiceIsRefusedWhenTheDialectIsRead(String form, String pattern) throws Exception {
        Path query = Files.writeString(Files.createDirectories(dir.resolve("leaky")).resolve("1-map.rq"),
                ServiceForms.construct(pattern, listener.url()));
        assertThatThrownBy(() -> Dialect.fromFolder(dir.resolve("leaky")))
                .isInstanceOf(DialectException.class)
                .hasMessageStartingWith(query + ": the query uses SERVICE ")
                .hasMessageEndingWith("; a dialect query may only read the spec");
        assertThat(listener.requests()).isZero();
    }

    @Test
    void aClassNameTheQueryComputesIsStoppedWhenTheDialectRuns() throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("computed")).resolve("1-map.rq"), """
                CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?o BIND(CALL(IRI(CONCAT("java:io.specgraph.internal.Traps", "$Computed")), ?o) AS ?x) }
                """);
        Dialect dialect = Dialect.fromFolder(dir.resolve("computed"));
        assertThatThrownBy(() -> Specgraph.load(l -> l.string("spec.ttl", "<https://x/s> <https://x/p> \"o\" ."), dialect))
                .isInstanceOf(DialectException.class)
                .hasMessage("dialect computed: 1-map.rq: the query was stopped: <java:io.specgraph.internal.Traps$Computed>"
                        + " names a Java class to load, which is not allowed; a query may only read the data it is given");
        assertThat(Traps.LOADED).doesNotContain("Computed");
    }
}
