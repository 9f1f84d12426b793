package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dialect query that does not parse is reported at one place: its line and column in the .rq file. */
class DialectQueryErrorTest {
    @TempDir
    Path dir;

    @Test
    void aSyntaxErrorIsAtItsLineInTheQueryFileAndTheParsersShiftedPositionIsGone() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mine"));
        Path query = Files.writeString(folder.resolve("1-tasks.rq"), """
                PREFIX sg: <https://w3id.org/specgraph#>
                CONSTRUCT { ?t a sg:Task }
                WHERE {
                  ?t <https://ex.org/step> ?x
                  FILTER (?x = )
                }
                """);

        DialectException e = catchThrowableOfType(DialectException.class, () -> Dialect.fromFolder(folder));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(query + ":5:").contains("the query does not parse")
                .doesNotContainIgnoringCase("line 6").doesNotContainIgnoringCase("at line");
    }

    @Test
    void anUnknownPrefixIsAtItsLineToo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mine"));
        Path query = Files.writeString(folder.resolve("1-tasks.rq"), """
                PREFIX sg: <https://w3id.org/specgraph#>
                CONSTRUCT { ?t a sg:Task }
                WHERE { ?t ex:step ?x }
                """);

        DialectException e = catchThrowableOfType(DialectException.class, () -> Dialect.fromFolder(folder));

        assertThat(e.getMessage()).startsWith(query + ":3:").contains("ex:step").doesNotContainIgnoringCase("line 4");
    }
}
