package dev.asyncjobs.engine.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.MutableClock;
import org.junit.jupiter.api.Test;

/** Polls stretch exponentially while the request budget is short, and come back once it is not. */
class JobTrackerStretchTest {

    private static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final Duration MAX = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-12T15:00:00Z"));
    private final JobTracker tracker = new JobTracker(new LegacyInMemoryJobStore(), clock);

    @Test
    void intervalDoublesPerShortPollUpToTheMaximumAndComesBackStepByStep() {
        tracker.track(JobRef.of("job-1"), "queued", Duration.ZERO);
        assertEquals(Duration.ofSeconds(6), pollAndReschedule(true));
        assertEquals(Duration.ofSeconds(12), pollAndReschedule(true));
        assertEquals(MAX, pollAndReschedule(true));
        assertEquals(MAX, pollAndReschedule(true));
        assertEquals(3, tracker.stretch("job-1"), "no further doubling once the maximum is reached");

        assertEquals(Duration.ofSeconds(12), pollAndReschedule(false));
        assertEquals(Duration.ofSeconds(6), pollAndReschedule(false));
        assertEquals(INTERVAL, pollAndReschedule(false));
        assertEquals(INTERVAL, pollAndReschedule(false));
        assertEquals(0, tracker.stretch("job-1"));
    }

    @Test
    void anIntervalAboveTheMaximumIsKeptAsItIs() {
        tracker.track(JobRef.of("job-1"), "queued", Duration.ZERO);
        claim();
        assertEquals(Duration.ofMinutes(1), tracker.reschedule("job-1", Duration.ofMinutes(1), MAX, true));
    }

    @Test
    void theRescheduledJobIsDueAfterTheChosenDelay() {
        tracker.track(JobRef.of("job-1"), "queued", Duration.ZERO);
        Duration delay = pollAndReschedule(true);
        clock.advance(delay.minusMillis(1));
        assertTrue(tracker.claimDue(10).isEmpty());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, tracker.claimDue(10).size());
    }

    @Test
    void trackingTheSameJobTwiceKeepsTheFirstRegistration() {
        assertTrue(tracker.track(JobRef.of("job-1", "spiderSite"), "queued", Duration.ofSeconds(3)));
        assertFalse(tracker.track(JobRef.of("job-1", "spiderSite"), null, Duration.ZERO));
        assertEquals(1, tracker.size());
        assertEquals("queued", tracker.get("job-1").orElseThrow().lastStatus());
        assertTrue(tracker.claimDue(10).isEmpty(), "the second registration did not make the job due now");
    }

    private Duration pollAndReschedule(boolean budgetShort) {
        claim();
        return tracker.reschedule("job-1", INTERVAL, MAX, budgetShort);
    }

    private void claim() {
        clock.advance(Duration.ofMinutes(5));
        List<TrackedJob> due = tracker.claimDue(10);
        assertEquals(1, due.size());
    }
}
