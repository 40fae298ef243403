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
 * <p>
 * A request taken with {@link #begin()} holds its slot while it is in flight and for one window after its answer
 * arrived (not after it was sent). The server counts a request when it arrives, which is somewhere between the two;
 * counting from the answer makes the budget hold in every window the server may use (sliding or fixed), whatever the
 * latency and its jitter, so a client running at its full budget never gets a 429 for a request that arrived late.
 */
public final class RequestPacer {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Resets given in seconds (from now, or rounded epoch seconds) of one window may differ by up to a second. */
    private static final long SAME_WINDOW_TOLERANCE_MS = 1000;

    private final int maxRequests;
    private final long windowMillis;
    private final Clock clock;
    /** When each slot still counted started its last window (the answer's arrival, or the send for acquire()). */
    private final Deque<Long> sentAt = new ArrayDeque<>();
    /** Requests taken with begin() whose answer has not arrived yet. */
    private int inFlight;
    /** Threads waiting in acquire() or begin() for a slot. */
    private int waiting;

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

    /** How long a thread may wait for a slot before {@link BudgetWaitExceededException}; zero or null: unbounded. */
    private volatile long maxWaitNanos;

    /**
     * Bounds how long a caller waits for a slot, so that no route thread or shared pool thread is held by the budget
     * (or a key's 429 pause) beyond it.
     */
    public RequestPacer maxWait(Duration maxWait) {
        this.maxWaitNanos = maxWait == null || maxWait.isNegative() ? 0 : maxWait.toNanos();
        return this;
    }

    /** Thrown by {@link #begin()} when no slot frees up within {@link #maxWait}. */
    public static final class BudgetWaitExceededException extends RuntimeException {
        public BudgetWaitExceededException(Duration waited) {
            super("no request slot freed up within " + waited);
        }
    }

    /** A pacer with no client-side budget, which still honours the server's 429s. */
    public static RequestPacer unlimited() {
        return new RequestPacer(0, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * How many requests may be sent right now without waiting. Slots that threads already wait for (a producer's submit
     * queued behind the budget) are not counted, so a consumer claiming jobs by this number leaves them to the waiters.
     */
    public synchronized int availableNow() {
        long now = clock.millis();
        if (now < pausedUntil) {
            return 0;
        }
        int available = Integer.MAX_VALUE;
        if (maxRequests > 0) {
            evict(now);
            available = maxRequests - sentAt.size() - inFlight;
        }
        if (serverRemaining >= 0 && now < serverResetAt) {
            available = Math.min(available, serverRemaining);
        }
        return Math.max(0, available == Integer.MAX_VALUE ? available : available - waiting);
    }

    /**
     * Takes one request slot, waiting for one to free up; the slot counts for one window from now. Prefer
     * {@link #begin()}, which counts it until one window after the answer arrived.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized void acquire() throws InterruptedException {
        awaitSlot();
        if (maxRequests > 0) {
            sentAt.addLast(clock.millis());
        }
    }

    /**
     * Takes one request slot for a request about to be sent, waiting for one to free up. The slot stays taken while
     * the request is in flight and for one window after {@link Permit#close()} (call it when the answer arrived, or
     * the request failed).
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized Permit begin() throws InterruptedException {
        awaitSlot();
        if (maxRequests > 0) {
            inFlight++;
        }
        return new Permit();
    }

    /** Requests taken with {@link #begin()} whose answer has not arrived yet. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Threads waiting for a slot right now. */
    public synchronized int waiting() {
        return waiting;
    }

    private synchronized void finished() {
        if (maxRequests > 0) {
            inFlight--;
            // one millisecond on: the clock's current millisecond may have begun before the answer arrived
            sentAt.addLast(clock.millis() + 1);
            notifyAll();
        }
    }

    private void awaitSlot() throws InterruptedException {
        long bound = maxWaitNanos;
        long deadline = bound > 0 ? System.nanoTime() + bound : Long.MAX_VALUE;
        while (true) {
            long now = clock.millis();
            long waitUntil = now;
            if (now < pausedUntil) {
                waitUntil = pausedUntil;
            } else if (serverRemaining == 0 && now < serverResetAt) {
                waitUntil = serverResetAt;
            } else if (maxRequests > 0) {
                evict(now);
                if (sentAt.size() + inFlight >= maxRequests) {
                    // the oldest counted slot frees one window after it started; with every slot in flight, wait for
                    // an answer (finished() wakes us), re-checking at least once a window
                    waitUntil = sentAt.isEmpty() ? now + Math.max(1, windowMillis) : sentAt.peekFirst() + windowMillis;
                }
            }
            if (waitUntil <= now) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new BudgetWaitExceededException(Duration.ofNanos(bound));
            }
            waiting++;
            try {
                wait(Math.max(1, Math.min(waitUntil - now, Math.max(1, left / 1_000_000))));
            } finally {
                waiting--;
            }
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

    /**
     * The server is unavailable (HTTP 503) and said when to come back (Retry-After): no request with this key is sent
     * before then. Unlike {@link #onRateLimited}, no backoff step is taken without a Retry-After.
     */
    public synchronized void onUnavailable(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return;
        }
        pausedUntil = Math.max(pausedUntil, clock.millis() + retryAfter.toMillis());
        notifyAll();
    }

    /** A request went through: the 429 backoff starts again from 1 s. */
    public synchronized void onSuccess() {
        nextBackoff = FIRST_BACKOFF;
    }

    /**
     * Takes in the server's own view of the budget ({@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}), so
     * that a budget shared with other clients of the same key is respected too. Answers are handled out of order when
     * several requests run at once: within one server window what is left only goes down, so a late answer carrying an
     * older, higher figure is not taken in, and an answer about a window that is over is ignored.
     */
    public synchronized void observe(Integer remaining, Instant resetAt) {
        if (remaining == null || resetAt == null) {
            return;
        }
        long now = clock.millis();
        long reset = resetAt.toEpochMilli();
        // requests still in flight may not be in the server's figure yet: count them as spent
        int left = Math.max(0, remaining - inFlight);
        boolean windowKnown = serverRemaining >= 0 && now < serverResetAt;
        if (windowKnown && reset <= serverResetAt + SAME_WINDOW_TOLERANCE_MS) {
            if (reset < serverResetAt - SAME_WINDOW_TOLERANCE_MS) {
                return; // about an earlier window
            }
            serverRemaining = Math.min(serverRemaining, left);
        } else if (reset > now) {
            serverRemaining = left;
            serverResetAt = reset;
        } else {
            return; // about a window that is over
        }
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

    /** One request's slot, taken by {@link #begin()}; close it when the answer arrived or the request failed. */
    public final class Permit implements AutoCloseable {
        private boolean closed;

        private Permit() {
        }

        /** The request is over: its slot counts for one more window from now. Idempotent. */
        @Override
        public void close() {
            synchronized (RequestPacer.this) {
                if (closed) {
                    return;
                }
                closed = true;
                finished();
            }
        }
    }
}
