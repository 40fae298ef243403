package dev.asyncjobs.engine.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.asyncjobs.engine.JobRef;
import org.junit.jupiter.api.Test;

class JobTrackerExpediteTest {

    private static final Instant T0 = Instant.parse("2026-03-12T15:00:00Z");
    private static final Duration FLOOR = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(T0);
    private final JobTracker tracker = new JobTracker(new LegacyInMemoryJobStore(), clock);

    @Test
    void aJobNeverPolledIsDueAtOnce() {
        tracker.track(JobRef.of("job-1"), "processing", Duration.ofMinutes(5));
        assertTrue(tracker.expedite("job-1", FLOOR));
        assertEquals(T0, tracker.nextPollAt("job-1").orElseThrow());
        assertEquals(List.of("job-1"), ids(tracker.claimDue(10)));
    }

    @Test
    void aJobPolledMomentsAgoWaitsUntilTheFloorHasPassed() {
        tracker.track(JobRef.of("job-1"), "processing", Duration.ZERO);
        assertEquals(1, tracker.claimDue(10).size());
        tracker.reschedule("job-1", Duration.ofMinutes(5));
        clock.advance(Duration.ofSeconds(2));

        tracker.expedite("job-1", FLOOR);

        assertEquals(T0.plus(FLOOR), tracker.nextPollAt("job-1").orElseThrow());
        assertTrue(tracker.claimDue(10).isEmpty(), "not due before the floor");
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of("job-1"), ids(tracker.claimDue(10)));
    }

    @Test
    void manyNotificationsStillGiveOnePollPerFloor() {
        tracker.track(JobRef.of("job-1"), "processing", Duration.ZERO);
        tracker.claimDue(10);
        tracker.reschedule("job-1", Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            tracker.expedite("job-1", FLOOR);
        }
        assertTrue(tracker.claimDue(10).isEmpty());
        clock.advance(FLOOR);
        assertEquals(1, tracker.claimDue(10).size());
    }

    @Test
    void neverMakesAJobLaterThanItWasDue() {
        tracker.track(JobRef.of("job-1"), "processing", Duration.ZERO);
        tracker.claimDue(10);
        tracker.reschedule("job-1", Duration.ofSeconds(1));
        tracker.expedite("job-1", FLOOR);
        assertEquals(T0.plusSeconds(1), tracker.nextPollAt("job-1").orElseThrow());
    }

    @Test
    void aJobWhoseFirstPollTheConsumerDecidesIsDueAtOnce() {
        tracker.track(JobRef.of("job-1"), "processing", null);
        tracker.expedite("job-1", FLOOR);
        assertEquals(T0, tracker.nextPollAt("job-1").orElseThrow());
        assertEquals(List.of("job-1"), ids(tracker.claimDue(10, (ref, submitted) -> Duration.ofMinutes(5))));
    }

    @Test
    void unknownJobsAreNotTracked() {
        assertFalse(tracker.expedite("nobody", FLOOR));
        assertEquals(0, tracker.size());
    }

    private static List<String> ids(List<TrackedJob> jobs) {
        return jobs.stream().map(TrackedJob::jobId).toList();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
