package dev.asyncjobs.engine.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * A pacer with a budget shared by several nodes takes each request's slot from it, waits (bounded) for one when other
 * nodes hold them all, gives it back when the answer arrived, and reports what is left of it.
 */
class RequestPacerSharedBudgetTest {

    /** The shared budget as another node also uses it: slots free at a time, the rule of the JDBC budget. */
    static final class FakeBudget implements SharedRequestBudget {
        final List<Instant> freeAt = new ArrayList<>();
        final Duration window;
        final List<Instant> released = new ArrayList<>();
        int taken;

        FakeBudget(int slots, Duration window) {
            this.window = window;
            for (int i = 0; i < slots; i++) {
                freeAt.add(Instant.EPOCH);
            }
        }

        /** Another node takes every free slot until {@code until}. */
        synchronized void otherNodeHoldsAllUntil(Instant until) {
            freeAt.replaceAll(t -> until);
        }

        @Override
        public synchronized Optional<Slot> tryTake(Instant now) {
            for (int i = 0; i < freeAt.size(); i++) {
                if (!freeAt.get(i).isAfter(now)) {
                    int index = i;
                    freeAt.set(i, Instant.MAX);
                    taken++;
                    return Optional.of(answeredAt -> {
                        synchronized (this) {
                            released.add(answeredAt);
                            freeAt.set(index, answeredAt.plus(window));
                        }
                    });
                }
            }
            return Optional.empty();
        }

        @Override
        public synchronized Instant nextFree() {
            return freeAt.stream().min(Instant::compareTo).orElse(null);
        }

        @Override
        public synchronized int available(Instant now) {
            return (int) freeAt.stream().filter(t -> !t.isAfter(now)).count();
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T15:00:00Z"));

    @Test
    void aRequestTakesASharedSlotAndGivesItBackWhenItsAnswerArrived() throws Exception {
        FakeBudget shared = new FakeBudget(2, Duration.ofMinutes(1));
        RequestPacer pacer = new RequestPacer(100, Duration.ofMinutes(1), clock).sharedBudget(shared);

        RequestPacer.Permit permit = pacer.begin();
        assertEquals(1, shared.taken);
        assertEquals(1, pacer.availableNow(), "the shared budget has 1 slot left, however many the local one has");

        clock.advance(Duration.ofSeconds(3));
        permit.close();
        permit.close();
        assertEquals(List.of(clock.instant().plusMillis(1)), shared.released, "released once, at the answer");
        assertEquals(1, pacer.availableNow(), "the slot counts for one window after the answer");
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertEquals(2, pacer.availableNow());
    }

    @Test
    void whenOtherNodesHoldEverySlotARequestWaitsUntilOneFreesUp() throws Exception {
        Clock real = Clock.systemUTC();
        FakeBudget shared = new FakeBudget(1, Duration.ofMillis(300));
        RequestPacer pacer = new RequestPacer(10, Duration.ofMillis(300), real).sharedBudget(shared);
        Instant freeAt = real.instant().plusMillis(400);
        shared.otherNodeHoldsAllUntil(freeAt);
        assertEquals(0, pacer.availableNow());

        CompletableFuture<Instant> sent = CompletableFuture.supplyAsync(() -> {
            try (RequestPacer.Permit p = pacer.begin()) {
                return real.instant();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Instant at = sent.get(10, TimeUnit.SECONDS);
        assertTrue(!at.isBefore(freeAt), "sent at " + at + ", before the shared slot freed up at " + freeAt);
        assertEquals(1, shared.taken);
    }

    @Test
    void theWaitForASharedSlotIsBoundedByMaxWait() {
        FakeBudget shared = new FakeBudget(3, Duration.ofHours(1));
        shared.otherNodeHoldsAllUntil(clock.instant().plus(Duration.ofHours(1)));
        RequestPacer pacer = new RequestPacer(10, Duration.ofHours(1), clock).sharedBudget(shared)
                .maxWait(Duration.ofMillis(100));

        assertThrows(RequestPacer.BudgetWaitExceededException.class, pacer::begin);
        assertEquals(0, pacer.inFlight(), "nothing was taken locally either");
        assertEquals(0, shared.taken);
    }

    @Test
    void aPauseAskedByTheServerTakesNoSharedSlot() {
        FakeBudget shared = new FakeBudget(3, Duration.ofMinutes(1));
        RequestPacer pacer = new RequestPacer(10, Duration.ofMinutes(1), clock).sharedBudget(shared)
                .maxWait(Duration.ofMillis(100));
        pacer.onRateLimited(Duration.ofSeconds(30));

        assertEquals(0, pacer.availableNow());
        assertThrows(RequestPacer.BudgetWaitExceededException.class, pacer::begin);
        assertEquals(0, shared.taken, "no slot of the other nodes' budget is spent while paused");
    }

    @Test
    void theServersRemainingCountAndTheLocalBudgetStillApply() throws Exception {
        FakeBudget shared = new FakeBudget(50, Duration.ofMinutes(1));
        RequestPacer pacer = new RequestPacer(3, Duration.ofMinutes(1), clock).sharedBudget(shared);
        assertEquals(3, pacer.availableNow(), "the local budget is lower than what is left of the shared one");
        pacer.observe(1, clock.instant().plusSeconds(30));
        assertEquals(1, pacer.availableNow());
    }

    @Test
    void acquireCountsItsSharedSlotFromNow() throws Exception {
        FakeBudget shared = new FakeBudget(1, Duration.ofMinutes(1));
        RequestPacer pacer = new RequestPacer(10, Duration.ofMinutes(1), clock).sharedBudget(shared);
        pacer.acquire();
        assertEquals(List.of(clock.instant()), shared.released);
        assertEquals(0, pacer.availableNow());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, pacer.availableNow());
    }

    @Test
    void anUnreachableSharedBudgetCountsNoSlotFreeAndALostReleaseIsNotTheCallersProblem() throws Exception {
        SharedRequestBudget broken = new SharedRequestBudget() {
            @Override
            public Optional<Slot> tryTake(Instant now) {
                return Optional.of(answeredAt -> {
                    throw new IllegalStateException("database down");
                });
            }

            @Override
            public Instant nextFree() {
                return null;
            }

            @Override
            public int available(Instant now) {
                throw new IllegalStateException("database down");
            }
        };
        RequestPacer pacer = new RequestPacer(10, Duration.ofMinutes(1), clock).sharedBudget(broken);
        assertEquals(0, pacer.availableNow(), "a consumer claims no jobs while the budget cannot be read");
        pacer.begin().close(); // the slot frees itself when its hold ends
        assertEquals(0, pacer.inFlight());
    }
}
