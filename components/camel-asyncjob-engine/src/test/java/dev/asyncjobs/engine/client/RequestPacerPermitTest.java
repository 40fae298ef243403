package dev.asyncjobs.engine.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.engine.spi.MutableClock;
import org.junit.jupiter.api.Test;

/** A slot taken with begin() counts while the request is in flight and for one window after its answer. */
class RequestPacerPermitTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T15:00:00Z"));
    private final RequestPacer pacer = new RequestPacer(3, Duration.ofSeconds(3), clock);

    @Test
    void inFlightRequestsHoldTheirSlotUntilTheirAnswerArrived() throws Exception {
        RequestPacer.Permit slow = pacer.begin();
        pacer.begin().close();
        assertEquals(1, pacer.availableNow());
        assertEquals(1, pacer.inFlight());

        // long after its send, a request still in flight keeps its slot (the server may count it only now)
        clock.advance(Duration.ofSeconds(10));
        assertEquals(2, pacer.availableNow(), "the answered request freed its slot a window after its answer");
        slow.close();
        assertEquals(0, pacer.inFlight());
        assertEquals(2, pacer.availableNow(), "the slow request counts for one more window from its answer");

        clock.advance(Duration.ofSeconds(3));
        assertEquals(2, pacer.availableNow(), "exactly one window after the answer the slot is still taken");
        clock.advance(Duration.ofMillis(1));
        assertEquals(3, pacer.availableNow());
    }

    @Test
    void closingAPermitTwiceFreesOneSlotOnly() throws Exception {
        RequestPacer.Permit permit = pacer.begin();
        permit.close();
        permit.close();
        assertEquals(0, pacer.inFlight());
        assertEquals(2, pacer.availableNow());
    }

    @Test
    void acquireStillCountsFromTheMomentItIsTaken() throws Exception {
        pacer.acquire();
        pacer.acquire();
        assertEquals(1, pacer.availableNow());
        clock.advance(Duration.ofMillis(3001));
        assertEquals(3, pacer.availableNow());
    }

    @Test
    void serverRemainingCountsTheRequestsStillInFlightAsSpent() throws Exception {
        RequestPacer unlimitedLocally = new RequestPacer(100, Duration.ofMinutes(1), clock);
        unlimitedLocally.begin();
        unlimitedLocally.begin();
        // an answer that left before the two in-flight requests arrived says 5 are left: only 3 really are
        unlimitedLocally.observe(5, clock.instant().plusSeconds(30));
        assertEquals(3, unlimitedLocally.availableNow());
    }

    @Test
    void aSlotThatFreesUpGoesToTheThreadAlreadyWaitingForIt() throws Exception {
        RequestPacer onePerHour = new RequestPacer(1, Duration.ofHours(1), clock);
        RequestPacer.Permit first = onePerHour.begin();
        Thread producer = new Thread(() -> {
            try {
                onePerHour.begin().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> onePerHour.waiting() == 1);
        first.close();
        clock.advance(Duration.ofHours(1).plusMillis(1));
        // the slot is free, but the waiting producer (asleep until its own deadline) has a claim on it
        assertEquals(0, onePerHour.availableNow());

        onePerHour.observe(10, clock.instant().plusSeconds(60)); // wakes the waiter
        producer.join(5000);
        assertEquals(0, onePerHour.waiting());
        assertEquals(0, onePerHour.availableNow(), "the producer's request took the slot");
    }

    @Test
    void withinOneServerWindowWhatIsLeftOnlyGoesDown() {
        RequestPacer budget = new RequestPacer(100, Duration.ofMinutes(1), clock);
        Instant reset = clock.instant().plusSeconds(2);
        budget.observe(5, reset);
        assertEquals(5, budget.availableNow());
        budget.observe(7, reset); // an older answer handled late
        assertEquals(5, budget.availableNow());
        budget.observe(3, reset.plusMillis(400)); // the same window, its reset rounded differently
        assertEquals(3, budget.availableNow());
        budget.observe(9, reset.minusSeconds(10)); // about a window long over
        assertEquals(3, budget.availableNow());

        clock.advance(Duration.ofSeconds(2));
        assertEquals(100, budget.availableNow(), "the server's window is over; its figure no longer applies");
        budget.observe(2, reset); // a late answer about the window that just ended
        assertEquals(100, budget.availableNow());
        budget.observe(8, reset.plusSeconds(2)); // the next window
        assertEquals(8, budget.availableNow());
    }
}
