package dev.asyncjobs.engine.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.asyncjobs.engine.JobRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A job tracked with the detail its submit reported starts from that detail. */
class JobTrackerBaselineDetailTest {

    private final LegacyInMemoryJobStore store = new LegacyInMemoryJobStore();
    private final JobTracker tracker = new JobTracker(store,
            Clock.fixed(Instant.parse("2026-03-12T15:00:00Z"), ZoneOffset.UTC));

    @Test
    void theSubmitsDetailIsTheBaselineAndIsStored() {
        tracker.track(JobRef.of("j1"), "running", "0%|t1=running", Duration.ofSeconds(5));

        TrackedJob job = tracker.get("j1").orElseThrow();
        assertEquals("running", job.lastStatus());
        assertEquals("0%|t1=running", job.lastDetail());
        assertEquals("0%|t1=running", store.loadAll().iterator().next().lastDetail());
        assertFalse(tracker.track(JobRef.of("j1"), "completed", "100%", Duration.ZERO), "the first registration wins");
    }

    @Test
    void withoutABaselineStatusTheDetailIsIgnoredSoTheFirstPollEmits() {
        tracker.track(JobRef.of("j2"), null, "0%", Duration.ZERO);
        assertNull(tracker.get("j2").orElseThrow().lastDetail());
        tracker.track(JobRef.of("j3"), "running", Duration.ZERO);
        assertNull(tracker.get("j3").orElseThrow().lastDetail());
    }
}
