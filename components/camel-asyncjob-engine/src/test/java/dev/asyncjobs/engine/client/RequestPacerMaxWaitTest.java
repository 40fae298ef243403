package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** No caller waits for the request budget (or a 429 pause) beyond the pacer's maxWait. */
class RequestPacerMaxWaitTest {

    @Test
    void aCallerWaitingForAnExhaustedBudgetGivesUpAfterMaxWait() throws Exception {
        RequestPacer pacer = new RequestPacer(1, Duration.ofMinutes(1), Clock.systemUTC()).maxWait(Duration.ofMillis(200));
        pacer.begin().close();

        // without the bound, begin() would wait the minute out and then succeed
        assertThrows(RequestPacer.BudgetWaitExceededException.class, pacer::begin);
    }

    @Test
    void aPauseAfter429IsWaitedOutOnlyUpToMaxWait() {
        RequestPacer pacer = RequestPacer.unlimited().maxWait(Duration.ofMillis(100));
        pacer.onRateLimited(Duration.ofMinutes(10));

        assertThrows(RequestPacer.BudgetWaitExceededException.class, pacer::begin);
    }

    @Test
    void anotherKeysPacerIsNotHeldByThisKeysPause() throws Exception {
        RequestPacer paused = RequestPacer.unlimited().maxWait(Duration.ofMillis(100));
        RequestPacer other = RequestPacer.unlimited().maxWait(Duration.ofMillis(100));
        paused.onRateLimited(Duration.ofMinutes(10));

        other.begin().close(); // at once: budgets and pauses are per key
    }
}
