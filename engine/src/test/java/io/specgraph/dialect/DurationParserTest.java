package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specgraph.dialect.Durations.Days;
import io.specgraph.testing.SharedCompat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The duration parser over real strings: the {@code :duration}, {@code :estimatedTime} and
 * {@code :totalDuration} values of ggen-007, the estimates of the seed reports, and the forms of issue 5.
 */
class DurationParserTest {


    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                 | xsd:duration (calendar days; a range gives its upper end)
            6-7 calendar days       | P7D
            2 days                  | P2D
            3 days                  | P3D
            1 day                   | P1D
            1-2 hours               | PT2H
            1 hour                  | PT1H
            30-45 minutes           | PT45M
            10-15 minutes           | PT15M
            15-20 minutes           | PT20M
            30 minutes              | PT30M
            45 minutes              | PT45M
            3-4 hours               | PT4H
            2-3 hours               | PT3H
            4-5 hours               | PT5H
            6 min                   | PT6M
            5 min                   | PT5M
            30 min                  | PT30M
            10 min                  | PT10M
            12 min                  | PT12M
            4 hours                 | PT4H
            8 hours                 | PT8H
            2 hours                 | PT2H
            ~30-60 min              | PT1H
            ~28 hours               | P1DT4H
            ~32 hours               | P1DT8H
            ~2-3 hours              | PT3H
            ~1-2 hours              | PT2H
            ~5 hours                | PT5H
            ~10 min                 | PT10M
            <3 min                  | PT3M
            <10 minutes             | PT10M
            8.7 min                 | PT8M42S
            8h                      | PT8H
            6h                      | PT6H
            10h                     | PT10H
            4h                      | PT4H
            60 minutes              | PT1H
            50 minutes              | PT50M
            17 minutes              | PT17M
            60min                   | PT1H
            30min                   | PT30M
            6-7 days                | P7D
            6 days                  | P6D
            1-2 days                | P2D
            0.5-1 hour              | PT1H
            30-60 minutes           | PT1H
            PT1H                    | PT1H
            P2D                     | P2D
            PT90M                   | PT1H30M
            P1DT2H                  | P1DT2H
            pt30m                   | PT30M
            PT0.5S                  | PT0.5S
            P2W                     | P14D
            90 min                  | PT1H30M
            1.5 hours               | PT1H30M
            half a day              | PT12H
            half an hour            | PT30M
            an hour                 | PT1H
            a day                   | P1D
            1h 30min                | PT1H30M
            1 hour and 30 minutes   | PT1H30M
            2 to 3 days             | P3D
            30 min - 1 hour         | PT1H
            1–2 hours               | PT2H
            2 weeks                 | P14D
            2 working days          | PT16H
            up to 2 hours           | PT2H
            about 3 hours           | PT3H
            approx. 3 hours         | PT3H
            ≤ 45 minutes            | PT45M
            0 minutes               | PT0S
            90 s                    | PT1M30S
            250 ms                  | PT0.25S
            """)
    void reads(String input, String xsd) {
        Duration d = Durations.parse(input).orElseThrow();

        assertThat(Durations.toXsd(d)).isEqualTo(xsd);
        // the lexical form is what the engine reads back (SpecReader uses Duration.parse)
        assertThat(Duration.parse(xsd)).isEqualTo(d);
        assertThat(Durations.parse(xsd).orElseThrow()).isEqualTo(d);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" with working days -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2 days                  | PT16H
            2-3 days                | P1D
            half a day              | PT4H
            1 week                  | P1DT16H
            6-7 calendar days       | P7D
            2 calendar weeks        | P14D
            P2D                     | P2D
            4h                      | PT4H
            """)
    void readsWorkingDays(String input, String xsd) {
        assertThat(Durations.toXsd(Durations.parse(input, Days.WORKING).orElseThrow())).isEqualTo(xsd);
    }

    @Test
    void qualifiedDaysIgnoreTheDefault() {
        assertThat(Durations.parse("2 business days").orElseThrow()).isEqualTo(Duration.ofHours(16));
        assertThat(Durations.parse("3 workdays").orElseThrow()).isEqualTo(Duration.ofHours(24));
        assertThat(Days.CALENDAR.week()).isEqualTo(Duration.ofDays(7));
        assertThat(Days.WORKING.week()).isEqualTo(Duration.ofHours(40));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                       | the reason says
            soon                          | no number
            hours                         | no number
            TBD                           | no number
            N/A                           | no number
            one hour                      | no number
            1-2                           | no unit: '1-2' could be minutes, hours or days
            30                            | no unit after 30
            2 weeks?                      | marked uncertain
            2+ hours                      | open-ended
            >2 hours                      | a lower bound
            ≥ 1 day                       | a lower bound
            at least 2 days               | a lower bound
            more than 3 hours             | a lower bound
            30m                           | the unit 'm' is ambiguous
            3 months                      | no fixed length
            1 year                        | no fixed length
            P1M                           | no fixed length
            P1Y2D                         | no fixed length
            PT1.5H                        | not an xsd:duration
            PT                            | not an xsd:duration
            P                             | no number
            -PT1H                         | a negative duration
            -2 hours                      | a negative duration
            a few hours                   | 'few hours' is not a unit of time
            a couple of days              | 'couple of days' is not a unit of time
            3-2 hours                     | low end exceeds its high end
            30 min 1 hour                 | must decrease
            1h - 2h 30min                 | unexpected text after the duration
            1,5 hours                     | a comma inside a number
            60min → 30min                 | a change between two values
            4-5 hours of focused effort   | unexpected text after the duration: 'of focused effort'
            10 days if issues arise       | unexpected text after the duration: 'if issues arise'
            17 minutes (actual: 30 min)   | unexpected text after the duration
            **6-7 days**                  | no number at '**6-7 days**'
            12-15 minutes**               | unexpected text after the duration: '**'
            6 min (reuse cache)           | unexpected text after the duration
            3 days (Ready)                | unexpected text after the duration: '(Ready)'
            2 GB                          | 'GB' is not a unit of time
            1 -                           | a range needs a number after the dash
            2 days per agent              | unexpected text after the duration: 'per agent'
            2 calendar                    | must be followed by day(s) or week(s)
            Phase 1                       | no number at 'Phase 1'
            up to 1-2 hours               | a bound before a range
            """)
    void refuses(String input, String reason) {
        Parsed<Duration> parsed = Durations.parse(input);

        assertThat(parsed).isInstanceOf(Parsed.Refused.class);
        assertThat(((Parsed.Refused<Duration>) parsed).reason()).contains(reason);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesNothing(String input) {
        assertThat(Durations.parse(input)).isEqualTo(Parsed.refused(input, "empty: no duration"));
    }

    @Test
    void theLowEndOfARangeIsReadForClaims() {
        assertThat(Durations.parseLow("6-7 calendar days", Durations.Days.CALENDAR).orElseThrow()).isEqualTo(Duration.ofDays(6));
        assertThat(Durations.parseLow("32-40 hours", Durations.Days.CALENDAR).orElseThrow()).isEqualTo(Duration.ofHours(32));
        assertThat(Durations.parseLow("30 min - 1 hour", Durations.Days.CALENDAR).orElseThrow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parseLow("2 to 3 days", Durations.Days.WORKING).orElseThrow()).isEqualTo(Duration.ofHours(16));
        // one value is its own low end, a sum and an xsd:duration included
        assertThat(Durations.parseLow("~2 days", Durations.Days.CALENDAR).orElseThrow()).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parseLow("1h 30min", Durations.Days.CALENDAR).orElseThrow()).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parseLow("PT4H", Durations.Days.CALENDAR).orElseThrow()).isEqualTo(Duration.ofHours(4));
        // an upper bound alone says nothing of a low end; the upper end stays what sgfn:duration plans with
        assertThat(Durations.parseLow("up to 3 days", Durations.Days.CALENDAR)).isInstanceOf(Parsed.Refused.class);
        assertThat(Durations.parseLow("\u226415 minutes", Durations.Days.CALENDAR)).isEqualTo(
                Parsed.refused("\u226415 minutes", "an upper bound alone has no low end; write a range such as '2-3 hours'"));
        assertThat(Durations.parse("6-7 calendar days").orElseThrow()).isEqualTo(Duration.ofDays(7));
        // what parse refuses, parseLow refuses for the same reason
        assertThat(Durations.parseLow("3-2 hours", Durations.Days.CALENDAR)).isEqualTo(Durations.parse("3-2 hours"));
    }

    @Test
    void theXsdFormIsCanonicalAndRefusesNegatives() {
        assertThat(Durations.toXsd(Duration.ZERO)).isEqualTo("PT0S");
        assertThat(Durations.toXsd(Duration.ofHours(49).plusMillis(1))).isEqualTo("P2DT1H0.001S");
        assertThat(Durations.toXsd(Duration.ofSeconds(59, 999_999_999))).isEqualTo("PT59.999999999S");
        assertThatThrownBy(() -> Durations.toXsd(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionsAreRoundedUpToTheNanosecondNeverDown() {
        // 1/3 s cannot be written with nine decimals; the plan must not come out shorter than written
        assertThat(Durations.parse("0.0000000001 s").orElseThrow()).isEqualTo(Duration.ofNanos(1));
        assertThat(Durations.parse("99999999999999999999 days").isOk()).isFalse();
    }

    /** Every duration string of ggen-007 is read: its plan has none that a dialect would have to report. */
    @Test
    void everyDurationOfGgen007IsRead() throws IOException {
        Pattern duration = Pattern.compile(":(duration|estimatedTime|totalDuration)\\s+\"([^\"]*)\"");
        List<String> values;
        try (Stream<Path> files = Files.list(SharedCompat.spec("ggen-007"))) {
            values = files.filter(p -> p.toString().endsWith(".ttl")).sorted().flatMap(p -> {
                try {
                    return duration.matcher(Files.readString(p)).results().map(r -> r.group(2)).toList().stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(values).hasSize(59); // 57 :duration, one :estimatedTime, one :totalDuration
        assertThat(values.stream().filter(v -> !Durations.parse(v).isOk()).toList()).isEmpty();
    }
}
