package io.specgraph.temporal;

import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.FailurePolicy;
import io.specgraph.run.TaskOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The values that travel between a run's client, its workflow and its workers (Temporal's JSON converter writes
 * them): plain strings and numbers only, no Jena, so the workflow's history is readable and replayable anywhere.
 */
public final class Messages {
    private Messages() {}

    /**
     * How a run goes: the engine settings the core decides with, and where its work is sent.
     *
     * @param taskQueue    the queue every task goes to, or null for a queue per agent ({@link Queues#forAgent})
     * @param controlQueue the queue of gate checks, the record and the plan by reference
     * @param simulate     a dry run in virtual time, as {@code --simulate}: no task runs
     */
    public record Settings(int workers, String failurePolicy, int retries, long backoffMillis, Long timeoutMillis,
                           long gateTimeoutMillis, long cancelGraceMillis, String order, boolean simulate, String taskQueue,
                           String controlQueue) {
        /** The engine the core decides with (no handlers: they are the workers'). */
        public Engine engine() {
            Engine.Builder b = Engine.builder().workers(workers).failurePolicy(FailurePolicy.valueOf(failurePolicy)).retries(retries)
                    .backoff(Duration.ofMillis(backoffMillis)).gateTimeout(Duration.ofMillis(gateTimeoutMillis))
                    .cancelGrace(Duration.ofMillis(cancelGraceMillis)).order(TaskOrder.valueOf(order));
            if (timeoutMillis != null) {
                b.timeout(Duration.ofMillis(timeoutMillis));
            }
            if (simulate) {
                b.simulateInVirtualTime();
            }
            return b.build();
        }
    }

    /**
     * What a run's workflow starts with: the plan by value ({@code plan}, gzipped JSON) or by reference
     * ({@code plan} null: {@code planChunks} pieces fetched from a worker that has the spec, checked against
     * {@code planDigest}).
     */
    public record RunInput(String runIri, byte[] plan, String planDigest, int planChunks, Settings settings, Carried carried) {
        /** A run's first input: nothing carried over. */
        public RunInput(String runIri, byte[] plan, String planDigest, int planChunks, Settings settings) {
            this(runIri, plan, planDigest, planChunks, settings, null);
        }

        /** The same run, continued as new with {@code carried}. */
        RunInput continued(Carried carried) {
            return new RunInput(runIri, plan, planDigest, planChunks, settings, carried);
        }
    }

    /**
     * What a run carries into the workflow execution it continues as (Temporal's continue-as-new, so that one
     * history stays within Temporal's limit): its journal (gzipped lines), the worker of each attempt so far
     * ({@code zippedWorkers}: gzipped {@code "node/attempt<TAB>worker"} lines, the worker's name URL-encoded), and
     * when it started, so that its clock goes on. Both grow with the run and are carried in one payload (Temporal's
     * limit: 2 MB), hence gzipped. {@code workers} is only set by workflows of earlier versions (else null).
     */
    public record Carried(byte[] journal, Map<String, String> workers, long startMillis, int continued, byte[] zippedWorkers) {}

    /** One attempt of a task, for a worker; {@code outputs}: the outputs so far, encoded, by task IRI. */
    public record AttemptRequest(String runIri, String planDigest, String taskIri, int attempt, Map<String, String> outputs) {}

    /** A value an attempt measured. */
    public record Measured(String metricIri, String value) {}

    /**
     * What an attempt came to on worker {@code worker}: {@code error} null when it succeeded; {@code measuredAt}
     * the worker's wall clock when it ended, in epoch milliseconds.
     */
    public record AttemptReply(String worker, String error, String output, List<Measured> measured, long measuredAt) {}

    /**
     * The check of a gate's conditions, on a worker that has the spec and the predicates: the snapshot the core
     * took ({@code states}: by node; {@code measured}), how long the run's journal was then ({@code journalUpTo}),
     * and whether a condition reads the record. The worker reads those journal entries from the workflow page by
     * page and rebuilds from them the outputs the predicates see and the record: inside the request they would
     * grow with the run past Temporal's 2 MB payload limit. {@code journal} and {@code outputs} are only set by
     * workflows of earlier versions, which sent them inline (else null).
     */
    public record GateRequest(String runIri, String planDigest, Settings settings, String gateIri, int waitedFor, List<String> states,
                              Map<String, String> measured, List<String> journal, Map<String, String> outputs, int journalUpTo,
                              boolean withRecord) {}

    /** A gate's condition outcomes, as {@link io.specgraph.run.ConditionOutcome}'s fields. */
    public record GateReply(List<List<String>> conditions) {}

    /**
     * Keep a run's record in the worker's store: its journal and the worker of each attempt ({@code "node/attempt"}),
     * which the worker reads from the ended workflow page by page (both grow with the run; inside the request they
     * would pass Temporal's 2 MB payload limit at some tens of thousands of attempts). {@code journal} and
     * {@code workers} are only set by workflows of earlier versions, which sent them inline (else null).
     */
    public record RecordRequest(String runIri, String planDigest, Settings settings, List<String> journal, Map<String, String> workers) {}

    /** A person's decision on an approval gate. */
    public record Decision(String gateIri, String agentIri, boolean approved, String comment, long atMillis) {}

    /** How a run ended: the outcome, and the run's id in the record's store (null when it was not kept). */
    public record RunOutcome(String outcome, String storedRun) {}

    /** Where a run stands, for a client that follows it: the journal's length and whether the run has ended. */
    public record Status(int journalSize, boolean ended, List<String> waitingGates) {}

    /** The input of a run of {@code plan}, passed by value when it fits in {@code maxInline} bytes. */
    static RunInput input(String runIri, Plan plan, Settings settings, int maxInline) {
        byte[] value = PlanJson.encode(plan);
        String digest = PlanJson.digest(value);
        return value.length <= maxInline ? new RunInput(runIri, value, digest, 0, settings)
                : new RunInput(runIri, null, digest, (value.length + maxInline - 1) / maxInline, settings);
    }
}
