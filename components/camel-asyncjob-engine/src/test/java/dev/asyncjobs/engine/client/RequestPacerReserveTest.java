package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.client.RequestPacerSharedBudgetTest.FakeBudget;
import dev.asyncjobs.engine.spi.MutableClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Polls leave the pacer's reserve to the requests a user's exchange waits on: they stop at the budget less the reserve,
 * while a submit still gets a slot at once. The test clock never moves unless told, so a request that had to wait for
 * the window would wait past its maxWait and fail.
 */
class RequestPacerReserveTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock();

    /** What a follow loop does: claims as many polls as the pacer allows, and sends each as a poll. */
    private static List<RequestPacer.Permit> pollWhileAllowed(RequestPacer pacer) {
        List<RequestPacer.Permit> polls = new ArrayList<>();
        while (pacer.availableForPolls() > 0) {
            polls.add(poll(pacer));
        }
        return polls;
    }

    private static RequestPacer.Permit poll(RequestPacer pacer) {
        try {
            return pacer.beginBackground();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pollsStopAtTheBudgetLessTheReserveWhileASubmitGetsASlotAtOnce() throws Exception {
        RequestPacer pacer = new RequestPacer(10, WINDOW, clock).reserve(2).maxWait(Duration.ofMillis(200));

        List<RequestPacer.Permit> polls = pollWhileAllowed(pacer);
        polls.forEach(RequestPacer.Permit::close);

        assertEquals(8, polls.size(), "polls take the budget less the reserve");
        assertEquals(0, pacer.availableForPolls());
        assertEquals(2, pacer.availableNow(), "the reserve is still free");
        assertThrows(RequestPacer.BudgetWaitExceededException.class, () -> poll(pacer),
                "a poll sent anyway waits for the window rather than take the reserve");

        pacer.begin().close(); // a submit: at once, or maxWait would have failed it
        pacer.begin().close();
        assertEquals(0, pacer.availableNow(), "submits may take the whole budget");
    }

    @Test
    void aPollWaitingForTheWindowGoesOnceTheBudgetLessTheReserveHasRoomAgain() throws Exception {
        Clock real = Clock.systemUTC();
        Duration window = Duration.ofMillis(500);
        RequestPacer pacer = new RequestPacer(4, window, real).reserve(1);
        pollWhileAllowed(pacer).forEach(RequestPacer.Permit::close);
        Instant answered = real.instant();

        CompletableFuture<Instant> pollSent = CompletableFuture.supplyAsync(() -> {
            try (RequestPacer.Permit p = poll(pacer)) {
                return real.instant();
            }
        });
        pacer.begin().close(); // a submit meanwhile: the reserve is its to take

        Instant sent = pollSent.get(10, TimeUnit.SECONDS);
        assertFalse(sent.isBefore(answered.plus(window)), "the poll went at " + sent
                + ", before the window of the polls answered at " + answered + " slid");
    }

    @Test
    void pollsAlsoLeaveTheReserveOfWhatTheServerSaysIsLeft() throws Exception {
        RequestPacer pacer = new RequestPacer(100, WINDOW, clock).reserve(10).maxWait(Duration.ofMillis(200));
        // another program with the same key spent most of it: the server counts 12 left
        pacer.observe(12, clock.instant().plusSeconds(30));

        assertEquals(2, pacer.availableForPolls());
        pollWhileAllowed(pacer).forEach(RequestPacer.Permit::close);
        assertThrows(RequestPacer.BudgetWaitExceededException.class, () -> poll(pacer));

        pacer.begin().close(); // a submit: at once
    }

    @Test
    void withASharedBudgetPollsLeaveTheReserveOfWhatAllNodesHaveLeft() throws Exception {
        FakeBudget shared = new FakeBudget(10, WINDOW);
        for (int i = 0; i < 6; i++) {
            shared.tryTake(clock.instant()); // other nodes' requests in flight
        }
        RequestPacer pacer = new RequestPacer(10, WINDOW, clock).sharedBudget(shared).reserve(2)
                .maxWait(Duration.ofMillis(200));

        assertEquals(2, pacer.availableForPolls(), "4 slots are free on all nodes together, 2 of them reserved");
        List<RequestPacer.Permit> polls = pollWhileAllowed(pacer);
        polls.forEach(RequestPacer.Permit::close);
        assertEquals(2, polls.size());
        assertThrows(RequestPacer.BudgetWaitExceededException.class, () -> poll(pacer));
        assertEquals(8, shared.taken, "the refused poll took no shared slot");

        pacer.begin().close(); // a submit: at once
        assertEquals(9, shared.taken);
    }

    @Test
    void withoutAClientSideBudgetNothingIsReserved() throws Exception {
        RequestPacer pacer = new RequestPacer(0, WINDOW, clock).maxWait(Duration.ofMillis(200));

        assertEquals(Integer.MAX_VALUE, pacer.availableForPolls());
        poll(pacer).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pacer.reserve(1));
        assertTrue(e.getMessage().contains("leave polls at least one request"), e.getMessage());
    }

    @Test
    void aReserveThatLeavesPollsNoRequestIsRefused() {
        RequestPacer pacer = new RequestPacer(10, WINDOW, clock);

        assertThrows(IllegalArgumentException.class, () -> pacer.reserve(10));
        assertThrows(IllegalArgumentException.class, () -> pacer.reserve(-1));
        assertEquals(9, pacer.reserve(9).reserve());
    }
}
