package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where `validate --dialect` reports a reference the dialect made of a string and that names nothing. */
class DialectReferenceCommandTest {
    @TempDir
    Path dir;

    @Test
    void aGateOwnerWrittenAsAStringThatNamesNothingIsReportedAtTheOwnerLine() throws IOException {
        Path spec = Files.createDirectories(dir.resolve("spec"));
        Path plan = Files.writeString(spec.resolve("plan.ttl"), """
                @prefix : <https://ggen.io/spec/007/> .

                :Builder :responsibility "Builds" .

                :ReleaseGate :gateName "Release" ;
                    :condition "everything built" ;
                    :consequence "the release can go out" ;
                    :owner "Nobody" .
                """);

        Run run = Run.of("validate", spec.toString(), "--dialect", "ggen");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains(plan + ":8: violation [gate-owner-exists] :ReleaseGate has sg:owner :Nobody")
                .doesNotContain(plan + ":5: violation [gate-owner-exists]");
    }
}
