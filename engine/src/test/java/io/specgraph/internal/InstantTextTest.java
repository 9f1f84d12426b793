package io.specgraph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The text of an instant is {@link Instant#toString()}'s, whatever its fraction and year. */
class InstantTextTest {
    @Test
    void everyInstantReadsAsInstantWritesIt() {
        InstantText text = new InstantText();
        SplittableRandom random = new SplittableRandom(11);
        long now = Instant.parse("2026-12-03T17:10:05Z").getEpochSecond();
        int[] nanos = {0, 1, 999_999_999, 1_000_000, 120_000_000, 1_000, 123_456_000, 123_456_789, 5_000, 100};
        for (int i = 0; i < 20_000; i++) {
            long second = switch (i % 4) {
                case 0 -> now + random.nextInt(3); // a run's instants: few seconds, many times each
                case 1 -> random.nextLong(0, 253_402_300_800L);
                case 2 -> random.nextLong(-100_000_000_000L, 0); // before 1970: Instant's own text
                default -> random.nextLong(253_402_300_000L, 400_000_000_000L); // around and after the year 10000
            };
            int nano = i % 3 == 0 ? nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000);
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertThat(text.of(instant)).as("%d s %d ns", second, nano).isEqualTo(instant.toString());
        }
        assertThat(text.of(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(text.of(Instant.MAX)).isEqualTo(Instant.MAX.toString());
    }
}
