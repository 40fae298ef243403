package dev.asyncjobs.engine.follow;

import java.time.Duration;

/** Exponential backoff, the one rule for failed status requests and a short request budget. */
public final class Backoff {

    private Backoff() {
    }

    /** {@code base} doubled {@code failures} times, capped at {@code max} (a zero base starts at one second). */
    public static Duration of(Duration base, Duration max, int failures) {
        Duration delay = base.isZero() ? Duration.ofSeconds(1) : base;
        for (int i = 0; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
