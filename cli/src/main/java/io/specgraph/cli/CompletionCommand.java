package io.specgraph.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code specgraph completion bash|zsh}: prints the shell completion script picocli generates from the command
 * line's own model, so it can never lag behind the options. The script is written once and sourced by the
 * shell: completing must not start a JVM on every Tab.
 */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Print a script that completes specgraph's commands, options and option values (--format, --dialect,"
                    + " --progress, --time-scale) in bash or zsh.",
            "Install it once: bin/specgraph completion bash > ~/.specgraph-completion.bash && echo 'source"
                    + " ~/.specgraph-completion.bash' >> ~/.bashrc (zsh: completion zsh, ~/.zshrc). It completes the"
                    + " command 'specgraph', so put bin/specgraph on the PATH (a link to it works); write it again after"
                    + " an upgrade."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:script printed", "2:unknown shell (bad option)", "3:internal error (a bug; please report it)"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells a script can be printed for. */
    enum Shell {
        /** bash 4+, with or without the bash-completion package. */
        BASH,
        /** zsh, through its bash-completion emulation (bashcompinit), which the script switches on itself. */
        ZSH
    }

    @Parameters(paramLabel = "bash|zsh", converter = ShellConverter.class, completionCandidates = Shells.class,
            description = "The shell to complete in.")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        // picocli writes one script for both: it loads zsh's bashcompinit when run by zsh
        String script = AutoComplete.bash(command.root().name(), command.root().commandLine());
        command.commandLine().getOut().print(script);
        command.commandLine().getOut().flush();
        return Main.OK;
    }

    /** Accepts the shell in any case. */
    static final class ShellConverter extends EnumConverter<Shell> {
        ShellConverter() {
            super(Shell.class, "shell");
        }
    }

    /** The shells, as they are typed. */
    static final class Shells extends EnumCandidates<Shell> {
        Shells() {
            super(Shell.class);
        }
    }
}
