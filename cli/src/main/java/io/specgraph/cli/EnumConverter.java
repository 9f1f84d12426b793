package io.specgraph.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Converts an option value to an enum constant in any case; an unknown value names the allowed ones. */
class EnumConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    EnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            E[] all = type.getEnumConstants();
            String names = Arrays.stream(all).limit(all.length - 1L).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new CommandLine.TypeConversionException("unknown format '" + value + "'; use " + names + " or "
                    + all[all.length - 1].name().toLowerCase(Locale.ROOT));
        }
    }
}
