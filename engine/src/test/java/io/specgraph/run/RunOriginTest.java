package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.dialect.Dialect;
import io.specgraph.store.NewRun;
import io.specgraph.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's origin declares that its spec is its source files parsed only when it is, and then a disk store keeps
 * the texts, not the graph, and gives the same graph back.
 */
class RunOriginTest {
    private static final Path CREW = Path.of("src", "test", "resources", "dialects", "crew");

    @TempDir
    Path dir;

    @Test
    void aSpecLoadedFromFilesIsDeclaredToBeThemAndKeptAsTheirTexts() throws Exception {
        Path spec = Path.of("..", "specs", "build-optimization");
        Spec loaded = Specgraph.load(spec);
        RunOrigin origin = RunOrigin.ofLoaded(spec.toString(), Map.of("mine", "kept"), loaded.loaded());
        assertThat(origin.options()).containsEntry(NewRun.SPEC_FROM_SOURCES, "true").containsEntry("mine", "kept");
        assertThat(origin.sources()).hasSameSizeAs(loaded.loaded().sources());
        for (String name : loaded.loaded().sources()) {
            assertThat(origin.sources()).containsEntry(name, Files.readString(Path.of(name)));
            assertThat(origin.options()).containsEntry(NewRun.SOURCE_BASE + name, Path.of(name).toAbsolutePath().normalize().toUri().toString());
        }

        try (RunStore store = RunStore.onDisk(dir.resolve("store"))) {
            RunResult result = Engine.builder().simulateInVirtualTime().store(store).build().start(loaded.plan(), origin).await();
            String id = store.runs().get(0).id();
            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(dir.resolve("store/runs/" + id + "/spec.trdf")).doesNotExist();
            assertThat(store.registration(id).specGraph().isIsomorphicWith(loaded.loaded().union())).isTrue();
        }
    }

    @Test
    void aMappedOrPartlyParsedSpecIsKeptAsItsGraph() throws Exception {
        Spec mapped = Specgraph.load(l -> l.path(CREW.resolve("example").resolve("job.ttl")), Dialect.fromFolder(CREW));
        RunOrigin viaDialect = RunOrigin.ofLoaded("job", Map.of(), mapped.loaded());
        assertThat(viaDialect.options()).doesNotContainKey(NewRun.SPEC_FROM_SOURCES);
        assertThat(viaDialect.sources()).as("the texts are kept all the same, for resume").isNotEmpty();

        Path broken = Files.writeString(dir.resolve("plan.ttl"), """
                @prefix sg: <https://w3id.org/specgraph#> .
                <#a> a sg:Task .
                <#b> a sg:Task , .
                """);
        Spec partly = Specgraph.load(l -> l.path(broken).skipUnparsable(true));
        assertThat(partly.loaded().unparsed()).isNotEmpty();
        assertThat(RunOrigin.ofLoaded("partly", Map.of(), partly.loaded()).options()).doesNotContainKey(NewRun.SPEC_FROM_SOURCES);

        Spec fromText = Specgraph.load(l -> l.string("plan.ttl", "@prefix sg: <https://w3id.org/specgraph#> .\n<#a> a sg:Task .\n"));
        RunOrigin texts = RunOrigin.ofLoaded("text", Map.of(), fromText.loaded());
        assertThat(texts.options()).doesNotContainKey(NewRun.SPEC_FROM_SOURCES);
        assertThat(texts.sources()).as("not a file: nothing to read again").isEmpty();
    }
}
