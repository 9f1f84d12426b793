package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.specgraph.run.CoreDecision.ArmTimer;
import io.specgraph.run.CoreDecision.ArmTimer.Kind;
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
        assertThat(timers.takeDue(100)).containsExactly(retry, done, timeout);
        assertThat(timers.anyDue(199)).isFalse();
        assertThat(timers.takeDue(1_000)).containsExactly(later);
        assertThat(timers.isEmpty()).isTrue();
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
