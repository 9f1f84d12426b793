package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code specgraph completion bash|zsh}: the script is run by the real shell, with the words a user would have
 * typed, and what it offers is checked, values of --format, --dialect, --progress and --time-scale included.
 */
class CompletionCommandTest {
    /** What each line typed so far (the last word being completed) must be offered. */
    private static final List<String[]> EXPECTED = List.of(
            new String[] {"specgraph ''", "validate plan run resume approve reject runs show why report query worker dev-server completion help"},
            new String[] {"specgraph runs --format ''", "text json"},
            new String[] {"specgraph va", "validate"},
            new String[] {"specgraph validate --format ''", "text json turtle"},
            new String[] {"specgraph plan --format ''", "text json mermaid dot"},
            new String[] {"specgraph run specs/x --format ''", "text json"},
            new String[] {"specgraph run specs/x --progress ''", "auto live plain none"},
            new String[] {"specgraph run --time-scale ''", "auto virtual"},
            new String[] {"specgraph validate specs/x --dialect ''", "ggen"},
            new String[] {"specgraph plan --dialect g", "ggen"},
            new String[] {"specgraph completion ''", "bash zsh"},
            new String[] {"specgraph validate --strict-p", "--strict-phases"});

    @TempDir
    Path dir;

    @Test
    void bashCompletesCommandsOptionsAndTheirValues() throws Exception {
        assumeTrue(shellExists("bash"), "bash is not installed");
        Run run = Run.of("completion", "bash");
        assertThat(run.code()).as(run.err()).isZero();
        Path script = Files.writeString(dir.resolve("specgraph.bash"), run.out());

        // compopt works only while bash is really completing; outside it, it is a no-op here
        String offered = shell("bash", "--norc", "-c", "source '" + script + "'; compopt() { :; }; " + probes(EXPECTED));

        assertThat(offered.lines().toList()).containsExactlyElementsOf(answers(EXPECTED));
    }

    @Test
    void zshCompletesAlikeThroughItsBashCompletionEmulation() throws Exception {
        assumeTrue(shellExists("zsh"), "zsh is not installed");
        Run run = Run.of("completion", "zsh");
        assertThat(run.code()).as(run.err()).isZero();
        Path script = Files.writeString(dir.resolve("specgraph.zsh"), run.out());

        // bashcompinit runs a bash completion function under 'emulate sh' (arrays from 0); so does this probe. zsh
        // itself then keeps what matches the word typed so far, so only empty words are probed here.
        List<String[]> fromNothing = EXPECTED.stream().filter(p -> p[0].endsWith("''")).toList();
        String offered = shell("zsh", "-f", "-c", "autoload -U +X compinit && compinit -u -d '" + dir.resolve("zcompdump")
                + "'; source '" + script + "'; compopt() { :; }; emulate sh; setopt kshglob noshglob braceexpand; "
                + probes(fromNothing));

        assertThat(offered.lines().toList()).containsExactlyElementsOf(answers(fromNothing));
    }

    @Test
    void anUnknownShellIsBadInputNamingTheKnownOnes() {
        Run run = Run.of("completion", "fish");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("unknown shell 'fish'; use bash or zsh");
        assertThat(run.out()).isEmpty();
    }

    /** One shell line per probe: fill COMP_WORDS as the shell would, call the completion function, print its answer. */
    private static String probes(List<String[]> expected) {
        StringBuilder s = new StringBuilder();
        for (String[] probe : expected) {
            s.append("COMP_WORDS=(").append(probe[0]).append("); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); ")
                    .append("COMP_LINE=\"${COMP_WORDS[*]}\"; COMPREPLY=(); _complete_specgraph; echo \"${COMPREPLY[*]}\"; ");
        }
        return s.toString();
    }

    private static List<String> answers(List<String[]> expected) {
        return expected.stream().map(p -> p[1]).toList();
    }

    private static boolean shellExists(String name) {
        try {
            return new ProcessBuilder(name, "-c", "exit 0").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String shell(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
