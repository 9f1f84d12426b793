package io.specgraph.run;

/**
 * The clock a driver stamps the core's inputs with, in nanoseconds: {@link #real()} reads
 * {@link System#nanoTime()}; {@link #virtual()} stands still until the driver moves it to the next timer, so a
 * dry run takes no time and is the same on every run.
 */
sealed interface RunClock {
    /** Now, on this clock. */
    long now();

    /** Whether time only passes when the driver says so. */
    boolean isVirtual();

    static RunClock real() {
        return new Real(0);
    }

    /** The machine's monotonic clock, shifted so that it reads {@code now} at this moment (a resumed run's). */
    static RunClock realFrom(long now) {
        return new Real(now - System.nanoTime());
    }

    /** A virtual clock standing at {@code now} (a resumed run's). */
    static RunClock virtualFrom(long now) {
        Virtual clock = new Virtual();
        clock.advanceTo(now);
        return clock;
    }

    static RunClock virtual() {
        return new Virtual();
    }

    /** The machine's monotonic clock. */
    final class Real implements RunClock {
        private final long shift;

        Real(long shift) {
            this.shift = shift;
        }

        @Override
        public long now() {
            return System.nanoTime() + shift;
        }

        @Override
        public boolean isVirtual() {
            return false;
        }
    }

    /** A clock that starts at 0 and moves only forward, when told to. */
    final class Virtual implements RunClock {
        private long nanos;

        @Override
        public long now() {
            return nanos;
        }

        @Override
        public boolean isVirtual() {
            return true;
        }

        /** Moves the clock to {@code at}, never backwards (a timer due already leaves it where it is). */
        void advanceTo(long at) {
            nanos = Math.max(nanos, at);
        }
    }
}
