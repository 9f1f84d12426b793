package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Arguments that name one command get a command line with that command alone (picocli builds the model of every
 * command it is given, which was a third of the Java time of a small validate); it must help, parse and fail
 * exactly as among all, and everything that needs the others (help, completion, an unknown or mistyped command,
 * a top-level option) gets them all.
 */
class CommandsForArgumentsTest {

    @Test
    void aCommandsNameGetsThatCommandAloneWithTheSameUsageAsAmongAll() {
        CommandLine all = Main.commandLine();
        assertThat(all.getSubcommands()).hasSize(Main.COMMANDS.size());
        for (String name : all.getSubcommands().keySet()) {
            if (name.equals("help") || name.equals("completion")) {
                continue;
            }
            for (String[] args : List.of(new String[] {name}, new String[] {Main.STACK_TRACE, name, "x"})) {
                CommandLine alone = Main.commandLineFor(args);
                assertThat(alone.getSubcommands().keySet()).as(String.join(" ", args)).containsExactly(name);
                assertThat(alone.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF))
                        .as("usage of " + name).isEqualTo(all.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
            }
        }
    }

    @Test
    void whatNeedsTheOtherCommandsGetsThemAll() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("--help"), List.of("-V", "validate"), List.of("help", "validate"),
                List.of("completion", "bash"), List.of("validat", "spec"), List.of("@args"), List.of("--", "validate"))) {
            assertThat(Main.commandLineFor(args.toArray(String[]::new)).getSubcommands()).as(String.join(" ", args))
                    .hasSize(Main.COMMANDS.size());
        }
    }

    @Test
    void theInheritedStackTraceOptionAndAMistypedCommandBehaveAsBefore() {
        Run withTrace = Run.of("validate", "no-such-folder", Main.STACK_TRACE);
        assertThat(withTrace.code()).as(withTrace.err()).isEqualTo(Main.BAD_INPUT);

        Run mistyped = Run.of("validat", "spec");
        assertThat(mistyped.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(mistyped.err()).contains("validate");
    }
}
