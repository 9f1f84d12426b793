package io.specgraph.plan;

import java.time.Duration;
import java.util.List;

/**
 * A task of the plan. References to other resources are IRIs.
 *
 * @param iri               the task's IRI
 * @param label             its {@code rdfs:label}, or its IRI's local name
 * @param agent             the agent that performs it ({@code null} only in a plan of an unclosed spec)
 * @param phase             the phase it belongs to ({@code null} only in a plan of an unclosed spec)
 * @param dependsOn         tasks and gates that must succeed first, as declared
 * @param estimatedDuration the estimate ({@link Duration#ZERO} when the spec gives none)
 * @param action            what runs
 * @param inputs            paths it reads
 * @param outputs           paths it produces
 * @param writes            shared resources it modifies
 * @param retries           retries after a failure; null when the spec gives none (the engine's default applies)
 * @param timeout           time limit of one attempt, or {@code null}
 * @param addresses         bottlenecks it addresses
 * @param measures          metrics it measures
 * @param compensatedBy     the task that undoes it, or {@code null}
 * @param compensation      true when the task only runs to compensate others (some task is
 *                          {@code sg:compensatedBy} it); such tasks are not scheduled in a normal run
 */
public record PlanTask(String iri, String label, String agent, String phase, List<String> dependsOn,
                       Duration estimatedDuration, Action action, List<String> inputs, List<String> outputs,
                       List<String> writes, Integer retries, Duration timeout, List<String> addresses,
                       List<String> measures, String compensatedBy, boolean compensation) {
    public PlanTask {
        dependsOn = List.copyOf(dependsOn);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        writes = List.copyOf(writes);
        addresses = List.copyOf(addresses);
        measures = List.copyOf(measures);
    }
}
