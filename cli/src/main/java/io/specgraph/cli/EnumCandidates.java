package io.specgraph.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * The values of an option that takes an enum's constants, in lower case as they are typed: what shell completion
 * offers (picocli's default would be the constants' upper-case names). The counterpart of {@link EnumConverter}.
 */
class EnumCandidates<E extends Enum<E>> implements Iterable<String> {
    private final Class<E> type;

    EnumCandidates(Class<E> type) {
        this.type = type;
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).iterator();
    }
}
