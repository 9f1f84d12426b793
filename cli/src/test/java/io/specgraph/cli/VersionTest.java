package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code specgraph --version} says which build it is: the version and the commit, as the build recorded them. */
class VersionTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final String VERSION = System.getProperty("specgraph.version");

    @Test
    void versionNamesTheProjectVersionAndTheCommitTheBuildWasMadeFrom() throws Exception {
        Run run = Run.of("--version");

        assertThat(run.code()).isZero();
        String first = run.outLines().get(0);
        String head = gitHead();
        if (head == null) { // a source tree without git (a tarball): the build cannot know the commit
            assertThat(first).isEqualTo("specgraph " + VERSION + " (unknown commit)");
        } else {
            assertThat(first).startsWith("specgraph " + VERSION + " (commit " + head);
        }
        assertThat(run.out()).doesNotContain("development build").doesNotContain("${");
        assertThat(run.outLines().get(1)).startsWith("Java " + System.getProperty("java.version"));
    }

    @Test
    void everyCommandAnswersVersionAlike() {
        for (String command : new String[] {"validate", "plan", "run", "completion"}) {
            assertThat(Run.of(command, "--version").out()).isEqualTo(Run.of("--version").out());
        }
    }

    @Test
    void whatTheBuildDidNotKnowReadsAsUnknownNotAsAPlaceholder() {
        Properties tarball = new Properties();
        tarball.setProperty("version", "1.2.3");
        tarball.setProperty("commit", "${git.commit.id.abbrev}");
        tarball.setProperty("dirty", "${git.dirty}");
        assertThat(BuildInfo.of(tarball).describe()).isEqualTo("specgraph 1.2.3 (unknown commit)");

        Properties edited = new Properties();
        edited.setProperty("version", "1.2.3");
        edited.setProperty("commit", "0123456789ab");
        edited.setProperty("dirty", "true");
        assertThat(BuildInfo.of(edited).describe()).isEqualTo("specgraph 1.2.3 (commit 0123456789ab with uncommitted changes)");

        assertThat(BuildInfo.of(new Properties()).describe()).isEqualTo("specgraph (unknown version) (unknown commit)");
    }

    /** The abbreviated commit of the checkout, or null when there is no git or no repository. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "-C", REPO.toString(), "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
