package io.specgraph.dialect;

import java.util.Objects;

/**
 * The outcome of reading one free-text value written in a foreign spec: either the value, or the reason it
 * was refused.
 *
 * <p>Why a result type rather than an exception: a dialect reads hundreds of such strings and must report
 * every one that does not parse, in one pass, without guessing; a refusal is an expected outcome, not an
 * error of the program. Use a {@code switch} over the two records, or {@link #orElseThrow()} where a refusal
 * really is a bug of the caller.
 *
 * @param <T> the type of the value
 */
public sealed interface Parsed<T> {

    /**
     * The string was read.
     *
     * @param value the value read, never null
     * @param <T> the type of the value
     */
    record Ok<T>(T value) implements Parsed<T> {
        /** Checks that the value is present. */
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The string was refused.
     *
     * @param input the string as given (null is reported as the empty string)
     * @param reason why it was refused, written for the author of the spec (says what was expected)
     * @param <T> the type the string would have had
     */
    record Refused<T>(String input, String reason) implements Parsed<T> {
        /** Checks that the reason is present. */
        public Refused {
            input = input == null ? "" : input;
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Whether the string was read. */
    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    /**
     * The value read.
     *
     * @throws IllegalArgumentException with the reason, when the string was refused
     */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Refused<T> refused ->
                    throw new IllegalArgumentException("\"" + refused.input() + "\": " + refused.reason());
        };
    }

    /** A value that was read. */
    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    /** A string that was refused, with the reason. */
    static <T> Parsed<T> refused(String input, String reason) {
        return new Refused<>(input, reason);
    }
}
