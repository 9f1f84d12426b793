package io.specgraph.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run resumed from its journal: the journal is fed to the run's fresh core, carrying out only what rebuilds
 * memory (timers, outputs, the record), since what the dead process did to the world is not done again; then the
 * run goes on from where the journal leaves it. {@link #replaying} alone is how a stored run is
 * {@linkplain Engine#inspect inspected} without running anything.
 */
final class JournalReplay {
    private final Scheduler run;

    JournalReplay(Scheduler run) {
        this.run = run;
    }

    /**
     * Feeds a resumed run's journal to the fresh core, carrying out only what rebuilds memory (timers, outputs,
     * the record); what the dead process did to the world is not done again. Then the run goes on: the clock
     * continues from the journal in wall-clock terms, attempts that were running are interrupted (and start
     * again), and gates that were being checked are checked again.
     */
    void replay(List<CoreInput> inputs) {
        Map<Integer, CoreDecision.EvaluateGate> checking = replaying(inputs);
        resumeFrom(inputs.isEmpty() ? 0 : inputs.get(inputs.size() - 1).at(), checking);
    }

    /** Feeds the journal to the core, rebuilding memory only; returns the gate checks it sent out, by gate. */
    Map<Integer, CoreDecision.EvaluateGate> replaying(List<CoreInput> inputs) {
        RunCore core = run.core;
        UpToDateChecks checks = run.checks;
        Map<Integer, CoreDecision.EvaluateGate> checking = new HashMap<>();
        for (CoreInput input : inputs) {
            if (input instanceof CoreInput.TimersDue t) {
                run.timers.takeDue(t.at());
            }
            if (input instanceof CoreInput.TaskChecked c && checks != null) {
                checks.replayed(c);
            }
            List<CoreDecision> decisions = core.apply(input);
            if (run.journal != null) {
                run.journal.add(new Scheduler.Step(input, decisions));
            }
            for (CoreDecision d : decisions) {
                switch (d) {
                    case CoreDecision.ArmTimer t -> run.timers.arm(t);
                    case CoreDecision.EvaluateGate g -> checking.put(g.node(), g);
                    case CoreDecision.KeepOutput k -> run.outputs.put(k.taskIri(), k.output());
                    case CoreDecision.Record r -> run.carryOut(r);
                    default -> {
                        // starting, stopping, checking and telling listeners: the dead process did that
                    }
                }
            }
        }
        return checking;
    }

    /** The run goes on after its journal: the clock, interrupted attempts, gate checks sent out again. */
    private void resumeFrom(long last, Map<Integer, CoreDecision.EvaluateGate> checking) {
        RunCore core = run.core;
        Engine engine = run.engine;
        UpToDateChecks checks = run.checks;
        long resumeAt;
        if (run.virtual) {
            resumeAt = last;
            run.clock = RunClock.virtualFrom(last);
        } else {
            long startAt = last - core.elapsed().toNanos();
            long wall = startAt + Duration.between(core.startInstant(), engine.clock.instant()).toNanos();
            resumeAt = Math.max(last + 1, wall);
            run.clock = RunClock.realFrom(resumeAt);
        }
        if (checks != null) {
            for (int v = 0; v < core.nodes.n; v++) {
                TaskState state = core.nodes.task[v] == null ? null : core.states.state(v);
                if (state == TaskState.SUCCEEDED || state == TaskState.CACHED) {
                    checks.replayedEnded(v);
                }
            }
        }
        run.apply(new CoreInput.Resumed(run.now(), engine.clock.instant()));
        // checks asked for before the process stopped were never answered: ask again
        core.awaitingChecks().forEach(v -> run.carryOut(new CoreDecision.CheckUpToDate(v)));
        run.attemptsRunning().forEach((v, number) -> run.apply(new CoreInput.AttemptInterrupted(run.now(), v, number)));
        checking.forEach((v, g) -> {
            if (core.awaitsAnswer(v) && core.checking(v, g.evaluation())) {
                run.evaluate(g);
            }
        });
    }
}
