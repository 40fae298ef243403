package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps every request made with one API key (producers and consumers, across routes) under the vendor's budget: at
 * most {@code maxRequests} per sliding {@code window}, no request while the server asked to pause (HTTP 429 with or
 * without Retry-After), and none past what the server's {@code X-RateLimit-Remaining} says is left. A 429 without
 * Retry-After pauses for 1 s, doubling up to 30 s, as the vendors advise.
 */
public final class RequestPacer {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final int maxRequests;
    private final long windowMillis;
    private final Clock clock;
    private final Deque<Long> sentAt = new ArrayDeque<>();

    private long pausedUntil;
    private Duration nextBackoff = FIRST_BACKOFF;
    private int serverRemaining = -1;
    private long serverResetAt;

    /**
     * @param maxRequests requests allowed per window; 0 or less means no client-side budget (429s are still honoured)
     * @param window      the budget's sliding window
     * @param clock       the clock to measure the window with
     */
    public RequestPacer(int maxRequests, Duration window, Clock clock) {
        this.maxRequests = maxRequests;
        this.windowMillis = window == null ? 0 : window.toMillis();
        this.clock = clock;
    }

    /** A pacer with no client-side budget, which still honours the server's 429s. */
    public static RequestPacer unlimited() {
        return new RequestPacer(0, Duration.ZERO, Clock.systemUTC());
    }

    /** How many requests may be sent right now without waiting. */
    public synchronized int availableNow() {
        long now = clock.millis();
        if (now < pausedUntil) {
            return 0;
        }
        int available = Integer.MAX_VALUE;
        if (maxRequests > 0) {
            evict(now);
            available = maxRequests - sentAt.size();
        }
        if (serverRemaining >= 0 && now < serverResetAt) {
            available = Math.min(available, serverRemaining);
        }
        return Math.max(0, available);
    }

    /**
     * Takes one request slot, waiting for one to free up.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = clock.millis();
            long waitUntil = now;
            if (now < pausedUntil) {
                waitUntil = pausedUntil;
            } else if (serverRemaining == 0 && now < serverResetAt) {
                waitUntil = serverResetAt;
            } else if (maxRequests > 0) {
                evict(now);
                if (sentAt.size() >= maxRequests) {
                    waitUntil = sentAt.peekFirst() + windowMillis;
                }
            }
            if (waitUntil <= now) {
                break;
            }
            wait(Math.max(1, waitUntil - now));
        }
        if (maxRequests > 0) {
            sentAt.addLast(clock.millis());
        }
        if (serverRemaining > 0) {
            serverRemaining--;
        }
    }

    /** The server answered 429: pause all requests for its Retry-After, or for the current backoff step. */
    public synchronized void onRateLimited(Duration retryAfter) {
        Duration pause = retryAfter;
        if (pause == null || pause.isNegative() || pause.isZero()) {
            pause = nextBackoff;
            Duration doubled = nextBackoff.multipliedBy(2);
            nextBackoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
        pausedUntil = Math.max(pausedUntil, clock.millis() + pause.toMillis());
        notifyAll();
    }

    /** A request went through: the 429 backoff starts again from 1 s. */
    public synchronized void onSuccess() {
        nextBackoff = FIRST_BACKOFF;
    }

    /**
     * Takes in the server's own view of the budget ({@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}), so
     * that a budget shared with other clients of the same key is respected too.
     */
    public synchronized void observe(Integer remaining, Instant resetAt) {
        if (remaining == null || resetAt == null) {
            return;
        }
        serverRemaining = Math.max(0, remaining);
        serverResetAt = resetAt.toEpochMilli();
        notifyAll();
    }

    /** Until when the server asked for a pause; in the past when none is in force. */
    public synchronized Instant pausedUntil() {
        return Instant.ofEpochMilli(pausedUntil);
    }

    /** The configured budget per window (0 for none). */
    public int maxRequests() {
        return maxRequests;
    }

    /** The configured window. */
    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    private void evict(long now) {
        while (!sentAt.isEmpty() && sentAt.peekFirst() + windowMillis <= now) {
            sentAt.removeFirst();
        }
    }
}
