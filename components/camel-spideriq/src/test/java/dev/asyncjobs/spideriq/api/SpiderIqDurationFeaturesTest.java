package dev.asyncjobs.spideriq.api;

import java.time.Duration;

import dev.asyncjobs.engine.spi.JobRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SpiderIqDurationFeaturesTest {

    private final JobRef ref = JobRef.of("j-1", "spiderSite");

    @Test
    void anEndedJobLastUpdatedWhenItEnded() {
        // the status page's example: created 10:00:00, completed with updated_at 10:02:45
        SpiderIqJob job = new SpiderIqJob(true, "j-1", "spiderSite", "completed", "2025-10-27T10:00:00Z",
                "2025-10-27T10:02:45Z", "w-1");
        assertEquals(Duration.ofSeconds(165),
                SpiderIqDurationFeatures.INSTANCE.reportedDuration(ref, SpiderIqApi.snapshot(job, null)));
    }

    @Test
    void aRunningJobsUpdateIsNotItsEnd() {
        SpiderIqJob job = new SpiderIqJob(true, "j-1", "spiderSite", "processing", "2025-10-27T10:00:00Z",
                "2025-10-27T10:01:15Z", "w-1");
        assertNull(SpiderIqDurationFeatures.INSTANCE.reportedDuration(ref, SpiderIqApi.snapshot(job, null)));
    }
}
