package io.specgraph.run;

import io.specgraph.plan.Action;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanAgent;
import io.specgraph.plan.PlanGate;
import io.specgraph.plan.PlanTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The handlers an engine was built with (by task, by {@code sg:handler} key, by agent) and how a plan's task finds
 * its own: the checks that refuse a run before anything is executed (a task without a handler, commands not
 * allowed, a gate predicate nobody answers, a handler registered for a task or agent the plan does not have), and
 * the lookup a remote worker or an up-to-date check makes for one task.
 */
final class TaskHandlers {
    private final Map<String, TaskHandler> byKey;
    private final Map<String, TaskHandler> byTask;
    private final Map<String, TaskHandler> byAgent;
    private final Map<String, GatePredicate> predicates;
    private final boolean simulate;
    private final double timeScale;
    private final boolean allowCommands;
    private final Path baseDirectory;

    TaskHandlers(Map<String, TaskHandler> byKey, Map<String, TaskHandler> byTask, Map<String, TaskHandler> byAgent,
                 Map<String, GatePredicate> predicates, boolean simulate, double timeScale, boolean allowCommands, Path baseDirectory) {
        this.byKey = Map.copyOf(byKey);
        this.byTask = Map.copyOf(byTask);
        this.byAgent = Map.copyOf(byAgent);
        this.predicates = predicates;
        this.simulate = simulate;
        this.timeScale = timeScale;
        this.allowCommands = allowCommands;
        this.baseDirectory = baseDirectory;
    }

    /**
     * The handler of every task the run may start, in the order of {@link Plan#tasks()}; refuses the run when one
     * is missing. An array by position, not a map by IRI: a run of 100,000 tasks made and read such a map for each
     * run, a few percent of a run of no-op tasks.
     */
    TaskHandler[] resolve(Plan plan) {
        Objects.requireNonNull(plan, "plan");
        List<String> problems = new ArrayList<>();
        List<PlanTask> tasks = plan.tasks();
        TaskHandler[] handlers = new TaskHandler[tasks.size()];
        if (simulate) {
            Arrays.fill(handlers, new SimulateHandler(timeScale));
            return handlers;
        }
        for (String iri : byTask.keySet()) {
            if (plan.task(iri).isEmpty()) {
                problems.add("a handler is registered for task " + iri + ", which the plan does not have; check the IRI");
            }
        }
        for (String iri : byAgent.keySet()) {
            if (plan.agents().stream().map(PlanAgent::iri).noneMatch(iri::equals)) {
                problems.add("a handler is registered for agent " + iri + ", which the plan does not have; check the IRI");
            }
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        TaskHandler command = new CommandHandler(baseDirectory);
        for (int i = 0; i < handlers.length; i++) {
            PlanTask t = tasks.get(i);
            Action action = t.action();
            TaskHandler h = registered(t);
            if (h == null && action.kind() == Action.Kind.COMMAND) {
                if (allowCommands) {
                    h = command;
                } else {
                    commands.add(t.label() + " (" + t.iri() + ")");
                    continue;
                }
            }
            if (h == null) {
                String what = action.kind() == Action.Kind.HANDLER ? "sg:handler \"" + action.value() + "\""
                        : "no sg:handler or sg:command";
                missing.computeIfAbsent(what, k -> new ArrayList<>()).add(t.label() + " (" + t.iri() + ")");
                continue;
            }
            handlers[i] = h;
        }
        missing.forEach((what, needing) -> problems.add("no handler for " + what + ", needed by " + String.join(", ", needing)
                + "; register one with Engine.builder().handler(key, …), .handlerForTask(iri, …) or"
                + " .handlerForAgent(iri, …), or simulate the run (CLI: --simulate)"));
        if (!commands.isEmpty()) {
            problems.add("commands are not enabled, and " + String.join(", ", commands) + " run sg:command;"
                    + " a spec from elsewhere must never run shell by default. Read the commands, then enable them"
                    + " with Engine.builder().allowCommands(true) (CLI: --allow-commands), or simulate the run (CLI: --simulate)");
        }
        for (PlanGate g : plan.gates()) {
            for (PlanGate.Condition c : g.conditions()) {
                if (c.kind() == PlanGate.Condition.Kind.PREDICATE && !predicates.containsKey(c.value())) {
                    problems.add("gate " + g.label() + " (" + g.iri() + ") has the condition sg:predicate \"" + c.value()
                            + "\", which no predicate answers; register one with Engine.builder().predicate(\""
                            + c.value() + "\", ctx -> …), or simulate the run (CLI: --simulate)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RunRefusedException(problems);
        }
        return handlers;
    }

    /**
     * The handler registered for the task (by IRI, by {@code sg:handler} key, by agent, in that order) or the
     * built-in {@code "simulate"}; null when none is, for a command among others. Refuses nothing.
     */
    TaskHandler registered(PlanTask t) {
        Action action = t.action();
        TaskHandler h = byTask.get(t.iri());
        if (h == null && action.kind() == Action.Kind.HANDLER) {
            h = byKey.get(action.value());
            if (h == null && action.value().equals("simulate")) {
                h = new SimulateHandler(timeScale);
            }
        }
        if (h == null && t.agent() != null) {
            h = byAgent.get(t.agent());
        }
        return h;
    }

    /**
     * The handler this engine has for task t, in order of precedence: the task's, its key's, its agent's, then
     * {@code command} for an {@code sg:command} when commands are allowed; null when it has none.
     */
    TaskHandler handlerFor(PlanTask t, TaskHandler command) {
        TaskHandler h = registered(t);
        return h == null && t.action().kind() == Action.Kind.COMMAND && allowCommands ? command : h;
    }
}
