package io.specgraph.plan;

import io.specgraph.closure.ClosureOptions;
import java.util.Objects;

/**
 * How to derive a plan. Immutable; build with {@link #builder()}.
 */
public final class PlanOptions {
    private static final PlanOptions DEFAULTS = builder().build();

    private final boolean pipelined;
    private final boolean allowUnclosed;
    private final ClosureOptions closure;

    private PlanOptions(Builder b) {
        this.pipelined = b.pipelined;
        this.allowUnclosed = b.allowUnclosed;
        this.closure = b.closure;
    }

    /** Strict phases, closed specs only, built-in closure rules. */
    public static PlanOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when only declared edges order the work (no phase barriers). */
    public boolean pipelined() {
        return pipelined;
    }

    /** True when a spec that is not closed is planned anyway, with what is missing listed in the plan's warnings. */
    public boolean allowUnclosed() {
        return allowUnclosed;
    }

    /** The closure check made before planning. */
    public ClosureOptions closure() {
        return closure;
    }

    /** Builder of {@link PlanOptions}. */
    public static final class Builder {
        private boolean pipelined;
        private boolean allowUnclosed;
        private ClosureOptions closure = ClosureOptions.defaults();

        private Builder() {}

        /**
         * Keeps only declared edges (default false: strict phases, where every task of a phase waits for the
         * gates closing the previous phase, or for all of it when no gate closes it).
         */
        public Builder pipelined(boolean pipelined) {
            this.pipelined = pipelined;
            return this;
        }

        /** Plans a spec that is not closed, skipping what is missing (default false: refuse). */
        public Builder allowUnclosed(boolean allow) {
            this.allowUnclosed = allow;
            return this;
        }

        /** The closure check made before planning (default: built-in rules). */
        public Builder closure(ClosureOptions closure) {
            this.closure = Objects.requireNonNull(closure, "closure");
            return this;
        }

        public PlanOptions build() {
            return new PlanOptions(this);
        }
    }
}
