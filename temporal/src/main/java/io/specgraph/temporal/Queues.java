package io.specgraph.temporal;

import io.specgraph.plan.PlanTask;

/**
 * The task queues of specgraph's runs: a queue per agent by default, so a worker serves the agents it has
 * handlers for, and a control queue for gate checks, the record and the plan by reference.
 */
public final class Queues {
    /** The control queue when none is named. */
    public static final String CONTROL = "specgraph";

    private Queues() {}

    /** The queue of an agent's tasks: the control queue's name, a dot and the agent IRI's local name. */
    public static String forAgent(String control, String agentIri) {
        String local = agentIri.substring(Math.max(agentIri.lastIndexOf('#'), Math.max(agentIri.lastIndexOf('/'), agentIri.lastIndexOf(':'))) + 1);
        return control + "." + local;
    }

    /** The queue a task's attempts go to under {@code settings}. */
    static String of(Messages.Settings settings, PlanTask task) {
        if (settings.taskQueue() != null) {
            return settings.taskQueue();
        }
        return task.agent() == null ? settings.controlQueue() : forAgent(settings.controlQueue(), task.agent());
    }
}
