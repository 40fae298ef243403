package dev.asyncjobs.engine.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock for tests that only moves when told to. Thread-safe. */
public final class MutableClock extends Clock {

    /** An arbitrary, fixed starting point (well after 2001, so epoch-second heuristics see it as a date). */
    public static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private final AtomicReference<Instant> now;

    public MutableClock() {
        this(START);
    }

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or backward, for a negative amount). */
    public MutableClock advance(Duration amount) {
        now.updateAndGet(t -> t.plus(amount));
        return this;
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }
}
