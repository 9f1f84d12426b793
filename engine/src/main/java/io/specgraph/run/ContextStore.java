package io.specgraph.run;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    private final Map<String, Computation> computing = new ConcurrentHashMap<>();

    /** The engine makes one per run; tasks reach it through {@link TaskContext}. */
    ContextStore() {}

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
     * The value under the key; when there is none, computes it once and stores it. Concurrent callers for
     * the same key wait for that one computation (a hit each); the caller that computes counts the miss.
     * The supplier may use the store for other keys. If it throws, nothing is stored, the caller gets the
     * exception and the callers that waited get it wrapped in a {@link java.util.concurrent.CompletionException}.
     *
     * @throws IllegalArgumentException when the supplier returns null
     * @throws IllegalStateException    when the supplier asks for its own key (it would wait for itself)
     */
    public <T> T computeIfAbsent(String key, Class<T> type, Supplier<? extends T> compute) {
        Object value = values.get(key);
        if (value != null) {
            hits.incrementAndGet();
            return type.cast(value);
        }
        Computation mine = new Computation(Thread.currentThread());
        Computation running = computing.putIfAbsent(key, mine);
        if (running != null) {
            if (running.owner == Thread.currentThread()) {
                throw new IllegalStateException("the value of \"" + key + "\" is asked for while it is being computed"
                        + " by the same caller; a supplier must not depend on its own key");
            }
            hits.incrementAndGet();
            return type.cast(running.result.join());
        }
        try {
            value = values.get(key); // another caller may have finished between the two lookups
            if (value != null) {
                hits.incrementAndGet();
                mine.result.complete(value);
                return type.cast(value);
            }
            misses.incrementAndGet();
            T computed = compute.get();
            if (computed == null) {
                throw new IllegalArgumentException("the value computed for \"" + key + "\" is null; the context store holds no null values");
            }
            values.put(key, computed);
            mine.result.complete(computed);
            return computed;
        } catch (RuntimeException | Error e) {
            mine.result.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(key, mine);
        }
    }

    /** A value being computed, and by whom (to refuse a supplier that waits for itself). */
    private record Computation(Thread owner, CompletableFuture<Object> result) {
        Computation(Thread owner) {
            this(owner, new CompletableFuture<>());
        }
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
