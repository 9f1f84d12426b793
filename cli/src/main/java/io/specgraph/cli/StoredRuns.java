package io.specgraph.cli;

import io.specgraph.Spec;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.GateOutcome;
import io.specgraph.run.GateState;
import io.specgraph.run.RunOrigin;
import io.specgraph.run.RunRefusedException;
import io.specgraph.run.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.graph.NodeFactory;
import picocli.CommandLine;

/**
 * What the command line keeps of a run in its store and reads back: the arguments it was started with (so that
 * {@code resume} and {@code show} load and run it the same way), the spec's sources, and what to say after a
 * run about where it is and what comes next.
 */
final class StoredRuns {
    /** The option key prefix of the run's arguments, one key per argument in order. */
    static final String ARG = "cli.arg.";
    /** The option key of the folder the run was started in (its relative paths are relative to it). */
    static final String CWD = "cli.cwd";

    private StoredRuns() {}

    /**
     * The origin of a run started by {@code command}: its arguments, folder and the spec's source texts (kept instead
     * of the spec's graph when the spec is those files parsed, see {@link RunOrigin#ofLoaded}).
     */
    static RunOrigin origin(CommandLine.Model.CommandSpec command, Spec spec) {
        Map<String, String> options = new TreeMap<>();
        List<String> args = runArguments(command.commandLine().getParseResult().originalArgs());
        for (int i = 0; i < args.size(); i++) {
            options.put(ARG + String.format("%04d", i), args.get(i));
        }
        options.put(CWD, Path.of("").toAbsolutePath().toString());
        return RunOrigin.ofLoaded(String.join(" ", command.commandLine().getParseResult().matchedPositionals().stream()
                .flatMap(p -> p.originalStringValues().stream()).toList()), options, spec.loaded());
    }

    /** The arguments after the {@code run} command itself. */
    private static List<String> runArguments(List<String> original) {
        int at = original.indexOf("run");
        return List.copyOf(original.subList(at + 1, original.size()));
    }

    /** The arguments a run was started with, in order. */
    static List<String> arguments(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            if (k.startsWith(ARG)) {
                args.add(v);
            }
        });
        return args;
    }

    /** For a resume refused because the spec changed: where each changed task or gate is now, one line each. */
    static List<String> whereChanged(RunRefusedException refused, Spec spec) {
        List<String> out = new ArrayList<>();
        for (String iri : refused.changed()) {
            String where = spec.loaded().positionOf(NodeFactory.createURI(iri)).map(p -> p.toString()).orElse("no longer in the spec");
            out.add("  " + PlanWriter.local(iri) + ": " + where);
        }
        if (!out.isEmpty()) {
            out.add(0, "what changed:");
        }
        return out;
    }

    /** What to say after a run kept in a store: how to see it again, or what it waits for and how to go on. */
    static List<String> next(RunResult result, String id) {
        List<String> out = new ArrayList<>();
        switch (result.outcome()) {
            case WAITING -> {
                for (GateOutcome g : result.gates()) {
                    if (g.state() == GateState.WAITING) {
                        out.add("run " + id + ": gate " + PlanWriter.local(g.gate().iri()) + " " + g.reason() + ":");
                        out.add("  specgraph approve " + id + " " + PlanWriter.local(g.gate().iri())
                                + " --as NAME [--comment TEXT]   (or: specgraph reject …)");
                    }
                }
                out.add("then continue it with: specgraph resume " + id);
            }
            case INTERRUPTED -> out.add("run " + id + " was interrupted; continue it with: specgraph resume " + id);
            default -> out.add("run " + id + " is kept in the store; see it again with: specgraph show " + id);
        }
        return out;
    }
}
