package io.specgraph.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compensation queue on its own: one at a time, in the order queued, each at most once. */
class CompensationsTest {
    @Test
    void compensationsRunOneAtATimeEachAtMostOnce() {
        Compensations c = new Compensations(10);
        assertThat(c.idle()).isTrue();

        assertThat(c.add(1, "deploy", 8, false)).isEqualTo(Compensations.Added.QUEUED);
        assertThat(c.add(2, "migrate", 9, false)).isEqualTo(Compensations.Added.QUEUED);
        assertThat(c.add(3, "deploy-eu", 8, false)).isEqualTo(Compensations.Added.JOINED);
        assertThat(c.covered(1)).isTrue();
        assertThat(c.covered(4)).isFalse();
        assertThat(c.reason(8)).isEqualTo("compensating deploy, deploy-eu");

        assertThat(c.startNext()).isEqualTo(8);
        assertThat(c.startNext()).as("one at a time").isEqualTo(-1);
        assertThat(c.idle()).isFalse();
        c.ended();
        assertThat(c.startNext()).isEqualTo(9);
        c.ended();
        assertThat(c.idle()).isTrue();

        assertThat(c.add(5, "deploy-us", 8, true)).as("8 has run: it does not run twice").isEqualTo(Compensations.Added.TOO_LATE);
        assertThat(c.startNext()).isEqualTo(-1);
    }

    @Test
    void queuedCompensationsCanBeTakenOffToCancelThem() {
        Compensations c = new Compensations(10);
        c.add(1, "a", 7, false);
        c.add(2, "b", 8, false);
        assertThat(c.takeQueued()).isEqualTo(7);
        assertThat(c.takeQueued()).isEqualTo(8);
        assertThat(c.takeQueued()).isEqualTo(-1);
        assertThat(c.idle()).isTrue();
    }
}
