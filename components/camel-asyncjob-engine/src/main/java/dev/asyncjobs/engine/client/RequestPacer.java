package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>
 * Several processes (nodes) using the same key share its budget through a {@link SharedRequestBudget}
 * ({@link #sharedBudget}): each request then also takes a slot of the shared budget, under the same rule, waiting (still
 * bounded by {@link #maxWait}) until one frees up, and {@link #availableNow()} reports what is left of it. Without one,
 * the budget is this process's alone.
 * <p>
 * A share of the budget, the {@link #reserve(int) reserve}, is kept from the requests the engine makes on its own:
 * background requests ({@link #beginBackground()}: the follow loop's status checks, adoption and reconciliation lists,
 * results fetched for consumers) and the loop's claims ({@link #availableForPolls()}) stop while no more than the
 * reserve is left, so the requests a user's exchange waits on (a submit, the producer's other operations) find a slot
 * at once even while polls keep the rest of the budget busy. Those may use the whole budget.
 */
public final class RequestPacer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPacer.class);

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
    private volatile Duration nextBackoff = FIRST_BACKOFF;
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

    /** The longest a request waits for a slot or a pause. */
    public Duration maxWait() {
        return Duration.ofNanos(maxWaitNanos);
    }

    /** The clock the budget and the pauses are measured with: real time, as the vendor counts them. */
    public Clock clock() {
        return clock;
    }

    /** How long a thread may wait for a slot before {@link BudgetWaitExceededException}; zero or null: unbounded. */
    private volatile long maxWaitNanos;
    /** The key's budget as every node sees it, or null when this process has it alone. */
    private volatile SharedRequestBudget shared;
    /** Slots of the budget that background requests leave free. */
    private volatile int reserve;

    /**
     * Bounds how long a caller waits for a slot, so that no route thread or shared pool thread is held by the budget
     * (or a key's 429 pause) beyond it.
     */
    public RequestPacer maxWait(Duration maxWait) {
        this.maxWaitNanos = maxWait == null || maxWait.isNegative() ? 0 : maxWait.toNanos();
        return this;
    }

    /**
     * Takes every request's slot from a budget shared with the other processes that use the same key as well (the
     * local budget, the 429 pause and the server's remaining count still apply). Set before the first request.
     */
    public RequestPacer sharedBudget(SharedRequestBudget budget) {
        this.shared = budget;
        return this;
    }

    /**
     * Keeps {@code requests} slots of the budget from background requests (see {@link #beginBackground()}): while no
     * more than that are left, they wait and the follow loop claims no job; every other request may take them. Set
     * before the first request.
     *
     * @throws IllegalArgumentException when negative, or when it leaves polls no slot of a client-side budget (at least
     *                                  one less than {@code maxRequests}), or when there is no client-side budget
     *                                  to keep it from but it is not 0
     */
    public RequestPacer reserve(int requests) {
        if (requests < 0 || requests > 0 && (maxRequests <= 0 || requests >= maxRequests)) {
            throw new IllegalArgumentException("The reserve of a request budget of " + maxRequests
                    + " must be 0 or more and leave polls at least one request, was " + requests);
        }
        this.reserve = requests;
        return this;
    }

    /** The slots kept from background requests (0 for none). */
    public int reserve() {
        return reserve;
    }

    /** The shared budget, or null when none is set. */
    public SharedRequestBudget sharedBudget() {
        return shared;
    }

    /** Thrown by {@link #begin()} and {@link #beginBackground()} when no slot frees up within {@link #maxWait}. */
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
    public int availableNow() {
        return available(0);
    }

    /**
     * How many polls (background requests) may be sent right now without waiting: {@link #availableNow()} less the
     * {@link #reserve}, which they leave to the requests a user's exchange waits on.
     */
    public int availableForPolls() {
        return available(reserve);
    }

    private int available(int keepFree) {
        long now;
        int available = Integer.MAX_VALUE;
        int waitingNow;
        synchronized (this) {
            now = clock.millis();
            if (now < pausedUntil) {
                return 0;
            }
            if (maxRequests > 0) {
                evict(now);
                available = maxRequests - sentAt.size() - inFlight;
            }
            if (serverRemaining >= 0 && now < serverResetAt) {
                available = Math.min(available, serverRemaining);
            }
            waitingNow = waiting;
        }
        SharedRequestBudget budget = shared;
        if (budget != null && available > keepFree) {
            available = Math.min(available, sharedAvailable(budget, now)); // outside the lock: a database round trip
        }
        return Math.max(0, available == Integer.MAX_VALUE ? available : available - keepFree - waitingNow);
    }

    /**
     * Takes one request slot, waiting for one to free up; the slot counts for one window from now. Prefer
     * {@link #begin()}, which counts it until one window after the answer arrived.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        SharedRequestBudget.Slot slot = take(0);
        synchronized (this) {
            if (maxRequests > 0) {
                inFlight--;
                sentAt.addLast(clock.millis());
                notifyAll();
            }
        }
        if (slot != null) {
            releaseShared(slot, clock.millis()); // counts for one window from now
        }
    }

    /**
     * Takes one request slot for a request about to be sent, waiting for one to free up. The slot stays taken while
     * the request is in flight and for one window after {@link Permit#close()} (call it when the answer arrived, or
     * the request failed).
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public Permit begin() throws InterruptedException {
        return new Permit(take(0));
    }

    /**
     * Like {@link #begin()}, for a request the engine makes on its own, that no user's exchange waits on (a status
     * check of the follow loop, an adoption or reconciliation list): it waits while no more than the {@link #reserve}
     * is left of the budget, instead of taking it.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public Permit beginBackground() throws InterruptedException {
        return new Permit(take(reserve));
    }

    /** Requests taken with {@link #begin()} or {@link #beginBackground()} whose answer has not arrived yet. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /**
     * The slots of this process counted against its budget now: requests in flight and those answered within the last
     * window (0 without a client-side budget). With a shared budget the other nodes' requests are not in it; see
     * {@link #availableNow()} for what is left.
     */
    public synchronized int usedInWindow() {
        if (maxRequests <= 0) {
            return 0;
        }
        evict(clock.millis());
        return sentAt.size() + inFlight;
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

    /**
     * Waits for a local slot and takes it (in flight), then, with a shared budget, takes one of it too; the shared
     * budget is asked outside the lock (a database round trip), the local slot held meanwhile, and given back while
     * waiting for the shared budget.
     *
     * @param  keepFree slots this request must leave free: the reserve for a background request, else 0
     * @return          the shared slot, or null without a shared budget
     */
    private SharedRequestBudget.Slot take(int keepFree) throws InterruptedException {
        long bound = maxWaitNanos;
        long deadline = bound > 0 ? System.nanoTime() + bound : Long.MAX_VALUE;
        SharedRequestBudget budget = shared;
        while (true) {
            synchronized (this) {
                awaitLocalSlot(keepFree, bound, deadline);
                if (maxRequests > 0) {
                    inFlight++;
                }
            }
            if (budget == null) {
                return null;
            }
            Instant next;
            try {
                Instant now = Instant.ofEpochMilli(clock.millis());
                SharedRequestBudget.Slot slot = budget.tryTake(now, keepFree).orElse(null);
                if (slot != null) {
                    return slot;
                }
                next = budget.nextFree(keepFree);
            } catch (RuntimeException e) {
                giveBackLocal();
                throw e;
            }
            synchronized (this) {
                giveBackLocal();
                // every slot (for a background request: every one but the reserve) is taken on some node: wait until
                // the earliest known to free up, re-checking at least once a window (a slot in flight frees up one
                // window after its answer, which may come any time)
                long now = clock.millis();
                long recheck = now + Math.max(1, windowMillis);
                long waitUntil = Math.max(now + 1, next == null ? recheck : Math.min(recheck, next.toEpochMilli()));
                waitUntil(now, waitUntil, bound, deadline);
            }
        }
    }

    /**
     * Waits (holding the lock, which {@code wait} gives up meanwhile) until {@code until} or a notify, but not past the
     * caller's deadline: then {@link BudgetWaitExceededException}.
     */
    private void waitUntil(long now, long until, long bound, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new BudgetWaitExceededException(Duration.ofNanos(bound));
        }
        waiting++;
        try {
            wait(Math.max(1, Math.min(until - now, Math.max(1, left / 1_000_000))));
        } finally {
            waiting--;
        }
    }

    private synchronized void giveBackLocal() {
        if (maxRequests > 0) {
            inFlight--;
            notifyAll();
        }
    }

    /**
     * Waits (holding the lock) until no pause, server count or local budget keeps a request back; a request that must
     * leave {@code keepFree} slots free (a background request) waits while no more than that is left.
     */
    private void awaitLocalSlot(int keepFree, long bound, long deadline) throws InterruptedException {
        while (true) {
            long now = clock.millis();
            long waitUntil = now;
            if (now < pausedUntil) {
                waitUntil = pausedUntil;
            } else if (serverRemaining >= 0 && serverRemaining <= keepFree && now < serverResetAt) {
                waitUntil = serverResetAt;
            } else if (maxRequests > 0) {
                evict(now);
                if (sentAt.size() + inFlight >= maxRequests - keepFree) {
                    // the oldest counted slot frees one window after it started; with every slot in flight, wait for
                    // an answer (finished() wakes us), re-checking at least once a window
                    waitUntil = sentAt.isEmpty() ? now + Math.max(1, windowMillis) : sentAt.peekFirst() + windowMillis;
                }
            }
            if (waitUntil <= now) {
                break;
            }
            waitUntil(now, waitUntil, bound, deadline);
        }
        // counted as spent now: a request that then waits for the shared budget gives nothing back (on the safe side)
        if (serverRemaining > 0) {
            serverRemaining--;
        }
    }

    private static int sharedAvailable(SharedRequestBudget budget, long now) {
        try {
            return budget.available(Instant.ofEpochMilli(now));
        } catch (RuntimeException e) {
            LOG.debug("The shared request budget cannot be read; counting no slot free: {}", e.getMessage());
            return 0;
        }
    }

    private static void releaseShared(SharedRequestBudget.Slot slot, long answeredAt) {
        try {
            slot.release(Instant.ofEpochMilli(answeredAt));
        } catch (RuntimeException e) {
            // the slot frees itself when its hold ends (the request timeout plus one window)
            LOG.warn("Giving a slot back to the shared request budget failed; it frees itself later: {}",
                    e.getMessage());
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
    public void onSuccess() {
        if (nextBackoff != FIRST_BACKOFF) { // every answer calls this: the lock only when there is a backoff to undo
            synchronized (this) {
                nextBackoff = FIRST_BACKOFF;
            }
        }
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

    /**
     * One request's slot, taken by {@link #begin()} or {@link #beginBackground()}; close it when the answer arrived or
     * the request failed.
     */
    public final class Permit implements AutoCloseable {
        private final SharedRequestBudget.Slot sharedSlot;
        private boolean closed;

        private Permit(SharedRequestBudget.Slot sharedSlot) {
            this.sharedSlot = sharedSlot;
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
            if (sharedSlot != null) {
                // one millisecond on, as for the local slot; outside the lock: a database round trip
                releaseShared(sharedSlot, clock.millis() + 1);
            }
        }
    }
}
