package dev.asyncjobs.engine.client;

import java.time.Instant;
import java.util.Optional;

/**
 * The request budget of one API key as other processes (nodes) using the same key see it too: the vendor counts
 * requests per key, not per process, so every node's {@link RequestPacer} takes its slots from this one budget. A
 * {@link dev.asyncjobs.engine.store.JobStore} shared by several nodes offers one
 * ({@link dev.asyncjobs.engine.store.JobStore#requestBudget}); the JDBC store keeps it in the database.
 * <p>
 * The rule is the pacer's own: a request holds its slot while in flight and for one window after its answer arrived,
 * so that no interval of one window's length holds more requests than there are slots, whichever window the vendor
 * counts in. A slot whose taker died (never released) frees itself after a bound the implementation sets (the request
 * timeout plus one window).
 * <p>
 * Implementations are thread-safe; their methods may block briefly (a database round trip) and throw a
 * {@link RuntimeException} when the budget cannot be reached.
 */
public interface SharedRequestBudget {

    /** One slot, taken for one request. */
    interface Slot {

        /** The request's answer arrived (or it failed) at {@code answeredAt}: the slot is free one window later. */
        void release(Instant answeredAt);
    }

    /**
     * Takes a free slot for a request about to be sent.
     *
     * @param  now the caller's clock
     * @return     the slot, or empty when every slot is taken (see {@link #nextFree()})
     */
    Optional<Slot> tryTake(Instant now);

    /**
     * When the next slot frees up as far as is known now (a slot still in flight may free up earlier: its answer
     * arrives, and it is free one window after that), or null when unknown.
     */
    Instant nextFree();

    /** How many slots are free at {@code now}. */
    int available(Instant now);

    /**
     * Takes a free slot for a poll, which leaves {@code keepFree} slots (the pacer's reserve) to the other requests:
     * only when more than {@code keepFree} are free. Implementations should decide and take in one step, as the JDBC
     * budget does; this default reads {@link #available} first, so pollers of several nodes racing for the last slots
     * may each take one of the reserve.
     *
     * @param  now      the caller's clock
     * @param  keepFree slots to leave free
     * @return          the slot, or empty when no more than {@code keepFree} are free (see {@link #nextFree(int)})
     */
    default Optional<Slot> tryTake(Instant now, int keepFree) {
        return keepFree <= 0 || available(now) > keepFree ? tryTake(now) : Optional.empty();
    }

    /**
     * When more than {@code keepFree} slots are free as far as is known now (see {@link #nextFree()}), or null when
     * unknown; this default knows it only for {@code keepFree} 0.
     */
    default Instant nextFree(int keepFree) {
        return keepFree <= 0 ? nextFree() : null;
    }
}
