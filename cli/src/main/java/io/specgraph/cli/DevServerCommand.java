package io.specgraph.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code specgraph dev-server}: Temporal's test server on a loopback port, to try runs on Temporal on one machine. */
@Command(name = "dev-server",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Run Temporal's Java test server on a port of the loopback interface until Ctrl-C, to try workers and runs on"
                    + " Temporal on one machine. Not for production: it keeps everything in memory (lost when it stops),"
                    + " has one namespace and no security.",
            "For real use, run a Temporal service (`temporal server start-dev`, or a cluster) and point --temporal at its"
                    + " frontend, HOST:7233."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (Ctrl-C)", "2:the port cannot be listened on", "3:internal error (a bug; please report it)"})
final class DevServerCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", defaultValue = "7233",
            description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}, Temporal's; 0 picks a free one).")
    int port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            command.commandLine().getErr().println("specgraph: --port must be between 0 and 65535, got " + port);
            return Main.BAD_INPUT;
        }
        return OnTemporal.devServer(port, command.commandLine().getOut(), command.commandLine().getErr());
    }
}
