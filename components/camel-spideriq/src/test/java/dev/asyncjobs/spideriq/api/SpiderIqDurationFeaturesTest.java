package dev.asyncjobs.spideriq.api;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    void aProcessingJobWasLastUpdatedWhenItStarted() throws Exception {
        // the status page's "200 OK - Processing" example, verbatim
        String answer = """
                {
                "success": true,
                "job_id": "550e8400-e29b-41d4-a716-446655440000",
                "type": "spiderSite",
                "status": "processing",
                "created_at": "2025-10-27T10:00:00Z",
                "updated_at": "2025-10-27T10:01:15Z",
                "worker_id": "spider-site-main-1"
                }""";
        SpiderIqJob job = new ObjectMapper().readValue(answer, SpiderIqJob.class);
        assertEquals(Duration.ofSeconds(75),
                SpiderIqDurationFeatures.INSTANCE.reportedStart(ref, SpiderIqApi.snapshot(job, null)));
    }

    @Test
    void onlyAProcessingJobsUpdateDatesItsStart() {
        // queued: updated_at is its creation; ended: its end
        SpiderIqJob queued = new SpiderIqJob(true, "j-1", "spiderSite", "queued", "2025-10-27T10:00:00Z",
                "2025-10-27T10:00:00Z", null);
        SpiderIqJob completed = new SpiderIqJob(true, "j-1", "spiderSite", "completed", "2025-10-27T10:00:00Z",
                "2025-10-27T10:02:45Z", "w-1");
        assertNull(SpiderIqDurationFeatures.INSTANCE.reportedStart(ref, SpiderIqApi.snapshot(queued, null)));
        assertNull(SpiderIqDurationFeatures.INSTANCE.reportedStart(ref, SpiderIqApi.snapshot(completed, null)));
    }

    @Test
    void aRunningJobsUpdateIsNotItsEnd() {
        SpiderIqJob job = new SpiderIqJob(true, "j-1", "spiderSite", "processing", "2025-10-27T10:00:00Z",
                "2025-10-27T10:01:15Z", "w-1");
        assertNull(SpiderIqDurationFeatures.INSTANCE.reportedDuration(ref, SpiderIqApi.snapshot(job, null)));
    }
}
