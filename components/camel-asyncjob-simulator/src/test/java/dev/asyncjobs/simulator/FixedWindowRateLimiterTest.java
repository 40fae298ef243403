package dev.asyncjobs.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FixedWindowRateLimiterTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        private Instant now;

        HandClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock(Instant.parse("2026-03-12T15:00:00.500Z"));
    private final FixedWindowRateLimiter limiter = new FixedWindowRateLimiter(2, Duration.ofSeconds(3), clock);

    @Test
    void allowsTheBudgetPerWindowWithTheHeaderValues() {
        FixedWindowRateLimiter.Decision first = limiter.tryAcquire();
        assertTrue(first.allowed());
        assertEquals(2, first.limit());
        assertEquals(1, first.remaining());
        // windows are aligned to the epoch: 15:00:00.500 is in [15:00:00, 15:00:03)
        assertEquals(Instant.parse("2026-03-12T15:00:03Z"), first.resetAt());
        assertEquals(0, limiter.tryAcquire().remaining());

        clock.advance(Duration.ofMillis(1000));
        FixedWindowRateLimiter.Decision refused = limiter.tryAcquire();
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(Duration.ofSeconds(2), refused.retryAfter(), "1.5 s to the reset, rounded up");

        clock.advance(Duration.ofMillis(1500));
        assertTrue(limiter.tryAcquire().allowed(), "a new window");
        assertEquals(1, limiter.refused());
        assertEquals(4, limiter.requests());
        assertEquals(3, limiter.maxRequestsInAnyWindow());
    }

    @Test
    void measuresTheBusiestSlidingWindowToo() {
        clock.advance(Duration.ofMillis(2000)); // 15:00:02.500, late in a fixed window
        limiter.tryAcquire();
        limiter.tryAcquire();
        clock.advance(Duration.ofMillis(600)); // 15:00:03.100, the next fixed window
        limiter.tryAcquire();
        limiter.tryAcquire();
        assertEquals(2, limiter.maxRequestsInAnyWindow());
        assertEquals(4, limiter.maxRequestsInAnySlidingWindow());
        clock.advance(Duration.ofMillis(2400)); // exactly 3 s after the first two: they leave the sliding window
        limiter.tryAcquire();
        assertEquals(4, limiter.maxRequestsInAnySlidingWindow());
        limiter.reset();
        assertEquals(0, limiter.maxRequestsInAnySlidingWindow());
        assertEquals(0, limiter.requests());
    }

    @Test
    void aZeroBudgetAllowsEverythingAndRejectsNonsense() {
        FixedWindowRateLimiter off = new FixedWindowRateLimiter(0, Duration.ofSeconds(1), clock);
        for (int i = 0; i < 10; i++) {
            assertTrue(off.tryAcquire().allowed());
        }
        assertFalse(off.enabled());
        assertThrows(IllegalArgumentException.class, () -> new FixedWindowRateLimiter(-1, Duration.ofSeconds(1), clock));
        assertThrows(IllegalArgumentException.class, () -> new FixedWindowRateLimiter(1, Duration.ZERO, clock));
    }
}
