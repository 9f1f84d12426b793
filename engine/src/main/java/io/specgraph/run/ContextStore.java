package io.specgraph.run;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The key-value store the tasks of one run share, counting hits and misses: the context cache the seed
 * workflows use so that one agent's analysis is computed once and read by many. Safe for concurrent use.
 */
public final class ContextStore {
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** The value under the key, counting a hit when there is one and a miss when there is not. */
    public Optional<Object> get(String key) {
        Object value = values.get(key);
        (value == null ? misses : hits).incrementAndGet();
        return Optional.ofNullable(value);
    }

    /** The value under the key cast to {@code type}; counts like {@link #get(String)}. */
    public <T> Optional<T> get(String key, Class<T> type) {
        return get(key).map(type::cast);
    }

    /** Stores a value (not null), replacing any earlier one; counts nothing. */
    public void put(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("the context store holds no null values (key " + key + ")");
        }
        values.put(key, value);
    }

    /**
     * The value under the key; when there is none, computes it once (concurrent callers wait for that one
     * computation) and stores it. Counts a miss for the caller that computes, a hit for every other.
     */
    public <T> T computeIfAbsent(String key, Class<T> type, Supplier<? extends T> compute) {
        boolean[] computed = {false};
        Object value = values.computeIfAbsent(key, k -> {
            computed[0] = true;
            return compute.get();
        });
        (computed[0] ? misses : hits).incrementAndGet();
        return type.cast(value);
    }

    /** Keys stored so far. */
    public Set<String> keys() {
        return Set.copyOf(values.keySet());
    }

    /** How many reads found a value. */
    public long hits() {
        return hits.get();
    }

    /** How many reads found none. */
    public long misses() {
        return misses.get();
    }
}
