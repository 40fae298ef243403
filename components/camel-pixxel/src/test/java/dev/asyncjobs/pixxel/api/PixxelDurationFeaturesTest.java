package dev.asyncjobs.pixxel.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.learn.JobFeatures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PixxelDurationFeaturesTest {

    private final JobRef ref = PixxelApi.ref("wf-1", "job-1");
    private final Instant now = Instant.parse("2026-01-01T10:20:00Z");

    private static PixxelJob job(String status, String finishedAt, String progress) {
        return new PixxelJob("u", status, null, "job-1", List.of(), List.of(), null, 1, "wf-1",
                "2026-01-01T10:00:00Z", finishedAt, "2026-01-01T10:00:30Z", "2026-01-01T10:00:30Z",
                "2026-01-01T10:00:00Z", 600L, progress);
    }

    @Test
    void durationsAreLearnedAsMultiplesOfTheEstimate() {
        assertEquals(JobFeatures.ofEstimate(600),
                PixxelDurationFeatures.INSTANCE.of(ref, PixxelApi.snapshot(job("running", null, "40%"), now)));
        assertEquals(JobFeatures.NONE, PixxelDurationFeatures.INSTANCE.of(ref, null));
    }

    @Test
    void anEndedJobReportsItsDurationFromCreationToFinish() {
        // from the submit, as the learned plan counts a job's age; the 30 s before execution started are its queue
        PixxelJob done = job("completed", "2026-01-01T10:12:30Z", "100%");
        assertEquals(Duration.ofSeconds(750),
                PixxelDurationFeatures.INSTANCE.reportedDuration(ref, PixxelApi.snapshot(done, now)));
        assertNull(PixxelDurationFeatures.INSTANCE.reportedDuration(ref, PixxelApi.snapshot(job("running", null, "40%"), now)));
    }

    @Test
    void theStartIsWhenExecutionStarted() throws Exception {
        // the page's response fields, with values: created at 10:00:00, execution started at 10:02:10
        String answer = """
                {"created_by": "u-1", "status": "running", "time_taken": null, "id": "job-1", "tasks": [],
                 "val_errors": [], "spec": [], "cost": 12, "workflow_id": "wf-1",
                 "updated_at": "2026-01-01T10:05:00Z", "finished_at": null,
                 "exec_created_at": "2026-01-01T10:02:10Z", "exec_updated_at": "2026-01-01T10:05:00Z",
                 "created_at": "2026-01-01T10:00:00Z", "estimated_duration": 600, "progress": "40%"}""";
        PixxelJob running = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(answer, PixxelJob.class);
        assertEquals(Duration.ofSeconds(130),
                PixxelDurationFeatures.INSTANCE.reportedStart(ref, PixxelApi.snapshot(running, now)));
        // the ended job's answer still dates it
        assertEquals(Duration.ofSeconds(30), PixxelDurationFeatures.INSTANCE.reportedStart(ref,
                PixxelApi.snapshot(job("completed", "2026-01-01T10:12:30Z", "100%"), now)));
    }

    @Test
    void aJobNotExecutingYetHasNoStart() throws Exception {
        PixxelJob queued = new PixxelJob("u", "queued", null, "job-1", List.of(), List.of(), null, 1, "wf-1",
                "2026-01-01T10:00:00Z", null, null, null, "2026-01-01T10:00:00Z", 600L, "0%");
        assertNull(PixxelDurationFeatures.INSTANCE.reportedStart(ref, PixxelApi.snapshot(queued, now)));
        assertNull(PixxelDurationFeatures.INSTANCE.reportedStart(ref, null));
    }
}
