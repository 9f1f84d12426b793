package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.run.CoreDecision.ArmTimer;
import io.specgraph.run.CoreDecision.ArmTimer.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's timers and clocks on their own. */
class TimersTest {
    @Test
    void timersFallDueByTimeAndTiesInTheOrderTheyWereArmed() {
        Timers timers = new Timers();
        ArmTimer done = new ArmTimer(100, Kind.SIMULATED_DONE, 1, 1);
        ArmTimer timeout = new ArmTimer(100, Kind.TIMEOUT, 1, 1);
        ArmTimer retry = new ArmTimer(50, Kind.RETRY, 2, 1);
        ArmTimer later = new ArmTimer(200, Kind.GRACE, 3, 1);
        timers.arm(done);
        timers.arm(timeout);
        timers.arm(later);
        timers.arm(retry);

        assertThat(timers.nextAt()).isEqualTo(50);
        assertThat(timers.anyDue(49)).isFalse();
        assertThat(timers.takeDue(49)).isEmpty();
        List<ArmTimer> due = timers.takeDue(100);
        assertThat(due).containsExactly(retry, done, timeout);
        assertThat(due).as("an input carries it as it is, so no one may change it").isUnmodifiable();
        assertThat(timers.anyDue(199)).isFalse();
        assertThat(timers.takeDue(1_000)).containsExactly(later);
        assertThat(timers.isEmpty()).isTrue();
    }

    @Test
    void manyTimersArmedAndTakenInTurnFallDueInTheOrderOfASortByTimeThenArming() {
        java.util.Random random = new java.util.Random(11);
        Timers timers = new Timers();
        List<ArmTimer> armed = new ArrayList<>();
        List<ArmTimer> taken = new ArrayList<>();
        long now = 0;
        for (int round = 0; round < 2_000; round++) {
            for (int k = random.nextInt(4); k > 0; k--) {
                ArmTimer t = new ArmTimer(now + random.nextInt(20), Kind.SIMULATED_DONE, armed.size(), 1);
                armed.add(t);
                timers.arm(t);
            }
            now += random.nextInt(8);
            taken.addAll(timers.takeDue(now));
        }
        taken.addAll(timers.takeDue(Long.MAX_VALUE));
        // the reference: a stable sort by time keeps equal times in the order armed
        List<ArmTimer> expected = new ArrayList<>(armed);
        expected.sort(java.util.Comparator.comparingLong(ArmTimer::at));
        assertThat(taken).hasSize(armed.size());
        // taken in turns, so compare each turn's order: never a later timer before an earlier one, ties by arming
        for (int i = 1; i < taken.size(); i++) {
            ArmTimer a = taken.get(i - 1);
            ArmTimer b = taken.get(i);
            if (a.at() == b.at()) {
                assertThat(a.node()).as("ties in the order armed").isLessThan(b.node());
            }
        }
        assertThat(timers.isEmpty()).isTrue();
        Timers all = new Timers();
        armed.forEach(all::arm);
        assertThat(all.takeDue(Long.MAX_VALUE)).containsExactlyElementsOf(expected);
    }

    @Test
    void theVirtualClockStandsStillAndNeverGoesBackwards() {
        RunClock.Virtual clock = (RunClock.Virtual) RunClock.virtual();
        assertThat(clock.isVirtual()).isTrue();
        assertThat(clock.now()).isZero();
        clock.advanceTo(500);
        clock.advanceTo(300);
        assertThat(clock.now()).isEqualTo(500);

        RunClock real = RunClock.real();
        long before = System.nanoTime();
        assertThat(real.isVirtual()).isFalse();
        assertThat(real.now()).isGreaterThanOrEqualTo(before);
    }
}
