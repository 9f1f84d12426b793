package io.specgraph.store;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** Short printable run ids, and finding a run by a unique prefix of its id. */
final class RunIds {
    /** Lower-case letters and digits without the look-alikes 0/o and 1/l/i. */
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final int LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {}

    /** A new id that {@code taken} does not hold. */
    static String next(Predicate<String> taken) {
        while (true) {
            StringBuilder id = new StringBuilder(LENGTH);
            for (int i = 0; i < LENGTH; i++) {
                id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            if (!taken.test(id.toString())) {
                return id.toString();
            }
        }
    }

    /** The IRI a run's record uses. */
    static String iri(String id) {
        return "urn:specgraph:run:" + id;
    }

    /** True when {@code id} could be a run id (so that it is safe as a file name and in an IRI). */
    static boolean valid(String id) {
        return id.matches("[a-z0-9]{1,32}");
    }

    /**
     * The id among {@code ids} equal to {@code idOrPrefix}, or the only one it prefixes.
     *
     * @throws StoreException when the prefix matches several runs
     */
    static Optional<String> resolve(String idOrPrefix, Collection<String> ids, String location) {
        if (ids.contains(idOrPrefix)) {
            return Optional.of(idOrPrefix);
        }
        var matches = ids.stream().filter(id -> id.startsWith(idOrPrefix)).sorted().toList();
        if (matches.size() > 1) {
            throw new StoreException("run id '" + idOrPrefix + "' is ambiguous in " + location + ": it starts "
                    + String.join(", ", matches) + "; give more of it");
        }
        return matches.stream().findFirst();
    }
}
