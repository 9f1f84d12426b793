package io.specgraph.internal;

import java.time.Instant;

/**
 * {@link Instant#toString()}'s text, to the character, made without a {@link java.time.format.DateTimeFormatter}
 * for the many instants of one run, which fall within few seconds: the date and time of a second is made once and
 * kept, the fraction appended. A large run's record has two or three instants per task, and formatting them was a
 * third of saving it. One instance per thread (it keeps the last second). Not part of the public API.
 */
public final class InstantText {
    /** 10000-01-01T00:00:00Z: from there on {@link Instant#toString()} writes a sign and more digits. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private long second = Long.MIN_VALUE;
    /** The text of {@link #second} without its closing {@code Z}. */
    private String secondText;

    /** {@code instant.toString()}. */
    public String of(Instant instant) {
        long s = instant.getEpochSecond();
        if (s < 0 || s >= YEAR_10000) {
            return instant.toString();
        }
        if (s != second) {
            String whole = Instant.ofEpochSecond(s).toString();
            secondText = whole.substring(0, whole.length() - 1);
            second = s;
        }
        int nano = instant.getNano();
        StringBuilder text = new StringBuilder(secondText.length() + 11).append(secondText);
        if (nano != 0) {
            // as many digits as needed, in groups of three, as ISO_INSTANT prints them
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            text.append('.');
            String n = Integer.toString(value);
            for (int pad = digits - n.length(); pad > 0; pad--) {
                text.append('0');
            }
            text.append(n);
        }
        return text.append('Z').toString();
    }
}
