package io.specgraph.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Converts an option value to an enum constant in any case; an unknown value names the allowed ones. */
class EnumConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;
    private final String what;

    EnumConverter(Class<E> type) {
        this(type, "format");
    }

    /** {@code what} names the option's value in the error message ("format", "progress mode"). */
    EnumConverter(Class<E> type, String what) {
        this.type = type;
        this.what = what;
    }

    @Override
    public E convert(String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            E[] all = type.getEnumConstants();
            String names = Arrays.stream(all).limit(all.length - 1L).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new CommandLine.TypeConversionException("unknown " + what + " '" + value + "'; use " + names + " or "
                    + all[all.length - 1].name().toLowerCase(Locale.ROOT));
        }
    }
}
