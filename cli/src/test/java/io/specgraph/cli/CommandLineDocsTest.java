package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The README's command synopsis and exit codes, the commands' {@code --help} texts and the exit codes the commands
 * return agree: adding, renaming or removing an option or an exit code without the other places fails here.
 */
class CommandLineDocsTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    /** The README's entry that starts with an option: what every command takes. */
    private static final String EVERY_COMMAND = "*";
    /** Options every command has, which the README names once rather than in every synopsis. */
    private static final Set<String> EVERYWHERE = Set.of("--help", "--version", "--stacktrace");
    private static final Pattern OPTION_LINE = Pattern.compile("(?m)^  (?:-\\w, |    )(--[a-z][a-z-]*)(?:=(\\S+))?");
    private static final Pattern EXIT_CODE_LINE = Pattern.compile("(?m)^  (\\d+)   ");

    private static String section;
    private static Map<String, String> synopses;

    @BeforeAll
    static void readReadme() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        int start = readme.indexOf("\n## The command line\n");
        assertThat(start).as("README.md has a section '## The command line'").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        section = readme.substring(start, end < 0 ? readme.length() : end);
        synopses = synopses(section);
    }

    /** The commands a user runs (picocli's own help command aside). */
    private static List<String> commands() {
        return Main.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
    }

    @Test
    void everyCommandHasASynopsisInTheReadmeAndEveryReadmeSynopsisIsACommand() {
        assertThat(synopses.keySet().stream().filter(c -> !c.equals(EVERY_COMMAND)))
                .containsExactlyInAnyOrderElementsOf(commands());
    }

    @Test
    void eachSynopsisListsExactlyTheOptionsOfTheCommandsHelpWithTheSameValues() {
        for (String command : commands()) {
            Run help = Run.of(command, "--help");
            assertThat(help.code()).isZero();
            Map<String, String> inHelp = options(help.out());
            assertThat(inHelp.keySet()).as(command + " --help").containsAll(EVERYWHERE);
            inHelp.keySet().removeAll(EVERYWHERE);

            String synopsis = synopses.get(command);
            Map<String, String> inReadme = new TreeMap<>();
            Matcher m = Pattern.compile("(--[a-z][a-z-]*)(?: ([^\\]\\s]+))?").matcher(synopsis);
            while (m.find()) {
                inReadme.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
            assertThat(inReadme).as("README synopsis of " + command + " (option → value) against its --help").isEqualTo(inHelp);

            CommandSpec spec = Main.commandLine().getSubcommands().get(command).getCommandSpec();
            spec.positionalParameters().forEach(p -> {
                assertThat(help.out()).as(command + " --help").contains(p.paramLabel());
                assertThat(synopsis).as("README synopsis of " + command).contains(p.paramLabel());
            });
        }
    }

    @Test
    void theReadmeSaysWhereHelpVersionAndStacktraceWork() {
        String everywhere = synopses.getOrDefault(EVERY_COMMAND, "");
        assertThat(everywhere).as("the README's line on the options of every command").isNotEmpty();
        assertThat(everywhere).contains("--version", "--stacktrace");
        for (String command : commands()) {
            assertThat(everywhere).contains(command + " --help");
        }
    }

    @Test
    void exitCodesAgreeBetweenTheReadmeTheHelpTextsAndTheCode() {
        String paragraph = section.substring(section.indexOf("Exit codes:"));
        paragraph = paragraph.substring(0, paragraph.indexOf("\n\n") < 0 ? paragraph.length() : paragraph.indexOf("\n\n"));
        Set<Integer> inReadme = new TreeSet<>();
        Matcher m = Pattern.compile("`(\\d+)`").matcher(paragraph);
        while (m.find()) {
            inReadme.add(Integer.parseInt(m.group(1)));
        }
        Set<Integer> inCode = new TreeSet<>(List.of(Main.OK, Main.NOT_CLOSED, Main.RUN_FAILED, Main.BAD_INPUT, Main.INTERNAL_ERROR, Main.WAITING));

        assertThat(exitCodes(Run.of("--help").out())).as("specgraph --help").isEqualTo(inReadme);
        assertThat(inReadme).as("README exit codes").isEqualTo(inCode);
        for (String command : commands()) {
            Set<Integer> listed = exitCodes(Run.of(command, "--help").out());
            assertThat(inReadme).as(command + " --help exit codes are documented").containsAll(listed);
            // every command can be given bad input and can meet a bug
            assertThat(listed).as(command + " --help").contains(Main.OK, Main.BAD_INPUT, Main.INTERNAL_ERROR);
        }
    }

    @Test
    void theDocumentedExitCodesAreTheOnesReturned() {
        assertThat(Run.of("validate", REPO.resolve("specs/review-all").toString()).code()).isEqualTo(Main.OK);
        assertThat(Run.of("validate", REPO.resolve("no-such-spec").toString()).code()).isEqualTo(Main.BAD_INPUT);
        assertThat(Run.of("validate", "--no-such-option", "x").code()).isEqualTo(Main.BAD_INPUT);
        assertThat(Run.of("completion", "bash").code()).isEqualTo(Main.OK);
    }

    @Test
    void everyOptionTheReadmeMentionsExists() {
        Set<String> known = new TreeSet<>(EVERYWHERE);
        for (String command : commands()) {
            known.addAll(options(Run.of(command, "--help").out()).keySet());
        }
        Set<String> mentioned = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(readme());
        while (m.find()) {
            mentioned.add(m.group());
        }
        assertThat(known).as("options of the commands").containsAll(mentioned);
    }

    /**
     * The README's synopsis entries by command: a line {@code bin/specgraph <command> …} and its indented
     * continuation; the entry {@code bin/specgraph --help …} under {@link #EVERY_COMMAND}.
     */
    private static Map<String, String> synopses(String section) {
        int open = section.indexOf("```");
        String block = section.substring(section.indexOf('\n', open) + 1, section.indexOf("```", open + 3));
        Map<String, String> result = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        String command = null;
        for (String line : block.lines().toList()) {
            if (line.startsWith("bin/specgraph ")) {
                if (command != null) {
                    result.put(command, String.join(" ", current));
                }
                String word = line.substring("bin/specgraph ".length()).split(" ", 2)[0];
                command = word.startsWith("-") ? EVERY_COMMAND : word;
                current = new ArrayList<>(List.of(line));
            } else if (line.startsWith(" ") && command != null) {
                current.add(line.strip());
            }
        }
        if (command != null) {
            result.put(command, String.join(" ", current));
        }
        return result;
    }

    /** Options of a --help text: long name → its parameter label ("" for a flag). */
    private static Map<String, String> options(String help) {
        Map<String, String> options = new TreeMap<>();
        Matcher m = OPTION_LINE.matcher(help);
        while (m.find()) {
            options.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return options;
    }

    private static Set<Integer> exitCodes(String help) {
        Matcher m = EXIT_CODE_LINE.matcher(help.substring(help.indexOf("Exit codes:")));
        Set<Integer> codes = new TreeSet<>();
        while (m.find()) {
            codes.add(Integer.parseInt(m.group(1)));
        }
        return codes;
    }

    private static String readme() {
        try {
            return Files.readString(REPO.resolve("README.md"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
