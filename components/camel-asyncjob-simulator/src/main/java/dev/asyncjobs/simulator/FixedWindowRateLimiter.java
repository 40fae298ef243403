package dev.asyncjobs.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A request budget per fixed window ({@code budget} requests per {@code window}, windows aligned to the clock's epoch),
 * as APIs that send {@code X-RateLimit-Limit/Remaining/Reset} and answer 429 with {@code Retry-After} count it. It also
 * keeps what a test needs to prove a client stayed under the budget: the most requests that arrived in any one fixed
 * window, the most in any sliding window of the same length, and how many requests were refused.
 * <p>
 * The clock is a setting: real time by default (the budget is about how fast a client calls, not about simulated job
 * time), a test clock where a test wants to drive it.
 */
public final class FixedWindowRateLimiter {

    /** What the limiter decided for one request, with the values of the X-RateLimit headers. */
    public record Decision(boolean allowed, int limit, int remaining, Instant resetAt, Duration retryAfter) {
    }

    private final int budget;
    private final Duration window;
    private final long windowMillis;
    private final Clock clock;

    // guarded by this
    private long currentWindow = Long.MIN_VALUE;
    private int allowedInWindow;
    private int arrivalsInWindow;
    private int maxArrivalsInAWindow;
    private final Deque<Long> recentArrivals = new ArrayDeque<>();
    private int maxArrivalsInASlidingWindow;
    private long arrivals;
    private long refused;

    /**
     * @param budget requests allowed per window; 0 turns the limit off (every request is allowed and counted)
     * @param window the window's length, at least one millisecond
     * @param clock  the clock that windows are measured with
     */
    public FixedWindowRateLimiter(int budget, Duration window, Clock clock) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budget);
        }
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, got " + window);
        }
        this.budget = budget;
        this.window = window;
        this.windowMillis = window.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether a budget is enforced. */
    public boolean enabled() {
        return budget > 0;
    }

    /** Requests allowed per window (0: no limit). */
    public int budget() {
        return budget;
    }

    /** The window's length. */
    public Duration window() {
        return window;
    }

    /** Counts one arriving request and decides whether it is within the budget. */
    public synchronized Decision tryAcquire() {
        long now = clock.millis();
        long index = Math.floorDiv(now, windowMillis);
        if (index != currentWindow) {
            currentWindow = index;
            allowedInWindow = 0;
            arrivalsInWindow = 0;
        }
        arrivals++;
        arrivalsInWindow++;
        maxArrivalsInAWindow = Math.max(maxArrivalsInAWindow, arrivalsInWindow);
        recentArrivals.addLast(now);
        while (recentArrivals.peekFirst() <= now - windowMillis) {
            recentArrivals.removeFirst();
        }
        maxArrivalsInASlidingWindow = Math.max(maxArrivalsInASlidingWindow, recentArrivals.size());

        long resetMillis = (index + 1) * windowMillis;
        Instant resetAt = Instant.ofEpochMilli(resetMillis);
        if (budget <= 0 || allowedInWindow < budget) {
            allowedInWindow++;
            return new Decision(true, budget, Math.max(0, budget - allowedInWindow), resetAt, null);
        }
        refused++;
        // whole seconds, rounded up, and at least one: a client waiting that long is past the reset
        long retrySeconds = Math.max(1, (resetMillis - now + 999) / 1000);
        return new Decision(false, budget, 0, resetAt, Duration.ofSeconds(retrySeconds));
    }

    /** The most requests that arrived within one fixed window (refused ones included). */
    public synchronized int maxRequestsInAnyWindow() {
        return maxArrivalsInAWindow;
    }

    /** The most requests that arrived within any sliding window of the same length (refused ones included). */
    public synchronized int maxRequestsInAnySlidingWindow() {
        return maxArrivalsInASlidingWindow;
    }

    /** How many requests arrived in all. */
    public synchronized long requests() {
        return arrivals;
    }

    /** How many requests were refused (answered 429). */
    public synchronized long refused() {
        return refused;
    }

    /** Forgets every count. */
    public synchronized void reset() {
        currentWindow = Long.MIN_VALUE;
        allowedInWindow = 0;
        arrivalsInWindow = 0;
        maxArrivalsInAWindow = 0;
        recentArrivals.clear();
        maxArrivalsInASlidingWindow = 0;
        arrivals = 0;
        refused = 0;
    }

    @Override
    public String toString() {
        return "FixedWindowRateLimiter[" + budget + " per " + window + "]";
    }
}
