package dev.asyncjobs.engine.tracking;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobTrackerTest {

    private final MutableClock clock = new MutableClock();
    private final LegacyInMemoryJobStore store = new LegacyInMemoryJobStore();
    private final JobTracker tracker = new JobTracker(store, clock);

    @Test
    void trackingTheSameJobTwiceKeepsTheFirstRegistration() {
        assertTrue(tracker.track(JobRef.of("j-1", "building"), "QUEUED", Duration.ofSeconds(10)));
        // a cached submit answers with the same job again
        assertFalse(tracker.track(JobRef.of("j-1", "building"), "RUNNING", Duration.ofSeconds(1)));

        assertEquals(1, tracker.size());
        assertEquals(1, store.loadAll().size());
        assertEquals("QUEUED", tracker.get("j-1").orElseThrow().lastStatus());
        assertEquals(Instant.parse("2025-03-01T10:00:10Z"), tracker.nextPollAt("j-1").orElseThrow());
    }

    @Test
    void trackPersistsTheJob() {
        JobRef ref = new JobRef("j-1", "orders", Map.of("workflowId", "wf-7"));
        tracker.track(ref, "QUEUED", Duration.ofSeconds(5));

        TrackedJob stored = store.loadAll().iterator().next();
        assertEquals(ref, stored.ref());
        assertEquals("QUEUED", stored.lastStatus());
        assertEquals(MutableClock.START, stored.trackedSince());
        assertTrue(tracker.isTracked("j-1"));
        assertFalse(tracker.isTracked("j-2"));
    }

    @Test
    void claimDueReturnsOnlyDueJobsMostOverdueFirst() {
        tracker.track(JobRef.of("a"), null, Duration.ofSeconds(10));
        tracker.track(JobRef.of("b"), null, Duration.ofSeconds(5));
        tracker.track(JobRef.of("c"), null, Duration.ofSeconds(20));
        tracker.track(JobRef.of("d"), null, Duration.ofSeconds(8));

        assertEquals(List.of(), ids(tracker.claimDue(10)), "nothing is due yet");

        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("b", "d", "a"), ids(tracker.claimDue(10)), "due exactly at its time, most overdue first");
    }

    @Test
    void claimDueRespectsMax() {
        tracker.track(JobRef.of("a"), null, Duration.ofSeconds(3));
        tracker.track(JobRef.of("b"), null, Duration.ofSeconds(1));
        tracker.track(JobRef.of("c"), null, Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(5));

        assertEquals(List.of(), tracker.claimDue(0));
        assertEquals(List.of("b", "c"), ids(tracker.claimDue(2)));
        assertEquals(List.of("a"), ids(tracker.claimDue(2)));
        assertEquals(List.of(), tracker.claimDue(2));
    }

    @Test
    void claimedJobsAreNotHandedOutTwice() {
        tracker.track(JobRef.of("a"), null, Duration.ZERO);

        assertEquals(List.of("a"), ids(tracker.claimDue(10)));
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), tracker.claimDue(10), "still claimed: no one rescheduled it");
        assertTrue(tracker.nextDue().isEmpty(), "a claimed job is not due for anyone");
    }

    @Test
    void concurrentClaimersNeverShareAJob() throws Exception {
        for (int i = 0; i < 500; i++) {
            tracker.track(JobRef.of("job-" + i), null, Duration.ofMillis(i));
        }
        clock.advance(Duration.ofSeconds(1));
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> claimers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                claimers.add(() -> {
                    // bounded, so a tracker that hands jobs out again fails the test instead of hanging it
                    for (int round = 0; round < 500; round++) {
                        List<TrackedJob> batch = tracker.claimDue(7);
                        if (batch.isEmpty()) {
                            break;
                        }
                        batch.forEach(j -> claimed.add(j.jobId()));
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(claimers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertEquals(500, claimed.size());
        assertEquals(500, new HashSet<>(claimed).size(), "a job was claimed twice");
    }

    @Test
    void rescheduleReleasesTheJobUntilTheDelayPassed() {
        tracker.track(JobRef.of("a"), null, Duration.ZERO);
        tracker.claimDue(1);

        tracker.reschedule("a", Duration.ofSeconds(30));

        assertEquals(MutableClock.START.plusSeconds(30), tracker.nextPollAt("a").orElseThrow());
        assertEquals(MutableClock.START.plusSeconds(30), tracker.nextDue().orElseThrow());
        clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of(), tracker.claimDue(10));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a"), ids(tracker.claimDue(10)));
    }

    @Test
    void rescheduleAfterFailureBacksOffDoublingUpToTheCap() {
        tracker.track(JobRef.of("a"), null, Duration.ZERO);
        Duration base = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(20);

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, tracker.claimDue(10).size(), "due again after the backoff");
            Duration delay = tracker.rescheduleAfterFailure("a", base, max);
            delays.add(delay);
            assertEquals(i + 1, tracker.failures("a"));
            assertEquals(clock.instant().plus(delay), tracker.nextPollAt("a").orElseThrow());
            clock.advance(delay.minusMillis(1));
            assertEquals(List.of(), tracker.claimDue(10), "not due before the backoff passed");
            clock.advance(Duration.ofMillis(1));
        }

        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
                Duration.ofSeconds(20), Duration.ofSeconds(20)), delays);
    }

    @Test
    void aSuccessfulPollResetsTheBackoff() {
        tracker.track(JobRef.of("a"), null, Duration.ZERO);
        tracker.claimDue(1);
        tracker.rescheduleAfterFailure("a", Duration.ofSeconds(1), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        tracker.claimDue(1);
        tracker.rescheduleAfterFailure("a", Duration.ofSeconds(1), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        tracker.claimDue(1);

        tracker.reschedule("a", Duration.ofSeconds(5));
        assertEquals(0, tracker.failures("a"));

        clock.advance(Duration.ofSeconds(5));
        tracker.claimDue(1);
        assertEquals(Duration.ofSeconds(2), tracker.rescheduleAfterFailure("a", Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    @Test
    void rescheduleAfterFailureOfAnUntrackedJobChangesNothing() {
        assertEquals(Duration.ofSeconds(3),
                tracker.rescheduleAfterFailure("gone", Duration.ofSeconds(3), Duration.ofSeconds(30)));
        assertEquals(0, tracker.size());
    }

    @Test
    void rescheduleAtAnInstant() {
        tracker.track(JobRef.of("a"), null, Duration.ZERO);
        tracker.claimDue(1);
        Instant resetAt = MutableClock.START.plusSeconds(90);

        tracker.rescheduleAt("a", resetAt);

        assertEquals(resetAt, tracker.nextPollAt("a").orElseThrow());
        clock.set(resetAt.minusMillis(1));
        assertEquals(List.of(), tracker.claimDue(1));
        clock.set(resetAt);
        assertEquals(List.of("a"), ids(tracker.claimDue(1)));
    }

    @Test
    void commitPersistsTheLastStatus() {
        tracker.track(JobRef.of("a", "building"), "QUEUED", Duration.ZERO);

        tracker.commit("a", "RUNNING", "progress=40");

        TrackedJob stored = store.loadAll().iterator().next();
        assertEquals("RUNNING", stored.lastStatus());
        assertEquals("progress=40", stored.lastDetail());
        assertEquals(JobRef.of("a", "building"), stored.ref());
        assertEquals(MutableClock.START, stored.trackedSince(), "tracking start is not moved by a commit");
        assertEquals("RUNNING", tracker.get("a").orElseThrow().lastStatus());
    }

    @Test
    void commitOfAnUntrackedJobDoesNotResurrectIt() {
        tracker.commit("ghost", "RUNNING", null);

        assertFalse(tracker.isTracked("ghost"));
        assertTrue(store.loadAll().isEmpty());
    }

    @Test
    void forgetRemovesTheJobFromTheStore() {
        tracker.track(JobRef.of("a"), null, Duration.ZERO);
        tracker.track(JobRef.of("b"), null, Duration.ZERO);
        tracker.claimDue(10);

        tracker.forget("a");
        tracker.forget("never-tracked");

        assertFalse(tracker.isTracked("a"));
        assertEquals(List.of("b"), ids(tracker.all()));
        assertEquals(List.of("b"), ids(List.copyOf(store.loadAll())));
        assertTrue(tracker.nextPollAt("a").isEmpty());
        assertTrue(tracker.get("a").isEmpty());
        assertTrue(tracker.track(JobRef.of("a"), null, Duration.ZERO), "a forgotten job can be tracked anew");
    }

    @Test
    void aNewTrackerOverTheSameStoreResumesTheJobsRightAway(@TempDir Path dir) {
        Path file = dir.resolve("jobs.json");
        JobTracker before = new JobTracker(new FileJobStore(file), clock);
        before.track(JobRef.of("a", "building"), "QUEUED", Duration.ofHours(1));
        before.track(JobRef.of("b"), null, Duration.ofHours(2));
        before.commit("a", "RUNNING", "p=10");
        before.track(JobRef.of("c"), null, Duration.ofHours(2));
        before.forget("c");

        clock.advance(Duration.ofMinutes(1));
        JobTracker after = new JobTracker(new FileJobStore(file), clock);

        assertEquals(2, after.size());
        assertEquals("RUNNING", after.get("a").orElseThrow().lastStatus());
        assertEquals("p=10", after.get("a").orElseThrow().lastDetail());
        assertEquals(JobRef.of("a", "building"), after.get("a").orElseThrow().ref());
        assertEquals(clock.instant(), after.nextPollAt("b").orElseThrow());
        assertEquals(Set.of("a", "b"), Set.copyOf(ids(after.claimDue(10))), "restored jobs are due immediately");
        assertFalse(after.track(JobRef.of("a", "building"), "QUEUED", Duration.ZERO),
                "a restored job is still the same tracked job");
    }

    @Test
    void aNewTrackerOverAnInMemoryStoreSeesItsJobs() {
        tracker.track(JobRef.of("a"), "QUEUED", Duration.ofMinutes(5));

        JobTracker restarted = new JobTracker(store, clock);

        assertTrue(restarted.isTracked("a"));
        assertEquals(List.of("a"), ids(restarted.claimDue(10)));
    }

    @Test
    void backoffMath() {
        Duration max = Duration.ofSeconds(30);
        assertEquals(Duration.ofSeconds(1), JobTracker.backoff(Duration.ofSeconds(1), max, 0));
        assertEquals(Duration.ofSeconds(2), JobTracker.backoff(Duration.ofSeconds(1), max, 1));
        assertEquals(Duration.ofSeconds(8), JobTracker.backoff(Duration.ofSeconds(1), max, 3));
        assertEquals(Duration.ofSeconds(16), JobTracker.backoff(Duration.ofSeconds(1), max, 4));
        assertEquals(max, JobTracker.backoff(Duration.ofSeconds(1), max, 5), "32 s capped at 30 s");
        assertEquals(max, JobTracker.backoff(Duration.ofSeconds(1), max, 10_000), "many failures neither overflow nor exceed the cap");
        assertEquals(max, JobTracker.backoff(Duration.ofMinutes(5), max, 0), "a base above the cap is capped");
        assertEquals(Duration.ofMillis(1500), JobTracker.backoff(Duration.ofMillis(750), max, 1));
    }

    @Test
    void backoffFromAZeroBaseStartsAtOneSecond() {
        assertEquals(Duration.ofSeconds(1), JobTracker.backoff(Duration.ZERO, Duration.ofSeconds(30), 0));
        assertEquals(Duration.ofSeconds(4), JobTracker.backoff(Duration.ZERO, Duration.ofSeconds(30), 2));
    }

    private static List<String> ids(List<TrackedJob> jobs) {
        return jobs.stream().map(TrackedJob::jobId).toList();
    }

    @Test
    void aJobWithoutFirstPollDelayIsDueWhenTheConsumersPolicySays() {
        tracker.track(JobRef.of("ship-1", "ship"), "pending", null);

        assertEquals(List.of(), tracker.claimDue(10, (ref, submitted) -> Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of("ship-1"), tracker.claimDue(10, (ref, submitted) -> Duration.ofMinutes(5)).stream()
                .map(TrackedJob::jobId).toList());
    }

    @Test
    void expediteMakesAJobDueNowButLeavesAClaimedOneAlone() {
        tracker.track(JobRef.of("a"), null, Duration.ofMinutes(10));
        tracker.track(JobRef.of("b"), null, Duration.ZERO);
        assertEquals(1, tracker.claimDue(10).size());

        assertTrue(tracker.expedite("a"));
        assertTrue(tracker.expedite("b"));
        assertFalse(tracker.expedite("unknown"));

        assertEquals(List.of("a"), tracker.claimDue(10).stream().map(TrackedJob::jobId).toList(),
                "b is still being polled: not handed out twice");
    }

    @Test
    void accountsSharingAStoreOnlySeeTheirOwnJobs() {
        JobTracker first = new JobTracker(store, clock, "account-1");
        JobTracker second = new JobTracker(store, clock, "account-2");
        first.track(JobRef.of("job-of-1"), null, Duration.ZERO);
        second.track(JobRef.of("job-of-2"), null, Duration.ZERO);

        assertEquals(List.of("job-of-1"), first.claimDue(10).stream().map(TrackedJob::jobId).toList());
        assertEquals(2, store.loadAll().size());
        JobTracker firstAfterRestart = new JobTracker(store, clock, "account-1");
        assertEquals(List.of("job-of-1"), firstAfterRestart.all().stream().map(TrackedJob::jobId).toList());
    }
}
